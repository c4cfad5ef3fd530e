import { withTenant } from '@cardshop/db';
import type { CustomerAuth } from '../customers/customer-auth.js';
import type { CustomerContext } from '../customers/customer-context.js';
import { provenContacts } from '../customers/contact-proofs.js';
import { findCustomerById } from '../customers/customers.queries.js';
import { maskEmail, maskPhone } from '../customers/mask.js';
import { toOrderListItem, type OrderListItem } from '../order-view/order-list.js';
import { selectClaimableOrders } from './claims.queries.js';

/** More than anyone has as a guest; the page says so when there are this many. */
export const CLAIM_LIST_LIMIT = 50;

export interface ClaimContact {
  kind: 'phone' | 'email';
  /** 138****5678 / z***@example.com */
  masked: string;
  /** Proved with a code in this session: its guest orders are listed and can be claimed. */
  verified: boolean;
}

export interface OrderClaims {
  contacts: ClaimContact[];
  /** Guest orders of this shop placed with a verified contact, newest first. */
  orders: OrderListItem[];
}

/**
 * The 认领订单 section: the account's phone and email, which of them were proved in this session,
 * and the shop's guest orders placed with those. Nothing about orders of an unproved contact is
 * shown, not even whether there are any (anyone can register with someone else's number).
 */
export function getOrderClaims(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<OrderClaims> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const proven = await provenContacts(trx, ctx.tenant.id, auth);
    const contacts: ClaimContact[] = [];
    if (row.phone) {
      contacts.push({
        kind: 'phone',
        masked: maskPhone(row.phone),
        verified: proven.some((c) => c.kind === 'phone'),
      });
    }
    if (row.email) {
      contacts.push({
        kind: 'email',
        masked: maskEmail(row.email),
        verified: proven.some((c) => c.kind === 'email'),
      });
    }
    const rows = await selectClaimableOrders(trx, ctx.tenant.id, proven, CLAIM_LIST_LIMIT);
    return { contacts, orders: rows.map((r) => toOrderListItem(r)) };
  });
}
