import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { safeRedirect } from '../auth.server';

export function loader({ request }: LoaderFunctionArgs) {
  return redirect(safeRedirect(new URL(request.url).searchParams.get('to'), '/'));
}
