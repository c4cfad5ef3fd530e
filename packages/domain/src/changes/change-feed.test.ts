import { describe, expect, test } from 'vitest';
import { asSystem, sql, withTenant } from '@cardshop/db';
import { buildShopSku } from '../testing/buying-factories.js';
import { useTestRuntime } from '../testing/runtime.js';

const t = useTestRuntime();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The topics the runtime's feed hears from `action` (earlier setup's messages let through first). */
async function topicsDuring(action: () => Promise<unknown>, settleMs = 300) {
  await pause(settleMs);
  const seen: string[] = [];
  const stop = t.runtime.changes.subscribe((topic) => seen.push(topic));
  try {
    await action();
    await pause(settleMs);
    return seen;
  } finally {
    stop();
  }
}

describe('the change feed', () => {
  test('is live on PostgreSQL', () => {
    expect(t.runtime.changes.live).toBe(true);
  });

  test('names the shop when its listings change, after commit only', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const committed = await topicsDuring(() =>
      withTenant(t.db, shop.tenantId, (trx) =>
        trx
          .updateTable('listings')
          .set({ sort_order: 7 })
          .where('id', '=', shop.listingId)
          .execute(),
      ),
    );
    expect(committed).toEqual([`t:${shop.tenantId}`]);

    const rolledBack = await topicsDuring(() =>
      withTenant(t.db, shop.tenantId, async (trx) => {
        await trx
          .updateTable('listings')
          .set({ sort_order: 8 })
          .where('id', '=', shop.listingId)
          .execute();
        throw new Error('roll back');
      }).catch(() => undefined),
    );
    expect(rolledBack).toEqual([]);
  });

  test('names the product when its SKU price or stock moves, and everything when a SKU comes or goes', async () => {
    const shop = await buildShopSku(t.db, { codes: 2 });
    const priced = await topicsDuring(() =>
      asSystem(t.db, (trx) =>
        trx
          .updateTable('skus')
          .set({ wholesale_price_fen: 1100 })
          .where('id', '=', shop.skuId)
          .execute(),
      ),
    );
    expect(priced).toContain(`p:${shop.productId}`);
    expect(priced).not.toContain('*');

    const stock = await topicsDuring(() =>
      asSystem(t.db, (trx) =>
        sql`update sku_stock set available = available - 1 where sku_id = ${shop.skuId}`.execute(
          trx,
        ),
      ),
    );
    expect(stock).toEqual([`p:${shop.productId}`]);

    const retired = await topicsDuring(() =>
      asSystem(t.db, (trx) =>
        trx.updateTable('skus').set({ status: 'inactive' }).where('id', '=', shop.skuId).execute(),
      ),
    );
    expect(retired).toContain('*');
  });

  test('names the shop itself when it is renamed, and the tenant resolver forgets it', async () => {
    const shop = await buildShopSku(t.db, { codes: 1 });
    const slug = await asSystem(t.db, (trx) =>
      trx
        .selectFrom('tenants')
        .select('slug')
        .where('id', '=', shop.tenantId)
        .executeTakeFirstOrThrow(),
    );
    const host = `${slug.slug}.${t.runtime.env.PLATFORM_DOMAIN}`;
    const before = await t.runtime.tenants.resolve(host);
    expect(before.kind).toBe('shop');

    const renamed = await topicsDuring(() =>
      asSystem(t.db, (trx) =>
        trx
          .updateTable('tenants')
          .set({ name: '改名后的卡铺' })
          .where('id', '=', shop.tenantId)
          .execute(),
      ),
    );
    expect(renamed).toEqual([`tenant:${shop.tenantId}`]);
    const after = await t.runtime.tenants.resolve(host);
    expect(after.kind === 'shop' && after.tenant.name).toBe('改名后的卡铺');
  });
});
