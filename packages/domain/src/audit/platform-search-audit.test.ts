import { beforeAll, describe, expect, test } from 'vitest';
import { asPlatform } from '@cardshop/db';
import { signInCustomer } from '../customers/sign-in-customer.js';
import { signInStaff } from '../identity/sign-in-staff.js';
import {
  buildCustomer,
  buildCustomerContext,
  buildStaff,
  buildStaffContext,
  buildTenant,
  CUSTOMER_PASSWORD,
  TEST_PASSWORD,
  useTestRuntime,
} from '../testing/index.js';
import { platformSearchAudit, type AuditSearchInput } from './platform-search-audit.js';

const t = useTestRuntime();
let shopA: { id: string; name: string; slug: string };
let shopB: { id: string; name: string; slug: string };
let operatorId: string;

beforeAll(async () => {
  shopA = await buildTenant(t.db, { name: '星光卡铺' });
  shopB = await buildTenant(t.db, { name: '月光卡铺' });
  operatorId = (await buildStaff(t.db, { platformRole: 'operator' })).id;
});

const search = (input: AuditSearchInput, limit?: number) =>
  asPlatform(
    t.db,
    { actor: { type: 'staff', id: operatorId }, purpose: 'audit search test' },
    (trx) => platformSearchAudit(trx, input, limit),
  );

describe('platformSearchAudit', () => {
  test('finds a console account’s sign-ins by email, failures included, and nobody else’s', async () => {
    const me = await buildStaff(t.db);
    const other = await buildStaff(t.db);
    const ctx = buildStaffContext(t.runtime, { ip: '203.0.113.5' });
    await signInStaff(ctx, { email: me.email, password: 'not the password' }).catch(
      () => undefined,
    );
    await signInStaff(ctx, { email: me.email, password: TEST_PASSWORD });
    await signInStaff(ctx, { email: other.email, password: TEST_PASSWORD });

    const page = await search({ log: 'platform', actor: me.email.toUpperCase() });
    expect(page.entries.map((e) => [e.action, e.actorLabel, e.ip])).toEqual([
      ['staff.sign_in', me.email, '203.0.113.5'],
      ['staff.sign_in_failed', null, '203.0.113.5'],
      // Rows about the account count too: it was created (by the system, here).
      ['staff.create', null, null],
    ]);
    const failures = await search({ log: 'platform', action: 'staff.sign_in_f', actor: me.id });
    expect(failures.entries.map((e) => e.action)).toEqual(['staff.sign_in_failed']);
    const system = await search({ log: 'platform', actorType: 'system', actor: me.email });
    expect(system.entries.map((e) => e.action)).toEqual(['staff.sign_in_failed', 'staff.create']);
  });

  test('security events only leave out scope use and other work', async () => {
    const page = await search({ log: 'platform', securityOnly: 'on' }, 200);
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.some((e) => e.action === 'platform.scope')).toBe(false);
    const all = await search({ log: 'platform' }, 200);
    expect(all.entries.some((e) => e.action === 'platform.scope')).toBe(true);
  });

  test('the shops’ logs: a customer by phone, masked, in one shop, with the shop named', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    await buildCustomer(t.db, shopB.id, { phone: c.phone! });
    for (const shop of [shopA, shopB]) {
      await signInCustomer(buildCustomerContext(t.runtime, shop), {
        identifier: c.phone!,
        password: CUSTOMER_PASSWORD,
      });
    }
    const both = await search({ log: 'shops', actor: c.phone! });
    expect(both.entries.map((e) => e.shop?.slug).sort()).toEqual([shopA.slug, shopB.slug].sort());
    const inA = await search({ log: 'shops', actor: c.phone!, shop: shopA.slug });
    expect(inA.entries).toHaveLength(1);
    expect(inA.entries[0]).toMatchObject({
      action: 'customer.sign_in',
      actorType: 'customer',
      actorLabel: `${c.phone!.slice(0, 3)}****${c.phone!.slice(7)}`,
      device: '微信 · iPhone',
      shop: { slug: shopA.slug, name: '星光卡铺' },
    });
    expect((await search({ log: 'shops', shop: 'no-such-shop' })).entries).toEqual([]);
    expect((await search({ log: 'shops', actor: '13900000000' })).entries).toEqual([]);
  });

  test('pages older rows with a cursor, even among rows of one transaction', async () => {
    const c = await buildCustomer(t.db, shopA.id);
    for (let i = 0; i < 3; i++) {
      await signInCustomer(buildCustomerContext(t.runtime, shopA), {
        identifier: c.phone!,
        password: CUSTOMER_PASSWORD,
      });
    }
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await search({ log: 'shops', actor: c.id, ...(before ? { before } : {}) }, 1);
      seen.push(...page.entries.map((e) => e.id));
      if (!page.older) break;
      before = page.older;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  test('nonsense filters are ignored or match nothing, never an error', async () => {
    const page = await search({
      log: 'elsewhere',
      actorType: 'robot',
      before: "2026-01-01'; drop table x;--~1",
      action: '%',
    } as never);
    expect(page.search.log).toBe('platform');
    expect(page.search.actorType).toBeUndefined();
    expect(page.entries).toEqual([]);
  });
});
