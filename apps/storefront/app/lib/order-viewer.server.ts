import type { AppLoadContext } from '@remix-run/node';
import type { OrderViewer, RevealSession } from '@cardshop/domain';
import { getCustomer, type SignedInCustomer } from '../customer.server';
import { grantOrderAccess, ORDER_ACCESS_COOKIE, readOrderAccess } from './order-access.server';
import { requireShop } from './shop.server';

export interface OrderRequest {
  tenantId: string;
  signedIn: SignedInCustomer | null;
  /** Who may open which orders: the signed-in buyer's own, and those this browser's cookie lists. */
  viewer: OrderViewer;
  /** What a code reveal is recorded against: the customer's session, else the guest browser. */
  session: RevealSession;
}

/** The signed-in customer and the order-access cookie of this request, as the domain takes them. */
export async function orderRequest(
  request: Request,
  context: AppLoadContext,
): Promise<OrderRequest> {
  const tenant = requireShop(context);
  const signedIn = await getCustomer(request, context);
  const access = readOrderAccess(request, context, tenant.id);
  const customerId = signedIn?.customer.id ?? null;
  return {
    tenantId: tenant.id,
    signedIn,
    viewer: { customerId, orderIds: access?.orderIds ?? [] },
    session: {
      customerId,
      customerSessionId: signedIn?.sessionId ?? null,
      browserId: access?.browserId ?? null,
    },
  };
}

/**
 * The Set-Cookie granting this browser access to several orders at once (a 查单 by phone or email),
 * the first of `orderIds` ending up newest; null when there are none.
 */
export function grantOrdersAccess(
  request: Request,
  context: AppLoadContext,
  tenantId: string,
  orderIds: readonly string[],
): string | null {
  let cookieHeader = request.headers.get('cookie') ?? '';
  let setCookie: string | null = null;
  for (const orderId of [...orderIds].reverse()) {
    setCookie = grantOrderAccess(
      new Request(request.url, { headers: { cookie: cookieHeader } }),
      context,
      tenantId,
      orderId,
    );
    const pair = setCookie.split(';', 1)[0]!;
    const others = cookieHeader
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part && !part.startsWith(`${ORDER_ACCESS_COOKIE}=`));
    cookieHeader = [...others, pair].join('; ');
  }
  return setCookie;
}

/** Headers for a page of a buyer's own orders: never cached, and the session cookie slid on. */
export function privateHeaders(setCookie: string | null | undefined): Headers {
  const headers = new Headers({ 'Cache-Control': 'private, no-store' });
  if (setCookie) headers.append('Set-Cookie', setCookie);
  return headers;
}
