import { withSupplier, withTenant } from '@cardshop/db';
import { beforeAll, describe, expect, test } from 'vitest';
import { isDomainError } from '../errors.js';
import type { StaffAuth } from '../identity/staff-auth-context.js';
import { confirmStaffIdentity } from '../identity/staff-confirmation.js';
import { signInStaff } from '../identity/sign-in-staff.js';
import { validateStaffSession } from '../identity/staff-sessions.js';
import { listDevInbox } from '../messaging/dev-inbox.js';
import { deliverOrder } from '../delivery/deliver-order.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildOrder,
  buildShopSku,
  buildStaff,
  buildStaffContext,
  buildSupplier,
  staffSignedIn,
  TEST_PASSWORD,
  useTestRuntime,
  type ShopSku,
} from '../testing/index.js';
import { codeExportLine, exportUnsoldCodes, previewCodeExport } from './export-unsold-codes.js';
import { importCodes } from './import-codes.js';
import { textLines } from './line-sources.js';

const t = useTestRuntime();
let shop: ShopSku;
let supplier: { supplierId: string; ownerTenantId: null; name: string };
let pairsBatch: string;
/** The codes orders hold: one sold (paid and delivered), one reserved by an unpaid order. */
let taken: string[];

async function signedIn(overrides: Parameters<typeof buildStaff>[1], confirm = true) {
  const staff = await buildStaff(t.db, overrides);
  const { token } = staffSignedIn(
    await signInStaff(buildStaffContext(t.runtime), {
      email: staff.email,
      password: TEST_PASSWORD,
    }),
  );
  const auth: StaffAuth = {
    userId: staff.id,
    sessionId: (await validateStaffSession(t.db, token))!.session.id,
  };
  if (confirm) {
    await confirmStaffIdentity(buildStaffContext(t.runtime), auth, {
      method: 'password',
      password: TEST_PASSWORD,
    });
  }
  return { staff, auth };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/** What the file says, line by line, without its BOM. */
function linesOf(text: string): string[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(1, -2).split('\r\n');
}

async function stock(skuId: string) {
  return t.owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', skuId)
    .executeTakeFirstOrThrow();
}

async function codeStates(skuId: string) {
  const rows = await t.owner
    .selectFrom('card_codes')
    .select(['state'])
    .where('sku_id', '=', skuId)
    .execute();
  return rows.reduce<Record<string, number>>(
    (n, r) => ({ ...n, [r.state]: (n[r.state] ?? 0) + 1 }),
    {},
  );
}

const ctx = () => buildStaffContext(t.runtime);

beforeAll(async () => {
  // Six plain codes; one will be sold and one held by an unpaid order.
  shop = await buildShopSku(t.db, { vault: t.runtime.vault, codes: 6, maxPerOrder: 10 });
  supplier = { supplierId: shop.supplier.id, ownerTenantId: null, name: '云端货源' };
  // A batch of card-number + password pairs, one with an expiry date.
  const imported = await importCodes(t.db, t.runtime.vault, {
    supplier: { id: shop.supplier.id, ownerTenantId: null },
    skuId: shop.skuId,
    source: 'paste',
    lines: textLines('CARD-0001----PASS-0001\nCARD-0002,PASS-0002,2031-06-30\n"""Q"""\tPW'),
    skipMalformed: false,
  });
  pairsBatch = imported.batchId;

  const paid = await buildOrder(t.db, shop);
  const gateway = createTestGateway({ secret: t.runtime.env.APP_SECRET });
  const payment = await withTenant(t.db, shop.tenantId, (trx) =>
    startPayment(trx, t.runtime.payments, {
      tenantId: shop.tenantId,
      orderId: paid.order.id,
      provider: 'test',
    }),
  );
  const note = gateway.notification({
    reference: payment.reference,
    amountFen: paid.order.totalFen,
  });
  await handlePaymentNotification(
    t.db,
    { providers: paymentProviders(gateway), platformFeeBps: 0 },
    { provider: 'test', ...note },
  );
  await withTenant(t.db, shop.tenantId, (trx) =>
    deliverOrder(trx, { tenantId: shop.tenantId, orderId: paid.order.id }),
  );
  await buildOrder(t.db, shop);
  const allocated = await t.owner
    .selectFrom('code_allocations as a')
    .innerJoin('card_codes as c', 'c.id', 'a.code_id')
    .select(['c.key_id', 'c.sealed', 'c.state'])
    .where('a.sku_id', '=', shop.skuId)
    .orderBy('c.state')
    .execute();
  expect(allocated.map((a) => a.state)).toEqual(['reserved', 'sold']);
  taken = allocated.map((a) => t.runtime.vault.unseal({ keyId: a.key_id, sealed: a.sealed }).code);
});

describe('exporting unsold card codes', () => {
  test('without a recent confirmation it is refused and nothing changes', async () => {
    const owner = await signedIn(
      { supplierRoles: [{ supplierId: supplier.supplierId, role: 'owner' }] },
      false,
    );
    const before = await codeStates(shop.skuId);
    const error = await refusal(
      exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, {
        skuId: shop.skuId,
        offSale: true,
      }),
    );
    expect(error).toMatchObject({ code: 'CONFIRMATION_REQUIRED', status: 403 });
    expect(error.userMessage).toContain('导出卡密是敏感操作');
    expect(await codeStates(shop.skuId)).toEqual(before);
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select('id')
      .where('action', '=', 'supplier.codes_exported')
      .where('actor_id', '=', owner.staff.id)
      .execute();
    expect(audit).toEqual([]);
  });

  test("the file holds exactly the SKU's unsold codes, as imported; they stay on sale", async () => {
    const owner = await signedIn({
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'owner' }],
    });
    const coOwner = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'owner' }],
    });
    const manager = await buildStaff(t.db, {
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'manager' }],
    });
    const preview = await withSupplier(t.db, { id: supplier.supplierId }, (trx) =>
      previewCodeExport(trx, { skuId: shop.skuId }),
    );
    expect(preview).toMatchObject({ which: 'sku', unsold: 7, productName: '王者荣耀点券' });
    const stockBefore = await stock(shop.skuId);

    const file = await exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, {
      skuId: shop.skuId,
    });
    const lines = linesOf(file.text);
    expect(file.count).toBe(7);
    expect(file.offSale).toBe(false);
    expect(new Set(lines)).toEqual(
      new Set([
        ...shop.codes.filter((c) => !taken.includes(c)),
        'CARD-0001 PASS-0001',
        'CARD-0002 PASS-0002 2031-06-30',
        '"""Q""" PW',
      ]),
    );
    for (const code of taken) expect(lines).not.toContain(code);
    expect(file.filename).toMatch(/^卡密_王者荣耀点券_面值_10_元_\d{8}-\d{4}\.txt$/);
    expect(file.asciiFilename).toMatch(/^codes-\d{8}-\d{4}\.txt$/);
    expect(await stock(shop.skuId)).toEqual(stockBefore);
    expect((await codeStates(shop.skuId)).available).toBe(7);

    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['target_type', 'target_id', 'data'])
      .where('action', '=', 'supplier.codes_exported')
      .where('actor_id', '=', owner.staff.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      target_type: 'sku',
      target_id: shop.skuId,
      data: {
        supplierId: supplier.supplierId,
        skuId: shop.skuId,
        batchId: null,
        count: 7,
        offSale: false,
      },
    });
    expect(JSON.stringify(audit)).not.toContain('CARD-0001');

    // The supplier's owners are told (in-site and mail); the manager is not.
    const notices = await t.owner
      .selectFrom('staff_notices')
      .select(['user_id', 'body'])
      .where('kind', '=', 'codes_exported')
      .where('user_id', 'in', [owner.staff.id, coOwner.id, manager.id])
      .execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual([owner.staff.id, coOwner.id].sort());
    expect(notices[0]!.body).toContain(
      '导出了「王者荣耀点券 / 面值 10 元」的 7 条未售卡密，这些卡密仍在售',
    );
    expect(notices[0]!.body).not.toContain('CARD-0001');
    const mail = await listDevInbox(t.runtime.env.DATA_DIR, { to: coOwner.email });
    expect(mail.map((m) => m.subject)).toEqual(['【卡盟云】账号安全提醒：卡密已导出']);
    expect(await listDevInbox(t.runtime.env.DATA_DIR, { to: manager.email })).toEqual([]);
  });

  test('导出并下架 takes the batch off sale in the same step: codes voided, stock counters move', async () => {
    const owner = await signedIn({
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'owner' }],
    });
    const before = await stock(shop.skuId);
    const file = await exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, {
      batchId: pairsBatch,
      offSale: true,
    });
    expect(linesOf(file.text).sort()).toEqual(
      ['CARD-0001 PASS-0001', 'CARD-0002 PASS-0002 2031-06-30', '"""Q""" PW'].sort(),
    );
    const after = await stock(shop.skuId);
    expect(after).toEqual({ ...before, available: before.available - 3 });
    const batch = await t.owner
      .selectFrom('code_batches')
      .select(['voided'])
      .where('id', '=', pairsBatch)
      .executeTakeFirstOrThrow();
    expect(batch.voided).toBe(3);
    const states = await t.owner
      .selectFrom('card_codes')
      .select('state')
      .where('batch_id', '=', pairsBatch)
      .execute();
    expect(states.map((s) => s.state)).toEqual(['voided', 'voided', 'voided']);
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['target_type', 'data'])
      .where('action', '=', 'supplier.codes_exported')
      .where('actor_id', '=', owner.staff.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      target_type: 'code_batch',
      data: { count: 3, offSale: true, batchId: pairsBatch },
    });

    // Nothing is left in that batch: a second export says so and changes nothing.
    const again = await refusal(
      exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, {
        batchId: pairsBatch,
        offSale: true,
      }),
    );
    expect(again).toMatchObject({ code: 'INVENTORY_NOTHING_TO_EXPORT', status: 409 });
    expect(await stock(shop.skuId)).toEqual(after);
  });

  test('a manager may not export; another supplier cannot reach this batch or SKU', async () => {
    const manager = await signedIn({
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'manager' }],
    });
    expect(
      await refusal(
        exportUnsoldCodes(ctx(), t.runtime.vault, manager.auth, supplier, { skuId: shop.skuId }),
      ),
    ).toMatchObject({ code: 'PERMISSION_DENIED', status: 403 });

    const other = await buildSupplier(t.db, { name: '别家货源' });
    const stranger = await signedIn({ supplierRoles: [{ supplierId: other.id, role: 'owner' }] });
    const theirs = { supplierId: other.id, ownerTenantId: null, name: '别家货源' };
    const firstBatch = await t.owner
      .selectFrom('code_batches')
      .select('id')
      .where('sku_id', '=', shop.skuId)
      .where('id', '!=', pairsBatch)
      .executeTakeFirstOrThrow();
    expect(
      await refusal(
        exportUnsoldCodes(ctx(), t.runtime.vault, stranger.auth, theirs, {
          batchId: firstBatch.id,
        }),
      ),
    ).toMatchObject({ code: 'INVENTORY_BATCH_NOT_FOUND', status: 404 });
    expect(
      await refusal(
        exportUnsoldCodes(ctx(), t.runtime.vault, stranger.auth, theirs, { skuId: shop.skuId }),
      ),
    ).toMatchObject({ code: 'INVENTORY_SKU_NOT_FOUND', status: 404 });
    // Naming the victim supplier does not help: they are not on its team.
    expect(
      await refusal(
        exportUnsoldCodes(ctx(), t.runtime.vault, stranger.auth, supplier, { skuId: shop.skuId }),
      ),
    ).toMatchObject({ status: 403 });
  });

  test('one person may export 10 times an hour', async () => {
    const owner = await signedIn({
      supplierRoles: [{ supplierId: supplier.supplierId, role: 'owner' }],
    });
    for (let i = 0; i < 10; i++) {
      await exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, { skuId: shop.skuId });
    }
    const error = await refusal(
      exportUnsoldCodes(ctx(), t.runtime.vault, owner.auth, supplier, { skuId: shop.skuId }),
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(error.userMessage).toMatch(/^导出卡密过于频繁，请 \d+ (分钟|小时)后再试$/);
  });

  test('a line reads back as the importer wrote it', () => {
    expect(codeExportLine({ code: 'A' }, null)).toBe('A');
    expect(codeExportLine({ code: 'A', password: 'B' }, '2030-01-01')).toBe('A B 2030-01-01');
    expect(codeExportLine({ code: '"A"' }, null)).toBe('"""A"""');
  });
});
