import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { homeFor, requireAreas } from '../areas.server';
import { getStaff } from '../auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await getStaff(request, context))) return redirect('/login');
  const { areas } = await requireAreas(request, context);
  return redirect(homeFor(areas));
}
