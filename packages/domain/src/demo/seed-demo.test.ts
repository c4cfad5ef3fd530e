import { randomBytes } from 'node:crypto';
import { asSystem, withTenant } from '@cardshop/db';
import { expect, test } from 'vitest';
import { createCodeVault } from '../inventory/code-crypto.js';
import { useTestDatabase } from '../testing/index.js';
import { seedDemo } from './seed-demo.js';

const t = useTestDatabase();
const vault = createCodeVault({
  keys: [{ id: 'demo', key: randomBytes(32) }],
  indexKey: randomBytes(32),
});

test('the demo seed builds three stocked shops with listings in every category, once', async () => {
  expect(await seedDemo(t.db, vault)).toEqual({ created: true });
  expect(await seedDemo(t.db, vault)).toEqual({ created: false });

  const counts = await asSystem(t.db, async (trx) => ({
    tenants: await trx.selectFrom('tenants').select(['id', 'slug']).execute(),
    codes: await trx
      .selectFrom('card_codes')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    categoriesUsed: await trx
      .selectFrom('products')
      .innerJoin('categories', 'categories.id', 'products.category_id')
      .select((e) => e.fn.count<number>('categories.slug').distinct().as('n'))
      .executeTakeFirstOrThrow(),
    types: await trx.selectFrom('products').select('type').distinct().execute(),
  }));
  expect(counts.tenants.map((r) => r.slug).sort()).toEqual(['demo', 'game', 'vip']);
  expect(counts.codes.n).toBeGreaterThan(200);
  expect(counts.categoriesUsed.n).toBeGreaterThanOrEqual(10);
  expect(counts.types.map((r) => r.type).sort()).toEqual([
    'card_code',
    'direct_topup',
    'physical_card',
  ]);

  const demo = counts.tenants.find((r) => r.slug === 'demo')!;
  const listings = await withTenant(t.db, demo.id, (trx) =>
    trx
      .selectFrom('listings')
      .innerJoin('skus', 'skus.id', 'listings.sku_id')
      .innerJoin('sku_stock', 'sku_stock.sku_id', 'listings.sku_id')
      .select([
        'listings.price_fen',
        'skus.wholesale_price_fen',
        'skus.face_value_fen',
        'sku_stock.available',
        'listings.featured',
      ])
      .execute(),
  );
  expect(listings.length).toBeGreaterThan(20);
  for (const l of listings) {
    expect(l.price_fen).toBeGreaterThanOrEqual(l.wholesale_price_fen);
    // Nobody pays more than the face value printed on the card.
    if (l.face_value_fen !== null && l.face_value_fen >= l.wholesale_price_fen) {
      expect(l.price_fen).toBeLessThanOrEqual(l.face_value_fen);
    }
  }
  expect(listings.some((l) => l.featured)).toBe(true);
  expect(listings.filter((l) => l.available > 0).length).toBeGreaterThan(10);

  // The physical cards have a quantity on hand, set as their supplier would (with a reason).
  const physical = await asSystem(t.db, (trx) =>
    trx
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .innerJoin('sku_stock', 'sku_stock.sku_id', 'skus.id')
      .where('products.type', '=', 'physical_card')
      .select(['skus.id', 'skus.name', 'sku_stock.available', 'sku_stock.reserved'])
      .orderBy('skus.sort_order')
      .execute(),
  );
  expect(physical.map((s) => [s.name, s.available, s.reserved])).toEqual([
    ['500 元面值', 48, 0],
    ['1000 元面值', 7, 0],
  ]);
  const adjustments = await asSystem(t.db, (trx) =>
    trx
      .selectFrom('stock_adjustments')
      .select(['sku_id', 'kind', 'on_hand_after', 'reason'])
      .execute(),
  );
  expect(adjustments).toHaveLength(2);
  expect(adjustments.every((a) => a.kind === 'set' && a.reason === '首批到货')).toBe(true);
});
