import { beforeAll, describe, expect, test } from 'vitest';
import { buildStaff, useTestRuntime } from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let operatorCookie: string;
let operatorId: string;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const operator = await buildStaff(t.db, { platformRole: 'operator' });
  operatorId = operator.id;
  operatorCookie = await client.signIn(operator.email);
});

const feeBps = async () =>
  (
    await t.owner
      .selectFrom('platform_settings')
      .select('platform_fee_bps')
      .executeTakeFirstOrThrow()
  ).platform_fee_bps;

const text = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

describe('platform area: settings', () => {
  test('an operator sets the platform fee in percent; it is saved, audited and listed', async () => {
    const before = await client.html('/platform/settings', operatorCookie);
    expect(before.status).toBe(200);
    expect(text(before.text)).toContain('当前平台手续费 0%');
    expect(before.text).toContain('name="platformFeePercent"');

    const res = await client.post('/platform/settings', operatorCookie, {
      platformFeePercent: '5.5',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/platform/settings?notice=saved');
    expect(await feeBps()).toBe(550);
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['action', 'data'])
      .where('actor_id', '=', operatorId)
      .where('action', '=', 'platform_settings.update')
      .execute();
    expect(audit).toEqual([
      {
        action: 'platform_settings.update',
        data: { before: { platformFeeBps: 0 }, after: { platformFeeBps: 550 } },
      },
    ]);
    const page = text((await client.html('/platform/settings?notice=saved', operatorCookie)).text);
    expect(page).toContain('已保存：平台手续费为 5.5%');
    expect(page).toContain('当前平台手续费 5.5%');
    expect(page).toContain('0% → 5.5%');
    expect(page).toContain('一笔 ¥100.00 的销售平台最多收取 ¥5.50');

    const same = await client.post('/platform/settings', operatorCookie, {
      platformFeePercent: '5.50%',
    });
    expect(same.headers.get('location')).toBe('/platform/settings?notice=unchanged');
  });

  test.each([
    ['31', 422, '平台手续费不能超过 30%'],
    ['-1', 400, '平台手续费不能为负数'],
    ['5.555', 400, '平台手续费最多保留两位小数'],
    ['五', 400, '平台手续费应为百分比数字，例如 15 或 12.5'],
    ['', 400, '请填写平台手续费'],
  ])('"%s" is refused with a clear message and changes nothing', async (value, status, message) => {
    const before = await feeBps();
    const res = await client.post('/platform/settings', operatorCookie, {
      platformFeePercent: value,
    });
    expect(res.status).toBe(status);
    expect(unescapeHtml(await res.text())).toContain(message);
    expect(await feeBps()).toBe(before);
  });

  test('support staff see the fee but cannot change it; shop staff cannot open the page', async () => {
    const support = await buildStaff(t.db, { platformRole: 'support' });
    const cookie = await client.signIn(support.email);
    const page = await client.html('/platform/settings', cookie);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="platformFeePercent"');
    const before = await feeBps();
    const res = await client.post('/platform/settings', cookie, { platformFeePercent: '10' });
    expect(res.status).toBe(403);
    expect(await feeBps()).toBe(before);

    const shopStaff = await buildStaff(t.db);
    const shopCookie = await client.signIn(shopStaff.email);
    expect((await client.html('/platform/settings', shopCookie)).status).toBe(403);
  });
});
