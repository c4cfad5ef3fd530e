import { beforeAll, describe, expect, test } from 'vitest';
import { buildStaff, buildTenant, useTestRuntime } from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let shop: { id: string; slug: string };
let base: string;
let ownerCookie: string;
let supportCookie: string;
let ownerId: string;

const valid = {
  intent: 'checkout',
  orderExpiryMinutes: '30',
  openOrdersPerIp: '8',
  openOrdersPerContact: '2',
  openOrdersPerCustomer: '4',
};

async function settingsRow() {
  return t.owner
    .selectFrom('tenants')
    .select([
      'order_expiry_minutes',
      'open_orders_per_ip',
      'open_orders_per_contact',
      'open_orders_per_customer',
    ])
    .where('id', '=', shop.id)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const tenant = await buildTenant(t.db, { name: '下单设置测试店' });
  shop = { id: tenant.id, slug: tenant.slug };
  base = `/shop/${shop.slug}/settings`;
  const owner = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'owner' }] });
  const support = await buildStaff(t.db, { tenantRoles: [{ tenantId: shop.id, role: 'support' }] });
  ownerId = owner.id;
  ownerCookie = await client.signIn(owner.email);
  supportCookie = await client.signIn(support.email);
});

describe('shop settings: checkout', () => {
  test('the settings page shows the defaults: 15 minutes and the caps on unpaid orders', async () => {
    const page = await client.html(base, ownerCookie);
    expect(page.status).toBe(200);
    const text = unescapeHtml(page.text);
    expect(text).toContain('下单设置');
    expect(text).toContain('未支付订单保留时间（分钟）');
    expect(text).toMatch(/name="orderExpiryMinutes"[^>]*value="15"/);
    expect(text).toMatch(/name="openOrdersPerIp"[^>]*value="5"/);
    expect(text).toMatch(/name="openOrdersPerContact"[^>]*value="3"/);
    expect(text).toMatch(/name="openOrdersPerCustomer"[^>]*value="5"/);
  });

  test('the owner saves new values; the change is in the shop audit log', async () => {
    const res = await client.post(base, ownerCookie, valid);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${base}?notice=checkout-saved`);
    expect(await settingsRow()).toEqual({
      order_expiry_minutes: 30,
      open_orders_per_ip: 8,
      open_orders_per_contact: 2,
      open_orders_per_customer: 4,
    });
    const audit = await t.owner
      .selectFrom('tenant_audit_log')
      .select(['actor_type', 'actor_id', 'data'])
      .where('tenant_id', '=', shop.id)
      .where('action', '=', 'shop.checkout_settings_updated')
      .execute();
    expect(audit).toEqual([
      {
        actor_type: 'staff',
        actor_id: ownerId,
        data: {
          before: {
            orderExpiryMinutes: 15,
            openOrdersPerIp: 5,
            openOrdersPerContact: 3,
            openOrdersPerCustomer: 5,
          },
          after: {
            orderExpiryMinutes: 30,
            openOrdersPerIp: 8,
            openOrdersPerContact: 2,
            openOrdersPerCustomer: 4,
          },
        },
      },
    ]);
    const page = unescapeHtml(
      (await client.html(`${base}?notice=checkout-saved`, ownerCookie)).text,
    );
    expect(page).toContain('设置已保存');
    expect(page).toMatch(/name="orderExpiryMinutes"[^>]*value="30"/);
  });

  test('values out of range are refused next to their fields, and nothing changes', async () => {
    const before = await settingsRow();
    const res = await client.post(base, ownerCookie, {
      ...valid,
      orderExpiryMinutes: '2000',
      openOrdersPerIp: '0',
    });
    expect(res.status).toBe(422);
    const text = unescapeHtml(await res.text());
    expect(text).toContain('未支付订单保留时间（分钟）不能大于 1440');
    expect(text).toContain('同一网络的未支付订单上限不能小于 1');
    // The typed values are kept in the form.
    expect(text).toMatch(/name="orderExpiryMinutes"[^>]*value="2000"/);
    expect(await settingsRow()).toEqual(before);
  });

  test('a support member can look but not change them', async () => {
    const before = await settingsRow();
    const res = await client.post(base, supportCookie, { ...valid, orderExpiryMinutes: '60' });
    expect(res.status).toBe(403);
    expect(unescapeHtml(await res.text())).toContain('你的角色只能查看，不能修改');
    expect(await settingsRow()).toEqual(before);
  });

  test('the stock display form still saves on its own', async () => {
    const res = await client.post(base, ownerCookie, { stockDisplay: 'range' });
    expect(res.status).toBe(302);
    const row = await t.owner
      .selectFrom('tenants')
      .select(['stock_display', 'order_expiry_minutes'])
      .where('id', '=', shop.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ stock_display: 'range', order_expiry_minutes: 30 });
  });
});
