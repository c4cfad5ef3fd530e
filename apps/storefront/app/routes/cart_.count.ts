import type { LoaderFunctionArgs } from '@remix-run/node';
import { countCartItems } from '@cardshop/domain';
import { cartOwner, inShopCart } from '../lib/cart.server';

/** The number on the header's cart link (loaded by the header after the page renders). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { owner } = await cartOwner(request, context);
  const count =
    owner.customerId || owner.guestToken
      ? await inShopCart(context, (trx, tenantId) => countCartItems(trx, { tenantId, owner }))
      : 0;
  return Response.json({ count }, { headers: { 'Cache-Control': 'private, no-store' } });
}
