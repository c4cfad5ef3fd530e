import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { emailSchema } from '../identity/identity.schemas.js';
import { parseInput } from '../parse-input.js';
import type { SecurityNotice } from '../security/security-notices.js';
import type { CustomerAuth } from './customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { recordCustomerNotice, sendCustomerNotice } from './customer-notices.js';
import { contactTakenByAnother, setCustomerContact } from './customer-security.queries.js';
import { requireCustomerRecentConfirmation } from './confirm-customer.js';
import { CustomerErrors } from './customers.errors.js';
import { findCustomerById, type CustomerRow } from './customers.queries.js';
import { codeSchema, phoneSchema, type Identifier } from './customers.schemas.js';
import { sendCustomerCode } from './deliver-code.js';
import { maskIdentifier } from './mask.js';
import type { CodeSent } from './send-verification-code.js';
import { CODE_INVALID_MESSAGE } from './sign-in-with-code.js';
import { consumeVerificationCode } from './verification-codes.js';

const newContactSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('phone'), value: phoneSchema }),
    z.object({ kind: z.literal('email'), value: emailSchema }),
  ],
  { error: '请选择要更换的是手机号还是邮箱' },
);

export type NewContactInput = z.input<typeof newContactSchema>;

const changeContactSchema = z.intersection(newContactSchema, z.object({ code: codeSchema }));

const KIND_TEXT = { phone: '手机号', email: '邮箱' } as const;

function checkNewContact(row: CustomerRow, contact: Identifier): void {
  if (row[contact.kind] === contact.value) {
    throw new DomainError(CustomerErrors.CONTACT_UNCHANGED, {
      userMessage: `这就是你现在绑定的${KIND_TEXT[contact.kind]}，无需更换`,
      status: 422,
      details: { fieldErrors: { value: `这就是你现在绑定的${KIND_TEXT[contact.kind]}` } },
    });
  }
}

function contactTaken(kind: 'phone' | 'email'): DomainError {
  const message = `这个${KIND_TEXT[kind]}已被本店的其他账号使用，请换一个`;
  return new DomainError(CustomerErrors.CONTACT_TAKEN, {
    userMessage: message,
    status: 409,
    details: { fieldErrors: { value: message } },
  });
}

/**
 * Step one of changing (or adding) the phone or email: a sensitive operation (recent second
 * confirmation required). Sends a code to the new address, proving it belongs to this person;
 * an address another customer of the shop uses is refused.
 */
export async function sendContactChangeCode(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: NewContactInput,
): Promise<CodeSent> {
  const contact = parseInput(newContactSchema, input, CustomerErrors.INVALID_INPUT);
  const action = contact.kind === 'phone' ? 'change_phone' : 'change_email';
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await requireCustomerRecentConfirmation(trx, ctx, auth, action);
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    checkNewContact(row, contact);
    if (await contactTakenByAnother(trx, ctx.tenant.id, row.id, contact)) {
      throw contactTaken(contact.kind);
    }
  });
  return sendCustomerCode(ctx, auth.customerId, contact, 'change_contact');
}

/**
 * Step two: with the code sent to the new address, the account switches to it (a sensitive
 * operation: the recent confirmation must still hold). The holder is told at the old address and
 * the new one, and in the account's notices.
 */
export async function changeCustomerContact(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: NewContactInput & { code: string },
): Promise<{ kind: 'phone' | 'email'; masked: string }> {
  const data = parseInput(changeContactSchema, input, CustomerErrors.INVALID_INPUT);
  const contact: Identifier =
    data.kind === 'phone'
      ? { kind: 'phone', value: data.value }
      : { kind: 'email', value: data.value };
  const action = contact.kind === 'phone' ? 'change_phone' : 'change_email';
  let outcome: { kind: 'bad-code' } | { kind: 'ok'; before: CustomerRow; notice: SecurityNotice };
  try {
    outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
      await requireCustomerRecentConfirmation(trx, ctx, auth, action);
      const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
      if (!row) throw new Error(`customer ${auth.customerId} vanished`);
      checkNewContact(row, contact);
      if (await contactTakenByAnother(trx, ctx.tenant.id, row.id, contact)) {
        throw contactTaken(contact.kind);
      }
      const ok = await consumeVerificationCode(
        trx,
        ctx.tenant.id,
        { destination: contact.value, purpose: 'change_contact', code: data.code },
        ctx.codeKey,
      );
      if (!ok) return { kind: 'bad-code' as const };
      await setCustomerContact(trx, ctx.tenant.id, row.id, contact);
      const previous = row[contact.kind];
      const masked = maskIdentifier(contact);
      const was = previous
        ? maskIdentifier({ kind: contact.kind, value: previous } as Identifier)
        : null;
      await recordCustomerEvent(trx, ctx, 'customer.contact_changed', {
        customerId: row.id,
        data: { kind: contact.kind, from: was, to: masked },
      });
      const notice = await recordCustomerNotice(
        trx,
        ctx,
        row.id,
        contact.kind === 'phone' ? 'phone_changed' : 'email_changed',
        `新的${KIND_TEXT[contact.kind]}：${masked}${was ? `（原 ${was}）` : ''}。`,
      );
      return { kind: 'ok' as const, before: row, notice };
    });
  } catch (error) {
    // Another account took the address between the check and the update.
    if ((error as { code?: string }).code === '23505') throw contactTaken(contact.kind);
    throw error;
  }
  if (outcome.kind === 'bad-code') {
    throw new DomainError(CustomerErrors.CODE_INVALID, {
      userMessage: CODE_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
    });
  }
  const { before, notice } = outcome;
  // Told where it was (so a hijack is noticed) and where it now is.
  await sendCustomerNotice(ctx, { email: before.email, phone: before.phone }, notice);
  await sendCustomerNotice(
    ctx,
    contact.kind === 'phone' ? { phone: contact.value } : { email: contact.value },
    notice,
  );
  return { kind: contact.kind, masked: maskIdentifier(contact) };
}
