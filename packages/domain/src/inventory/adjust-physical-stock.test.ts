import { randomUUID } from 'node:crypto';
import { withSupplier } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import {
  buildInventorySku,
  buildOrder,
  buildShopSku,
  buildStaff,
  useTestDatabase,
} from '../testing/index.js';
import { adjustPhysicalStock, listStockAdjustments } from './adjust-physical-stock.js';
import { InventoryErrors } from './inventory.errors.js';

const t = useTestDatabase();

const stockOf = (skuId: string) =>
  t.owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', skuId)
    .executeTakeFirst();

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

const address = {
  name: '李四',
  phone: '13800138000',
  region: '北京市 海淀区',
  address: '中关村大街 1 号',
};

describe('a physical card’s quantity on hand', () => {
  test('the supplier sets, adds and removes cards; each change is kept with its reason and audited', async () => {
    const sku = await buildInventorySku(t.db, {
      productType: 'physical_card',
      productName: '京东E卡 实体卡',
      skuName: '500 元面值',
      lowStockThreshold: 5,
    });
    const staff = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: sku.supplier.id, role: 'manager' }],
    });
    const actor = { type: 'staff' as const, id: staff.id, ip: '203.0.113.7' };
    const adjust = (mode: 'set' | 'add' | 'remove', quantity: number, reason: string) =>
      withSupplier(t.db, sku.supplier, (trx) =>
        adjustPhysicalStock(trx, { skuId: sku.skuId, mode, quantity, reason }, actor),
      );

    const set = await adjust('set', 40, '  首批到货  ');
    expect(set).toMatchObject({
      before: { onHand: 0, available: 0, reserved: 0, sold: 0 },
      after: { onHand: 40, available: 40, reserved: 0, sold: 0 },
      lowStockNotified: false,
    });
    expect(await stockOf(sku.skuId)).toEqual({ available: 40, reserved: 0, sold: 0 });

    expect((await adjust('add', 12, '补货')).after).toMatchObject({ onHand: 52, available: 52 });
    expect((await adjust('remove', 2, '运输损坏')).after).toMatchObject({
      onHand: 50,
      available: 50,
    });
    expect(await stockOf(sku.skuId)).toEqual({ available: 50, reserved: 0, sold: 0 });
    const tooMany = await refusal(adjust('remove', 51, '盘亏'));
    expect(isDomainError(tooMany, InventoryErrors.BELOW_RESERVED)).toBe(true);
    expect((tooMany as { userMessage: string }).userMessage).toBe(
      '最多只能减少 50 件：现在在手只有 50 件',
    );

    const history = await withSupplier(t.db, sku.supplier, (trx) =>
      listStockAdjustments(trx, sku.skuId),
    );
    expect(
      history.map((h) => [h.kind, h.quantity, h.onHandBefore, h.onHandAfter, h.reason, h.by]),
    ).toEqual([
      ['remove', 2, 52, 50, '运输损坏', '测试员工'],
      ['add', 12, 40, 52, '补货', '测试员工'],
      ['set', 40, 0, 40, '首批到货', '测试员工'],
    ]);

    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['actor_type', 'actor_id', 'ip', 'target_type', 'target_id', 'data'])
      .where('action', '=', 'supplier.stock.adjust')
      .where('target_id', '=', sku.skuId)
      .orderBy('occurred_at')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({
      actor_type: 'staff',
      actor_id: staff.id,
      ip: '203.0.113.7',
      target_type: 'sku',
      data: {
        supplierId: sku.supplier.id,
        mode: 'set',
        quantity: 40,
        onHandBefore: 0,
        onHandAfter: 40,
        reason: '首批到货',
      },
    });

    // Another supplier sees none of it.
    const other = await buildInventorySku(t.db, { productType: 'physical_card' });
    expect(
      await withSupplier(t.db, other.supplier, (trx) => listStockAdjustments(trx, sku.skuId)),
    ).toEqual([]);
    const notYours = await refusal(
      withSupplier(t.db, other.supplier, (trx) =>
        adjustPhysicalStock(
          trx,
          { skuId: sku.skuId, mode: 'add', quantity: 1, reason: 'x' },
          actor,
        ),
      ),
    );
    expect(isDomainError(notYours, InventoryErrors.SKU_NOT_YOURS)).toBe(true);
    expect(await stockOf(sku.skuId)).toEqual({ available: 50, reserved: 0, sold: 0 });
  });

  test('on hand never drops below what orders hold: the refusal says how many, and changes nothing', async () => {
    const shop = await buildShopSku(t.db, { productType: 'physical_card', stock: 5 });
    await buildOrder(t.db, shop, {
      lines: [{ listingId: shop.listingId, quantity: 3, shippingAddress: address }],
    });
    expect(await stockOf(shop.skuId)).toEqual({ available: 2, reserved: 3, sold: 0 });
    const actor = { type: 'system' as const, id: 'test' };
    const adjust = (mode: 'set' | 'add' | 'remove', quantity: number) =>
      withSupplier(t.db, shop.supplier, (trx) =>
        adjustPhysicalStock(trx, { skuId: shop.skuId, mode, quantity, reason: '盘点' }, actor),
      );
    const before = await t.owner
      .selectFrom('stock_adjustments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();

    const setTooLow = await refusal(adjust('set', 2));
    expect(isDomainError(setTooLow, InventoryErrors.BELOW_RESERVED)).toBe(true);
    expect((setTooLow as { userMessage: string }).userMessage).toBe(
      '库存不能少于 3 件：这些已被待支付或待发货的订单占用，发货或订单关闭后才会释放',
    );
    const removeTooMany = await refusal(adjust('remove', 3));
    expect(isDomainError(removeTooMany, InventoryErrors.BELOW_RESERVED)).toBe(true);
    expect((removeTooMany as { userMessage: string }).userMessage).toBe(
      '最多只能减少 2 件：另有 3 件已被待支付或待发货的订单占用',
    );
    expect(await stockOf(shop.skuId)).toEqual({ available: 2, reserved: 3, sold: 0 });
    const after = await t.owner
      .selectFrom('stock_adjustments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // Down to exactly what is held: nothing left for sale, the held cards untouched.
    expect((await adjust('set', 3)).after).toEqual({
      onHand: 3,
      available: 0,
      reserved: 3,
      sold: 0,
    });
    expect(await stockOf(shop.skuId)).toEqual({ available: 0, reserved: 3, sold: 0 });
  });

  test('bad input and goods without a quantity on hand are refused with a clear message', async () => {
    const sku = await buildInventorySku(t.db, { productType: 'physical_card' });
    const codes = await buildInventorySku(t.db, { productName: '王者荣耀点券' });
    const actor = { type: 'system' as const, id: 'test' };
    const attempt = (input: Record<string, unknown>, target = sku) =>
      refusal(
        withSupplier(t.db, target.supplier, (trx) =>
          adjustPhysicalStock(
            trx,
            { skuId: target.skuId, mode: 'add', quantity: 1, reason: '到货', ...input } as never,
            actor,
          ),
        ),
      );
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ quantity: 0 }, '增加或减少的数量至少为 1'],
      [{ quantity: -1 }, '数量不能是负数'],
      [{ quantity: 1.5 }, '数量必须是整数'],
      [{ quantity: 2_000_000 }, '数量最多 1000000 件'],
      [{ reason: '   ' }, '请填写调整原因，如“盘点”“到货”“损坏”'],
      [{ reason: '长'.repeat(201) }, '调整原因最多 200 个字'],
      [{ mode: 'multiply' }, '请选择调整方式：设为、增加或减少'],
      [{ skuId: 'nope' }, 'SKU 编号无效'],
    ];
    for (const [input, message] of cases) {
      const error = await attempt(input);
      expect(isDomainError(error, InventoryErrors.INVALID_INPUT), message).toBe(true);
      expect((error as { userMessage: string }).userMessage).toBe(message);
    }
    const missing = await attempt({ skuId: randomUUID() });
    expect(isDomainError(missing, InventoryErrors.SKU_NOT_FOUND)).toBe(true);
    const cardCode = await attempt({}, codes);
    expect(isDomainError(cardCode, InventoryErrors.NOT_PHYSICAL_PRODUCT)).toBe(true);
    expect((cardCode as { userMessage: string }).userMessage).toBe(
      '“王者荣耀点券”是卡密商品，库存随导入和作废卡密变化，不能手动调整',
    );
    const set = await withSupplier(t.db, sku.supplier, (trx) =>
      adjustPhysicalStock(
        trx,
        { skuId: sku.skuId, mode: 'set', quantity: 999_999, reason: '盘点' },
        actor,
      ),
    );
    expect(set.after.onHand).toBe(999_999);
    const tooMany = await attempt({ quantity: 2 });
    expect(isDomainError(tooMany, InventoryErrors.TOO_MANY)).toBe(true);

    const suspended = await buildInventorySku(t.db, {
      productType: 'physical_card',
      supplierStatus: 'suspended',
    });
    const refused = await attempt({}, suspended);
    expect(isDomainError(refused, InventoryErrors.SUPPLIER_NOT_ALLOWED)).toBe(true);
    expect(await stockOf(suspended.skuId)).toBeUndefined();
  });

  test('the low-stock notice works for physical cards: once at the threshold, re-armed above it', async () => {
    const sku = await buildInventorySku(t.db, {
      productType: 'physical_card',
      productName: '京东E卡 实体卡',
      skuName: '1000 元面值',
      lowStockThreshold: 3,
    });
    const actor = { type: 'system' as const, id: 'test' };
    const adjust = (mode: 'set' | 'add' | 'remove', quantity: number) =>
      withSupplier(t.db, sku.supplier, (trx) =>
        adjustPhysicalStock(trx, { skuId: sku.skuId, mode, quantity, reason: '盘点' }, actor),
      );
    const notices = () =>
      t.owner
        .selectFrom('supplier_notifications')
        .select(['title', 'body'])
        .where('supplier_id', '=', sku.supplier.id)
        .where('kind', '=', 'low_stock')
        .orderBy('created_at')
        .execute();

    expect((await adjust('set', 10)).lowStockNotified).toBe(false);
    expect((await adjust('remove', 7)).lowStockNotified).toBe(true);
    expect((await adjust('remove', 1)).lowStockNotified).toBe(false);
    expect(await notices()).toEqual([
      {
        title: '库存不足：京东E卡 实体卡（1000 元面值）',
        body: '「京东E卡 实体卡 / 1000 元面值」仅剩 3 件可售，已达到库存预警线（3 件），请及时补充库存。',
      },
    ]);
    await adjust('add', 5);
    await adjust('set', 0);
    expect((await notices())[1]).toEqual({
      title: '已售罄：京东E卡 实体卡（1000 元面值）',
      body: '「京东E卡 实体卡 / 1000 元面值」已没有可售库存，买家暂时无法购买，请尽快补充库存。',
    });
  });
});
