import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import { provenContacts } from '../customers/contact-proofs.js';
import { maskIdentifier } from '../customers/mask.js';
import { ClaimErrors } from './claims.errors.js';
import { assignOrdersToCustomer } from './claims.queries.js';
import { claimOrdersSchema, type ClaimOrdersInput } from './claims.schemas.js';

/**
 * 认领订单: moves guest orders of this shop into the signed-in account. Only orders without an
 * account, placed with a phone or email the person proved with a code in this session, are
 * moved; anything else among the chosen ids is left alone. They then show in the order history.
 */
export async function claimGuestOrders(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: ClaimOrdersInput,
): Promise<{ claimed: Array<{ id: string; number: string }> }> {
  const data = parseInput(claimOrdersSchema, input, ClaimErrors.INVALID_INPUT);
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const contacts = await provenContacts(trx, ctx.tenant.id, auth);
    if (contacts.length === 0) return { kind: 'unverified' as const };
    const rows = await assignOrdersToCustomer(trx, ctx.tenant.id, {
      customerId: auth.customerId,
      orderIds: data.orderIds,
      contacts,
    });
    if (rows.length === 0) return { kind: 'none' as const };
    await recordCustomerEvent(trx, ctx, 'customer.orders_claimed', {
      customerId: auth.customerId,
      data: {
        orders: rows.map((r) => r.number),
        via: contacts
          .filter((c) =>
            rows.some((r) =>
              c.kind === 'phone' ? r.contact_phone === c.value : r.contact_email === c.value,
            ),
          )
          .map(maskIdentifier),
      },
    });
    return { kind: 'ok' as const, claimed: rows.map((r) => ({ id: r.id, number: r.number })) };
  });
  if (outcome.kind === 'unverified') {
    throw new DomainError(ClaimErrors.CONTACT_NOT_VERIFIED, {
      userMessage: '请先用验证码验证你的手机号或邮箱，再认领用它下的订单',
      status: 403,
    });
  }
  if (outcome.kind === 'none') {
    throw new DomainError(ClaimErrors.NOTHING_TO_CLAIM, {
      userMessage: '所选订单无法认领：它们可能已被认领，或不是用你已验证的手机号或邮箱下的单',
      status: 409,
    });
  }
  return { claimed: outcome.claimed };
}
