import { sql, withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { shopOrigin } from '../config/env.js';
import type { JobServices } from '../jobs/define-job.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { createLogger } from '../logger.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import type { EmailSender } from '../messaging/messaging.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildCustomer,
  buildOrder,
  buildShopSku,
  buildTenant,
  useTestRuntime,
  type ShopSku,
} from '../testing/index.js';
import { deliverOrder } from './deliver-order.js';
import { sendCodesEmailJob } from './send-codes-email.job.js';

const t = useTestRuntime();
const silent = createLogger({ level: 'silent' });

function services(email?: EmailSender): JobServices {
  const r = t.runtime;
  return { env: r.env, email: email ?? r.email, sms: r.sms, vault: r.vault, payments: r.payments };
}

async function shop(codes = 3): Promise<ShopSku & { name: string; slug: string }> {
  const tenant = await buildTenant(t.db, { name: '星光卡铺' });
  const sku = await buildShopSku(t.db, { tenantId: tenant.id, codes, vault: t.runtime.vault });
  return { ...sku, name: tenant.name, slug: tenant.slug };
}

/** Pays the order through the test gateway and delivers it, as the delivery job would. */
async function payAndDeliver(s: ShopSku, orderId: string, totalFen: number) {
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, s.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, { tenantId: s.tenantId, orderId, provider: 'test' }),
  );
  const result = await handlePaymentNotification(
    t.db,
    { providers: t.runtime.payments },
    {
      provider: 'test',
      ...gateway.notification({ reference: payment.reference, amountFen: totalFen }),
    },
  );
  expect(result.outcome).toBe('paid');
  return withTenant(t.db, s.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: s.tenantId, orderId }),
  );
}

async function mailJobs(orderId: string) {
  return t.owner
    .selectFrom('outbox')
    .select(['id', 'payload', 'completed_at'])
    .where('name', '=', 'delivery.send-codes-email')
    .where(sql<boolean>`payload->>'orderId' = ${orderId}`)
    .execute();
}

function inbox(to: string) {
  return listDevInbox(t.runtime.env.DATA_DIR, { to });
}

describe('the codes mail (自动发卡 mail)', () => {
  test('delivering card codes to a guest with an email queues one mail with ids only; it reaches the inbox once', async () => {
    const s = await shop();
    const to = `guest-${Date.now()}@example.com`;
    const { order } = await buildOrder(t.db, s, {
      customerId: null,
      contactEmail: to,
      lookupPassword: 'lookup-2026',
      quantity: 2,
    });
    const delivery = await payAndDeliver(s, order.id, order.totalFen);
    expect(delivery.outcome).toBe('delivered');
    // Delivery replayed: still one mail.
    await withTenant(t.db, s.tenantId, (trx) =>
      deliverOrder(trx, { tenantId: s.tenantId, orderId: order.id }),
    );
    const jobs = await mailJobs(order.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toEqual({ tenantId: s.tenantId, orderId: order.id });

    const result = await runOutboxJob(
      sendCodesEmailJob,
      { id: jobs[0]!.id, attempt: 1, finalAttempt: false },
      { db: t.db, logger: silent, services: services() },
    );
    expect(result).toBe('completed');
    // The handler run again (a worker that died before the outbox row was completed) sends nothing.
    await sendCodesEmailJob.handler(jobs[0]!.payload as never, {
      jobId: jobs[0]!.id,
      attempt: 2,
      db: t.db,
      logger: silent,
      services: services(),
    });

    const mails = await inbox(to);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`【星光卡铺】订单 ${order.number} 的卡密已发货`);
    const sold = await t.owner
      .selectFrom('code_allocations')
      .select('code_id')
      .where('order_id', '=', order.id)
      .execute();
    expect(sold).toHaveLength(2);
    const codes = s.codes.filter((c) => mail.text.includes(c));
    expect(codes).toHaveLength(2);
    expect(mail.html).toContain(codes[0]);
    const url = `${shopOrigin(t.runtime.env, s.slug)}/orders/${order.id}`;
    expect(mail.text).toContain(`查看订单：${url}`);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.text).toContain('卡密相当于现金，请妥善保管');
    expect(mail.text).toContain('王者荣耀点券 · 面值 10 元】× 2');

    const row = await t.owner
      .selectFrom('order_code_emails')
      .select(['recipient', 'sent_at'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.recipient).toBe(to);
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  test('a signed-in buyer without a contact email gets the mail at their account’s address', async () => {
    const s = await shop();
    const to = `member-${Date.now()}@example.com`;
    const customer = await buildCustomer(t.db, s.tenantId, { email: to });
    const { order } = await buildOrder(t.db, s, { customerId: customer.id });
    await payAndDeliver(s, order.id, order.totalFen);
    const [job] = await mailJobs(order.id);
    await sendCodesEmailJob.handler(job!.payload as never, {
      jobId: job!.id,
      attempt: 1,
      db: t.db,
      logger: silent,
      services: services(),
    });
    expect(await inbox(to)).toHaveLength(1);
  });

  test('an order with only a phone number queues no mail', async () => {
    const s = await shop();
    const { order } = await buildOrder(t.db, s, {
      customerId: null,
      contactPhone: '13900001111',
      lookupPassword: 'lookup-2026',
    });
    await payAndDeliver(s, order.id, order.totalFen);
    expect(await mailJobs(order.id)).toEqual([]);
  });

  test('a failed send records nothing and the retry sends the mail', async () => {
    const s = await shop();
    const to = `retry-${Date.now()}@example.com`;
    const { order } = await buildOrder(t.db, s, {
      customerId: null,
      contactEmail: to,
      lookupPassword: 'lookup-2026',
    });
    await payAndDeliver(s, order.id, order.totalFen);
    const [job] = await mailJobs(order.id);
    const down: EmailSender = {
      kind: 'smtp',
      send: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:465')),
    };
    const ctx = { jobId: job!.id, db: t.db, logger: silent };
    await expect(
      sendCodesEmailJob.handler(job!.payload as never, {
        ...ctx,
        attempt: 1,
        services: services(down),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    const before = await t.owner
      .selectFrom('order_code_emails')
      .select('sent_at')
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(before.sent_at).toBeNull();
    expect(await inbox(to)).toHaveLength(0);
    await sendCodesEmailJob.handler(job!.payload as never, {
      ...ctx,
      attempt: 2,
      services: services(),
    });
    expect(await inbox(to)).toHaveLength(1);
  });
});
