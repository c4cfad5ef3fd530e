import { beforeAll, describe, expect, test } from 'vitest';
import {
  createTestGateway,
  deliverOrder,
  handlePaymentNotification,
  owedOn,
  paymentProviders,
  startPayment,
  withTenant,
} from '@cardshop/domain';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildStaff,
  buildTenant,
  useTestRuntime,
  type ShopSku,
} from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let cards: ShopSku;
let gifts: ShopSku;
let slug: string;
let tenantId: string;
let customerId: string;
const cookies: Record<'owner' | 'manager' | 'support' | 'finance' | 'stranger', string> = {
  owner: '',
  manager: '',
  support: '',
  finance: '',
  stranger: '',
};
let strangerSlug: string;
/** A signed-in buyer's delivered order of two lines: 2 × ¥20.00 cards and 1 × ¥15.00 gift. */
let signedIn: { id: string; cardsLine: string; giftsLine: string };
/** A guest's delivered order of one line (1 × ¥20.00): its refund goes back through the gateway. */
let guest: { id: string; line: string };

async function payAndDeliver(orderId: string, amountFen: number) {
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, { tenantId, orderId, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({ reference: payment.reference, amountFen });
  await handlePaymentNotification(
    t.db,
    { providers: paymentProviders(gateway), platformFeeBps: 1000 },
    { provider: 'test', rawBody, headers },
  );
  await withTenant(t.db, tenantId, (trx) => deliverOrder(trx, { tenantId, orderId }));
}

const orderUrl = (orderId: string, shopSlug = slug) => `/shop/${shopSlug}/orders/${orderId}`;

const orderRow = (orderId: string) =>
  t.owner
    .selectFrom('orders')
    .select(['status', 'refunded_fen'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();

const refundRows = (orderId: string) =>
  t.owner
    .selectFrom('refunds')
    .select(['order_line_id', 'amount_fen', 'destination', 'reason'])
    .where('order_id', '=', orderId)
    .execute();

const auditRows = () =>
  t.owner
    .selectFrom('tenant_audit_log')
    .select(['actor_id', 'target_id', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'order.line_refunded')
    .execute();

const balance = () =>
  withTenant(t.db, tenantId, (trx) =>
    owedOn(trx, { kind: 'customer_balance', tenantId, customerId }),
  );

/** Everything a refund changes, to show that a refused one changed nothing. */
const snapshot = async () => ({
  signedIn: await orderRow(signedIn.id),
  guest: await orderRow(guest.id),
  refunds: [...(await refundRows(signedIn.id)), ...(await refundRows(guest.id))],
  audit: (await auditRows()).length,
  balance: await balance(),
  lines: await t.owner
    .selectFrom('order_lines')
    .select(['id', 'status'])
    .where('order_id', 'in', [signedIn.id, guest.id])
    .orderBy('id')
    .execute(),
});

let ownerId: string;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '退款测试店' });
  slug = tenant.slug;
  tenantId = tenant.id;
  cards = await buildShopSku(t.db, {
    tenantId,
    vault: t.runtime.vault,
    codes: 5,
    priceFen: 2000,
    wholesaleFen: 1200,
  });
  gifts = await buildShopSku(t.db, {
    tenantId,
    vault: t.runtime.vault,
    codes: 3,
    priceFen: 1500,
    wholesaleFen: 1000,
  });
  for (const role of ['owner', 'manager', 'support', 'finance'] as const) {
    const member = await buildStaff(t.db, { tenantRoles: [{ tenantId, role }] });
    if (role === 'owner') ownerId = member.id;
    cookies[role] = await client.signIn(member.email);
  }
  const other = await buildTenant(t.db, { name: '隔壁的店' });
  strangerSlug = other.slug;
  const stranger = await buildStaff(t.db, { tenantRoles: [{ tenantId: other.id, role: 'owner' }] });
  cookies.stranger = await client.signIn(stranger.email);

  const customer = await buildCustomer(t.db, tenantId, { displayName: '王小明' });
  customerId = customer.id;
  const bought = await buildOrder(t.db, cards, {
    customerId,
    lines: [
      { listingId: cards.listingId, quantity: 2 },
      { listingId: gifts.listingId, quantity: 1 },
    ],
  });
  await payAndDeliver(bought.order.id, bought.order.totalFen);
  const lines = await t.owner
    .selectFrom('order_lines')
    .select(['id', 'listing_id'])
    .where('order_id', '=', bought.order.id)
    .execute();
  signedIn = {
    id: bought.order.id,
    cardsLine: lines.find((l) => l.listing_id === cards.listingId)!.id,
    giftsLine: lines.find((l) => l.listing_id === gifts.listingId)!.id,
  };

  const left = await buildOrder(t.db, cards, {
    customerId: null,
    contactEmail: 'guest.buyer@example.com',
    lookupPassword: 'secret1',
  });
  await payAndDeliver(left.order.id, left.order.totalFen);
  const guestLine = await t.owner
    .selectFrom('order_lines')
    .select('id')
    .where('order_id', '=', left.order.id)
    .executeTakeFirstOrThrow();
  guest = { id: left.order.id, line: guestLine.id };
});

describe('shop area: refunding an order line', () => {
  test('owner sees a 退款 action per delivered line with what will happen; support does not', async () => {
    const page = await client.html(orderUrl(signedIn.id), cookies.owner);
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('退款这一行（¥40.00）');
    expect(text).toContain('退款这一行（¥15.00）');
    expect(text).toContain('¥40.00 将立即退回买家在本店的余额。');
    expect(text).toContain('已发出的卡密不会收回，仍算已售出');
    expect(text).toContain('确认退款 ¥40.00');
    const guestPage = unescapeHtml((await client.html(orderUrl(guest.id), cookies.owner)).text);
    expect(guestPage).toContain('¥20.00 将通过原支付渠道退回给买家');

    const support = unescapeHtml((await client.html(orderUrl(signedIn.id), cookies.support)).text);
    expect(support).toContain('王者荣耀点券');
    expect(support).not.toContain('确认退款');
  });

  test('a reason is required and at most 200 characters; nothing changes without one', async () => {
    const before = await snapshot();
    const empty = await client.post(orderUrl(signedIn.id), cookies.owner, {
      lineId: signedIn.cardsLine,
      reason: '   ',
    });
    expect(empty.status).toBe(422);
    expect(unescapeHtml(await empty.text())).toContain('请填写退款原因');
    const long = await client.post(orderUrl(signedIn.id), cookies.owner, {
      lineId: signedIn.cardsLine,
      reason: '太'.repeat(201),
    });
    expect(long.status).toBe(422);
    expect(unescapeHtml(await long.text())).toContain('退款原因最多 200 个字');
    expect(await snapshot()).toEqual(before);
  });

  test('support and finance members get 403 and nothing changes', async () => {
    const before = await snapshot();
    for (const role of ['support', 'finance'] as const) {
      const res = await client.post(orderUrl(signedIn.id), cookies[role], {
        lineId: signedIn.cardsLine,
        reason: '买家说不想要了',
      });
      expect(res.status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('another shop’s owner cannot refund this shop’s order (404)', async () => {
    const before = await snapshot();
    const viaOwnShop = await client.post(orderUrl(signedIn.id, strangerSlug), cookies.stranger, {
      lineId: signedIn.cardsLine,
      reason: '试试看',
    });
    expect(viaOwnShop.status).toBe(404);
    const viaTheirShop = await client.post(orderUrl(signedIn.id), cookies.stranger, {
      lineId: signedIn.cardsLine,
      reason: '试试看',
    });
    expect(viaTheirShop.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  test('owner refunds a delivered line to the buyer’s balance; the codes stay sold; audited', async () => {
    const codesBefore = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', signedIn.id)
      .execute();
    expect(codesBefore).toHaveLength(3);
    const res = await client.post(orderUrl(signedIn.id), cookies.owner, {
      lineId: signedIn.cardsLine,
      reason: '  买家充错了区服，协商退款  ',
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${orderUrl(signedIn.id)}\\?refunded=`));

    expect(await orderRow(signedIn.id)).toEqual({
      status: 'partially_refunded',
      refunded_fen: 4000,
    });
    const refunds = await refundRows(signedIn.id);
    expect(refunds).toEqual([
      {
        order_line_id: signedIn.cardsLine,
        amount_fen: 4000,
        destination: 'balance',
        reason: 'requested',
      },
    ]);
    expect(await balance()).toBe(4000);
    const lines = await t.owner
      .selectFrom('order_lines')
      .select(['id', 'status'])
      .where('order_id', '=', signedIn.id)
      .execute();
    expect(lines.find((l) => l.id === signedIn.cardsLine)?.status).toBe('refunded');
    expect(lines.find((l) => l.id === signedIn.giftsLine)?.status).toBe('delivered');
    const codesAfter = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', signedIn.id)
      .execute();
    expect(codesAfter).toEqual(codesBefore);

    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: ownerId,
      target_id: signedIn.id,
      data: {
        lineId: signedIn.cardsLine,
        amountFen: 4000,
        destination: 'balance',
        reason: '买家充错了区服，协商退款',
      },
    });

    const page = unescapeHtml((await client.html(location, cookies.owner)).text);
    expect(page).toContain('已退款 ¥40.00。 退回余额');
    expect(page).toContain('退款记录');
    expect(page).toContain('原因：买家充错了区服，协商退款');
    expect(page).toContain('部分退款');
    // The refunded line has no action left; the other line still has one.
    expect(page).not.toContain('确认退款 ¥40.00');
    expect(page).toContain('确认退款 ¥15.00');
  });

  test('a second refund of the same line is refused with a clear message and changes nothing', async () => {
    const before = await snapshot();
    const again = await client.post(orderUrl(signedIn.id), cookies.owner, {
      lineId: signedIn.cardsLine,
      reason: '再退一次',
    });
    expect(again.status).toBe(409);
    expect(unescapeHtml(await again.text())).toContain('这一行已经退过款了，不能重复退款。');
    expect(await snapshot()).toEqual(before);
  });

  test('refunding the last line refunds the order; a guest’s money goes back through the gateway', async () => {
    const gift = await client.post(orderUrl(signedIn.id), cookies.manager, {
      lineId: signedIn.giftsLine,
      reason: '缺货补偿',
    });
    expect(gift.status).toBe(302);
    expect(await orderRow(signedIn.id)).toEqual({ status: 'refunded', refunded_fen: 5500 });
    expect(await balance()).toBe(5500);

    const res = await client.post(orderUrl(guest.id), cookies.manager, {
      lineId: guest.line,
      reason: '游客申请退款',
    });
    expect(res.status).toBe(302);
    expect(await orderRow(guest.id)).toEqual({ status: 'refunded', refunded_fen: 2000 });
    expect(await refundRows(guest.id)).toEqual([
      {
        order_line_id: guest.line,
        amount_fen: 2000,
        destination: 'original_payment',
        reason: 'requested',
      },
    ]);
    const audit = await auditRows();
    expect(audit).toHaveLength(3);
    expect(audit.find((a) => a.target_id === guest.id)?.data).toMatchObject({
      amountFen: 2000,
      destination: 'original_payment',
      reason: '游客申请退款',
    });
    const page = unescapeHtml((await client.html(orderUrl(guest.id), cookies.owner)).text);
    expect(page).toContain('原因：游客申请退款');
    expect(page).toContain('原路退回');
    expect(page).not.toContain('确认退款');
  });
});
