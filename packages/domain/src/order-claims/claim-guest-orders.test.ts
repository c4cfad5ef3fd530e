import { randomUUID } from 'node:crypto';
import { withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { signInCustomer } from '../customers/sign-in-customer.js';
import { sendVerificationCode } from '../customers/send-verification-code.js';
import { signInWithCode } from '../customers/sign-in-with-code.js';
import { listCustomerOrders } from '../order-view/list-customer-orders.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildOrder,
  buildShopSku,
  CUSTOMER_PASSWORD,
  readDevCode,
  uniquePhone,
  useTestRuntime,
  type ShopSku,
} from '../testing/index.js';
import { claimGuestOrders } from './claim-guest-orders.js';
import { ClaimErrors } from './claims.errors.js';
import { getOrderClaims } from './get-order-claims.js';
import { sendClaimCode } from './send-claim-code.js';
import { verifyClaimContact } from './verify-claim-contact.js';

const t = useTestRuntime();
let shop: ShopSku;
let otherShop: ShopSku;

beforeAll(async () => {
  shop = await buildShopSku(t.db, { codes: 40, vault: t.runtime.vault });
  otherShop = await buildShopSku(t.db, { codes: 10, vault: t.runtime.vault });
});

const ctxOf = (s: ShopSku) => buildCustomerContext(t.runtime, { id: s.tenantId, name: '测试店' });

async function guestOrder(s: ShopSku, contact: { phone?: string; email?: string }) {
  const { order } = await buildOrder(t.db, s, {
    customerId: null,
    ...(contact.phone ? { contactPhone: contact.phone } : {}),
    ...(contact.email ? { contactEmail: contact.email } : {}),
    lookupPassword: 'lookup-2026',
  });
  return order;
}

/** A customer of the shop signed in with a password: a session, nothing proved yet. */
async function signedIn(s: ShopSku, contact: { phone?: string; email?: string }) {
  const customer = await buildCustomer(t.db, s.tenantId, contact);
  const ctx = ctxOf(s);
  const { session } = await signInCustomer(ctx, {
    identifier: contact.phone ?? contact.email!,
    password: CUSTOMER_PASSWORD,
  });
  return { ctx, customer, auth: { customerId: customer.id, sessionId: session!.id } };
}

const ownerOf = async (s: ShopSku, orderId: string) =>
  (
    await t.owner
      .selectFrom('orders')
      .select('customer_id')
      .where('tenant_id', '=', s.tenantId)
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow()
  ).customer_id;

describe('claiming guest orders (认领订单)', () => {
  test('after proving the phone with a code, only this shop’s unclaimed guest orders of that phone are listed and claimed', async () => {
    const phone = uniquePhone();
    const mine1 = await guestOrder(shop, { phone });
    const mine2 = await guestOrder(shop, { phone });
    const someoneElses = await guestOrder(shop, { phone: uniquePhone() });
    const inOtherShop = await guestOrder(otherShop, { phone });
    const { ctx, customer, auth } = await signedIn(shop, { phone });

    // Nothing is shown, not even a count, until the phone is proved.
    let claims = await getOrderClaims(ctx, auth);
    expect(claims.contacts).toEqual([
      { kind: 'phone', masked: `${phone.slice(0, 3)}****${phone.slice(7)}`, verified: false },
    ]);
    expect(claims.orders).toEqual([]);
    await expect(claimGuestOrders(ctx, auth, { orderIds: [mine1.id] })).rejects.toMatchObject({
      code: ClaimErrors.CONTACT_NOT_VERIFIED,
      status: 403,
    });
    expect(await ownerOf(shop, mine1.id)).toBeNull();

    const sent = await sendClaimCode(ctx, auth, { kind: 'phone' });
    expect(sent.channel).toBe('sms');
    await verifyClaimContact(ctx, auth, {
      kind: 'phone',
      code: await readDevCode(t.runtime.env.DATA_DIR, phone),
    });
    claims = await getOrderClaims(ctx, auth);
    expect(claims.contacts[0]!.verified).toBe(true);
    expect(claims.orders.map((o) => o.id).sort()).toEqual([mine1.id, mine2.id].sort());

    const { claimed } = await claimGuestOrders(ctx, auth, {
      orderIds: [mine1.id, mine2.id, someoneElses.id, inOtherShop.id, randomUUID()],
    });
    expect(claimed.map((o) => o.id).sort()).toEqual([mine1.id, mine2.id].sort());
    expect(await ownerOf(shop, mine1.id)).toBe(customer.id);
    expect(await ownerOf(shop, someoneElses.id)).toBeNull();
    expect(await ownerOf(otherShop, inOtherShop.id)).toBeNull();

    const history = await withTenant(t.db, shop.tenantId, (trx) =>
      listCustomerOrders(trx, { tenantId: shop.tenantId, customerId: customer.id }),
    );
    expect(history.orders.map((o) => o.id).sort()).toEqual([mine1.id, mine2.id].sort());
    expect((await getOrderClaims(ctx, auth)).orders).toEqual([]);

    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['actor_id', 'data'])
      .where('tenant_id', '=', shop.tenantId)
      .where('action', '=', 'customer.orders_claimed')
      .where('actor_id', '=', customer.id)
      .execute();
    expect(audit).toEqual([
      {
        actor_id: customer.id,
        data: expect.objectContaining({
          orders: expect.arrayContaining([mine1.number, mine2.number]),
          via: [`${phone.slice(0, 3)}****${phone.slice(7)}`],
        }),
      },
    ]);

    await expect(claimGuestOrders(ctx, auth, { orderIds: [mine1.id] })).rejects.toMatchObject({
      code: ClaimErrors.NOTHING_TO_CLAIM,
    });
  });

  test('someone who registered with another person’s number cannot claim that person’s orders', async () => {
    // Registering with a password never proves the number: the code goes to its real owner.
    const victimPhone = uniquePhone();
    const victims = await guestOrder(shop, { phone: victimPhone });
    const { ctx, auth } = await signedIn(shop, { phone: victimPhone });
    await sendClaimCode(ctx, auth, { kind: 'phone' });
    await expect(
      verifyClaimContact(ctx, auth, { kind: 'phone', code: '000000' }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_CODE_INVALID' });
    expect((await getOrderClaims(ctx, auth)).orders).toEqual([]);
    await expect(claimGuestOrders(ctx, auth, { orderIds: [victims.id] })).rejects.toMatchObject({
      code: ClaimErrors.CONTACT_NOT_VERIFIED,
    });
    expect(await ownerOf(shop, victims.id)).toBeNull();
  });

  test('a sign-in code proves the number for that session only; an email works the same way', async () => {
    const phone = uniquePhone();
    const email = `claim-${randomUUID().slice(0, 8)}@example.com`;
    const byPhone = await guestOrder(shop, { phone });
    const byEmail = await guestOrder(shop, { email });
    const customer = await buildCustomer(t.db, shop.tenantId, { phone, email });

    const ctx = ctxOf(shop);
    await sendVerificationCode(ctx, { identifier: phone, purpose: 'sign_in' });
    const withCode = await signInWithCode(ctx, {
      identifier: phone,
      code: await readDevCode(t.runtime.env.DATA_DIR, phone),
    });
    const codeAuth = { customerId: customer.id, sessionId: withCode.session!.id };
    let claims = await getOrderClaims(ctx, codeAuth);
    expect(claims.contacts.map((c) => [c.kind, c.verified])).toEqual([
      ['phone', true],
      ['email', false],
    ]);
    expect(claims.orders.map((o) => o.id)).toEqual([byPhone.id]);

    // The same account signed in elsewhere with its password has proved nothing there.
    const { session } = await signInCustomer(ctx, {
      identifier: email,
      password: CUSTOMER_PASSWORD,
    });
    const passwordAuth = { customerId: customer.id, sessionId: session!.id };
    expect((await getOrderClaims(ctx, passwordAuth)).orders).toEqual([]);

    await sendClaimCode(ctx, passwordAuth, { kind: 'email' });
    await verifyClaimContact(ctx, passwordAuth, {
      kind: 'email',
      code: await readDevCode(t.runtime.env.DATA_DIR, email),
    });
    claims = await getOrderClaims(ctx, passwordAuth);
    expect(claims.orders.map((o) => o.id)).toEqual([byEmail.id]);
    const { claimed } = await claimGuestOrders(ctx, passwordAuth, {
      orderIds: [byEmail.id, byPhone.id],
    });
    expect(claimed.map((o) => o.id)).toEqual([byEmail.id]);
    expect(await ownerOf(shop, byPhone.id)).toBeNull();
  });

  test('bad input changes nothing and says what is wrong', async () => {
    const { ctx, auth } = await signedIn(shop, { phone: uniquePhone() });
    await expect(claimGuestOrders(ctx, auth, { orderIds: [] })).rejects.toMatchObject({
      code: ClaimErrors.INVALID_INPUT,
      status: 422,
    });
    await expect(claimGuestOrders(ctx, auth, { orderIds: ['nope'] })).rejects.toMatchObject({
      code: ClaimErrors.INVALID_INPUT,
    });
    await expect(sendClaimCode(ctx, auth, { kind: 'email' })).rejects.toMatchObject({
      code: ClaimErrors.NO_CONTACT,
      userMessage: '你的账号还没有绑定邮箱',
    });
  });
});
