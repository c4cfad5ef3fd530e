import { withTenant } from '@cardshop/db';
import type { CustomerAuth } from './customer-auth.js';
import type { CustomerContext } from './customer-context.js';
import { findCustomerById } from './customers.queries.js';
import type { Identifier } from './customers.schemas.js';
import { sendCustomerCode } from './deliver-code.js';
import type { CodeSent } from './send-verification-code.js';

/**
 * Sends a 'verify' code to the signed-in customer's own phone (else email), to prove it is
 * really them before a change such as setting a first password.
 */
export async function sendAccountCode(ctx: CustomerContext, auth: CustomerAuth): Promise<CodeSent> {
  const to = await withTenant(ctx.db, ctx.tenant.id, async (trx): Promise<Identifier> => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while sending a code`);
    return row.phone ? { kind: 'phone', value: row.phone } : { kind: 'email', value: row.email! };
  });
  return sendCustomerCode(ctx, auth.customerId, to, 'verify');
}
