import { withTenant, type Database } from '@cardshop/db';
import type { CartOwner } from '../cart/cart-owner.js';
import { removeCartItems } from '../cart/remove-cart-items.js';
import { validateTopupAccount } from '../catalog/topup-fields.js';
import { formatYuan } from '../catalog/money.js';
import { DomainError, isDomainError } from '../errors.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { cancelOrder } from '../orders/cancel-order.js';
import { createOrder, type CreateOrderResult } from '../orders/create-order.js';
import { findOrderByIdempotencyKey, selectListingsForCheckout } from '../orders/orders.queries.js';
import { shippingAddressSchema } from '../orders/orders.schemas.js';
import { parseInput } from '../parse-input.js';
import { BALANCE_PROVIDER_ID, payWithBalance } from '../payments/pay-with-balance.js';
import { PaymentErrors } from '../payments/payments.errors.js';
import type { PaymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { checkoutOrderOptions, getCheckoutSettings } from './checkout-settings.js';
import { CheckoutErrors } from './checkout.errors.js';
import { placeCheckoutSchema, type PlaceCheckoutInput } from './checkout.schemas.js';

export interface PlacedCheckout {
  orderId: string;
  orderNumber: string;
  /** False when the idempotency key named an order placed earlier (a double submit). */
  created: boolean;
  /** The gateway's page to send the buyer to; null when there is nothing left to pay. */
  payUrl: string | null;
  /** Paid from 余额 just now: delivery was queued, so wake the outbox (runtime.kickOutbox()). */
  paidWithBalance: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE = /^1[3-9]\d{9}$/;

/** A guest's contact as they typed it: an email address or a mainland mobile number. */
function splitContact(
  contact: string | undefined,
): { email?: string; phone?: string } | { error: string } {
  if (!contact) return { error: '请填写邮箱或手机号，用于接收卡密和查询订单' };
  if (contact.includes('@')) {
    const email = contact.toLowerCase();
    return EMAIL.test(email) ? { email } : { error: '邮箱格式不正确' };
  }
  const phone = contact.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return MOBILE.test(phone) ? { phone } : { error: '手机号应为 11 位中国大陆手机号' };
}

/** createOrder names fields by its own input; the checkout form has one contact and one address. */
function checkoutField(path: string): string {
  if (path === 'contactEmail' || path === 'contactPhone') return 'contact';
  const address = /^lines\.\d+\.shippingAddress\.(.+)$/.exec(path);
  return address ? `shippingAddress.${address[1]}` : path;
}

function asCheckoutError(error: unknown): unknown {
  if (!isDomainError(error)) return error;
  const fieldErrors = error.details?.fieldErrors as Record<string, string> | undefined;
  if (!fieldErrors) return error;
  return new DomainError(error.code, {
    message: error.message,
    userMessage: error.userMessage,
    status: error.status,
    details: {
      ...error.details,
      fieldErrors: Object.fromEntries(
        Object.entries(fieldErrors).map(([key, message]) => [checkoutField(key), message]),
      ),
    },
    cause: error,
  });
}

/**
 * Places the order the checkout page shows and starts paying it, as one step for the buyer:
 *  1. checks the whole form at once (a guest's contact and 查单密码, every top-up account, the
 *     shipping address, the payment method) and, for 余额, that the balance covers the total;
 *  2. createOrder with the shop's expiry and open-order caps (idempotent by the page's key, so a
 *     double submit is one order);
 *  3. in one shop transaction: startPayment (the buyer goes to its payUrl) or payWithBalance, and
 *     a cart checkout takes the bought lines out of the cart.
 * When step 3 fails, the order it just created is cancelled and its codes go back on sale, so a
 * refusal leaves nothing half-done.
 */
export async function placeCheckout(
  deps: { db: Database; providers: PaymentProviders },
  input: PlaceCheckoutInput & { cart?: CartOwner | null },
): Promise<PlacedCheckout> {
  const parsed = parseInput(placeCheckoutSchema, input, CheckoutErrors.INVALID_INPUT);
  const { tenantId, customerId } = parsed;
  const fieldErrors: Record<string, string> = {};

  let contact: { email?: string; phone?: string } = {};
  let lookupPassword: string | undefined;
  if (customerId === null) {
    const split = splitContact(parsed.contact);
    if ('error' in split) fieldErrors.contact = split.error;
    else contact = split;
    const password = parsed.lookupPassword;
    if (!password) fieldErrors.lookupPassword = '请设置查单密码，之后凭订单号和查单密码查询订单';
    else if (password.length < 6) fieldErrors.lookupPassword = '查单密码至少 6 位';
    else if (password.length > 64) fieldErrors.lookupPassword = '查单密码最多 64 位';
    else lookupPassword = password;
  }

  const byBalance = parsed.paymentMethod === BALANCE_PROVIDER_ID;
  if (byBalance && customerId === null) {
    fieldErrors.paymentMethod = '余额支付需要先登录';
  } else if (!byBalance && !deps.providers.has(parsed.paymentMethod)) {
    fieldErrors.paymentMethod = '请选择支付方式';
  }

  const known = await withTenant(deps.db, tenantId, async (trx) => ({
    settings: await getCheckoutSettings(trx, { tenantId }),
    listings: await selectListingsForCheckout(
      trx,
      tenantId,
      parsed.lines.map((l) => l.listingId),
    ),
    earlier: await findOrderByIdempotencyKey(trx, tenantId, parsed.idempotencyKey),
    balanceFen:
      byBalance && customerId !== null
        ? await owedOn(trx, { kind: 'customer_balance', tenantId, customerId })
        : null,
  }));
  const listingOf = (id: string) => known.listings.find((l) => l.listingId === id);

  parsed.lines.forEach((line, i) => {
    const listing = listingOf(line.listingId);
    if (listing?.productType !== 'direct_topup') return;
    const account = validateTopupAccount(listing.topupFields, line.topupAccount ?? {});
    if (account.ok) return;
    for (const [key, message] of Object.entries(account.errors)) {
      fieldErrors[`lines.${i}.topupAccount.${key}`] = message;
    }
  });
  const needsAddress = parsed.lines.some(
    (l) => listingOf(l.listingId)?.productType === 'physical_card',
  );
  if (needsAddress) {
    const address = shippingAddressSchema.safeParse(parsed.shippingAddress ?? {});
    if (!address.success) {
      for (const issue of address.error.issues) {
        fieldErrors[`shippingAddress.${issue.path.join('.')}`] ??= issue.message;
      }
    }
  }
  const firstProblem = Object.values(fieldErrors)[0];
  if (firstProblem !== undefined) {
    throw new DomainError(CheckoutErrors.INVALID_INPUT, {
      userMessage: firstProblem,
      status: 422,
      details: { fieldErrors },
    });
  }

  if (known.balanceFen !== null && !known.earlier) {
    const lines = parsed.lines.map((l) => ({ l, listing: listingOf(l.listingId) }));
    // Missing listings are createOrder's to report; the balance is checked on what can be priced.
    if (lines.every((x) => x.listing)) {
      const totalFen = lines.reduce((sum, x) => sum + x.listing!.priceFen * x.l.quantity, 0);
      if (known.balanceFen < totalFen) {
        throw new DomainError(PaymentErrors.INSUFFICIENT_BALANCE, {
          userMessage: `余额不足：当前余额 ${formatYuan(known.balanceFen)} 元，订单需支付 ${formatYuan(totalFen)} 元。请选择其他支付方式，或先充值`,
          status: 409,
          details: { balanceFen: known.balanceFen, totalFen },
        });
      }
    }
  }

  let result: CreateOrderResult;
  try {
    result = await createOrder(
      deps.db,
      {
        tenantId,
        idempotencyKey: parsed.idempotencyKey,
        customerId,
        ip: parsed.ip,
        lines: parsed.lines.map((line) => {
          const type = listingOf(line.listingId)?.productType;
          return {
            listingId: line.listingId,
            quantity: line.quantity,
            ...(type === 'direct_topup' ? { topupAccount: line.topupAccount ?? {} } : {}),
            ...(type === 'physical_card' ? { shippingAddress: parsed.shippingAddress } : {}),
          };
        }),
        ...(contact.email ? { contactEmail: contact.email } : {}),
        ...(contact.phone ? { contactPhone: contact.phone } : {}),
        ...(lookupPassword ? { lookupPassword } : {}),
      },
      checkoutOrderOptions(known.settings),
    );
  } catch (error) {
    throw asCheckoutError(error);
  }

  const { order, created } = result;
  const placed = { orderId: order.id, orderNumber: order.number, created };
  if (order.status !== 'pending_payment') {
    return { ...placed, payUrl: null, paidWithBalance: false };
  }
  try {
    return await withTenant(deps.db, tenantId, async (trx) => {
      let payUrl: string | null = null;
      if (byBalance) {
        await payWithBalance(trx, { tenantId, orderId: order.id, customerId: customerId! });
      } else {
        payUrl = (
          await startPayment(trx, deps.providers, {
            tenantId,
            orderId: order.id,
            provider: parsed.paymentMethod,
          })
        ).payUrl;
      }
      if (input.cart) {
        await removeCartItems(trx, {
          tenantId,
          owner: input.cart,
          listingIds: parsed.lines.map((l) => l.listingId),
        });
      }
      return { ...placed, payUrl, paidWithBalance: byBalance };
    });
  } catch (error) {
    // The order this call made goes at once; should that fail too, it still closes at its expiry.
    if (created) {
      await withTenant(deps.db, tenantId, (trx) =>
        cancelOrder(trx, { tenantId, orderId: order.id }),
      ).catch(() => undefined);
    }
    throw error;
  }
}
