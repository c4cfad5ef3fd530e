import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { openEmbedded, type Database } from './client.js';
import { migrateToLatest } from './migrate.js';
import { asPlatform, asSystem, withTenant } from './scope.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './testing/index.js';

/** Order lines written by the factory below take numbers 1, 2, ... (the fixture's own are 45-50). */
let lineNo = 0;

/**
 * One valid row per tenant table. A new tenant table without an entry here fails the suite, so its
 * isolation is tested the day it is added.
 */
const rowFactories: Record<string, (tenantId: string, ids: Fixture) => Record<string, unknown>> = {
  tenant_domains: (tenantId) => ({
    tenant_id: tenantId,
    hostname: `shop-${randomUUID().slice(0, 8)}.example.com`,
    verification_token: randomUUID(),
  }),
  tenant_memberships: (tenantId, ids) => ({
    tenant_id: tenantId,
    user_id: ids.userId,
    role: 'support',
  }),
  tenant_audit_log: (tenantId) => ({
    tenant_id: tenantId,
    actor_type: 'system',
    action: 'test.event',
  }),
  shop_categories: (tenantId) => ({
    tenant_id: tenantId,
    slug: `c-${randomUUID().slice(0, 8)}`,
    name: '分类',
  }),
  listings: (tenantId, ids) => ({
    tenant_id: tenantId,
    sku_id: ids.skuIds.shift(),
    sku_owner_key: '00000000-0000-0000-0000-000000000000',
    product_id: ids.productId,
    pricing_mode: 'fixed',
    retail_price_fen: 1200,
    price_fen: 1200,
  }),
  tenant_notifications: (tenantId) => ({ tenant_id: tenantId, kind: 'test', title: '通知' }),
  customers: (tenantId) => ({
    tenant_id: tenantId,
    email: `c-${randomUUID().slice(0, 8)}@example.com`,
    display_name: '顾客',
  }),
  customer_sessions: (tenantId, ids) => ({
    tenant_id: tenantId,
    id: randomUUID().replace(/-/g, ''),
    customer_id: ids.customerIds[tenantId],
    secret_hash: Buffer.alloc(32),
    expires_at: new Date(Date.now() + 60_000),
  }),
  verification_codes: (tenantId) => ({
    tenant_id: tenantId,
    id: randomUUID(),
    channel: 'sms',
    destination: '13800000000',
    purpose: 'sign_in',
    code_hash: Buffer.alloc(32),
    expires_at: new Date(Date.now() + 60_000),
  }),
  // --- buying (issue 4) ---
  orders: (tenantId) => ({
    tenant_id: tenantId,
    number: String(Math.floor(Math.random() * 1e16)).padStart(16, '0'),
    idempotency_key: `idem-${randomUUID()}`,
    request_hash: Buffer.alloc(32),
    contact_email: 'buyer@example.com',
    lookup_password_hash: 'x',
    total_fen: 1200,
    wholesale_fen: 1000,
    expires_at: new Date(Date.now() + 60_000),
  }),
  order_lines: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    line_no: ++lineNo,
    listing_id: randomUUID(),
    product_id: ids.productId,
    sku_id: ids.orders[tenantId]!.skuId,
    supplier_id: ids.supplierId,
    product_type: 'card_code',
    product_name: 'P',
    sku_name: 'S',
    unit_price_fen: 1200,
    unit_wholesale_fen: 1000,
    quantity: 1,
  }),
  payments: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    provider: 'test',
    amount_fen: 1200,
  }),
  payment_notifications: (tenantId, ids) => ({
    tenant_id: tenantId,
    provider: 'test',
    event_id: randomUUID(),
    provider_transaction_id: randomUUID(),
    payment_id: ids.orders[tenantId]!.paymentId,
    body_sha256: Buffer.alloc(32),
    amount_fen: 1200,
    currency: 'CNY',
    outcome: 'ignored',
  }),
  refunds: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    amount_fen: 100,
    destination: 'balance',
    reason: 'requested',
  }),
  fulfilment_tasks: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    order_line_id: ids.orders[tenantId]!.lineIds.shift(),
    supplier_id: ids.supplierId,
    sku_id: ids.orders[tenantId]!.skuId,
    product_name: 'P',
    sku_name: 'S',
    quantity: 1,
    account: '{}',
  }),
  shipments: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    order_line_id: ids.orders[tenantId]!.lineIds.shift(),
    supplier_id: ids.supplierId,
    sku_id: ids.orders[tenantId]!.skuId,
    product_name: 'P',
    sku_name: 'S',
    quantity: 1,
    address: '{}',
  }),
  // --- end buying ---
  // --- payments over HTTP, codes mail (issue 4) ---
  test_gateway_charges: (tenantId, ids) => ({
    tenant_id: tenantId,
    payment_id: ids.orders[tenantId]!.paymentId,
    status: 'failed',
    event_id: randomUUID(),
    transaction_id: randomUUID(),
  }),
  order_code_emails: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    recipient: 'buyer@example.com',
  }),
  // --- end payments over HTTP ---
  // --- order page (issue 4) ---
  code_reveals: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_id: ids.orders[tenantId]!.orderId,
    scope: 'all',
    via: 'page',
    browser_id: 'browser-1',
  }),
  // --- end order page ---
  // --- carts (issue 4) ---
  carts: (tenantId) => ({
    tenant_id: tenantId,
    guest_token_hash: Buffer.from(randomUUID().replace(/-/g, '').repeat(2), 'hex'),
  }),
  cart_items: (tenantId, ids) => ({
    tenant_id: tenantId,
    cart_id: ids.carts[tenantId]!.cartId,
    listing_id: ids.carts[tenantId]!.listingId,
    quantity: 1,
  }),
  // --- end carts ---
  // --- balance top-ups (issue 4) ---
  balance_topups: (tenantId, ids) => ({
    tenant_id: tenantId,
    customer_id: ids.customerIds[tenantId],
    amount_fen: 5000,
    expires_at: new Date(Date.now() + 30 * 60_000),
  }),
  // --- end balance top-ups ---
  // --- two-step verification and security notices (issue 5) ---
  customer_two_factor: (tenantId, ids) => ({
    tenant_id: tenantId,
    customer_id: ids.customerIds[tenantId],
    pending_secret_sealed: Buffer.alloc(48),
    pending_created_at: new Date(),
  }),
  customer_recovery_codes: (tenantId, ids) => ({
    tenant_id: tenantId,
    customer_id: ids.customerIds[tenantId],
    code_hash: Buffer.from(randomUUID().replace(/-/g, '').repeat(2), 'hex'),
  }),
  customer_notices: (tenantId, ids) => ({
    tenant_id: tenantId,
    customer_id: ids.customerIds[tenantId],
    kind: 'test',
    title: '安全提醒',
    body: '测试',
  }),
  // --- end two-step verification ---
  // --- sign-in with WeChat / QQ, contact proofs (issue 5) ---
  customer_identities: (tenantId, ids) => {
    const subject = `o${randomUUID().replace(/-/g, '')}`;
    return {
      tenant_id: tenantId,
      customer_id: ids.customerIds[tenantId],
      provider: 'wechat',
      subject,
      openid: subject,
      nickname: '微信用户',
    };
  },
  customer_oauth_flows: (tenantId) => ({
    tenant_id: tenantId,
    id: randomUUID(),
    provider: 'qq',
    intent: 'sign_in',
    browser_hash: Buffer.alloc(32),
    redirect_uri: 'http://shop.example.com/auth/qq/callback',
    expires_at: new Date(Date.now() + 10 * 60_000),
  }),
  customer_contact_proofs: (tenantId, ids) => ({
    tenant_id: tenantId,
    session_id: randomUUID().replace(/-/g, ''),
    customer_id: ids.customerIds[tenantId],
    kind: 'phone',
    destination: '13900000000',
  }),
  // --- end sign-in with WeChat / QQ ---
  // --- team invitations (issue 5, item 5) ---
  tenant_invitations: (tenantId) => ({
    tenant_id: tenantId,
    id: Array.from(
      crypto.getRandomValues(new Uint8Array(24)),
      (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b >> 3],
    ).join(''),
    email: `invitee-${randomUUID().slice(0, 8)}@example.com`,
    role: 'support',
    token_hash: Buffer.alloc(32),
    expires_at: new Date(Date.now() + 60_000),
  }),
  // --- end team invitations ---
  // --- payout accounts (issue 5, item 8) ---
  shop_payout_accounts: (tenantId) => ({
    tenant_id: tenantId,
    kind: 'alipay',
    account_hint: '138****8000',
    holder_hint: '**三',
    sealed: Buffer.alloc(64, 1),
  }),
  // --- end payout accounts ---
  // --- counted stock for physical cards ---
  stock_holds: (tenantId, ids) => ({
    tenant_id: tenantId,
    order_line_id: ids.orders[tenantId]!.lineIds.shift(),
    order_id: ids.orders[tenantId]!.orderId,
    sku_id: ids.orders[tenantId]!.skuId,
    supplier_id: ids.supplierId,
    quantity: 1,
  }),
  // --- end counted stock ---
  // --- shop API keys ---
  api_keys: (tenantId) => ({
    tenant_id: tenantId,
    name: 'ERP',
    prefix: randomUUID().replace(/-/g, '').slice(0, 12),
    secret_hash: Buffer.alloc(32),
    scopes: ['orders:read'],
  }),
  // --- end shop API keys ---
};

interface Fixture {
  tenantA: string;
  tenantB: string;
  userId: string;
  productId: string;
  /** Fresh SKUs for factories that need one per row (listings are unique per shop and SKU). */
  skuIds: string[];
  /** One customer per shop, for rows that belong to a customer (sessions). */
  customerIds: Record<string, string>;
  supplierId: string;
  /** Per shop: an order with a payment, and order lines for rows that hang off one line each. */
  orders: Record<string, { orderId: string; paymentId: string; skuId: string; lineIds: string[] }>;
  /** Per shop: a customer's cart and a listing, for cart items. */
  carts: Record<string, { cartId: string; listingId: string }>;
}

async function tenantTables(db: Database): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by 1`.execute(db);
  return rows.map((r) => r.table_name);
}

/** Tenant tables lacking enabled RLS, forced RLS, or a policy that applies to the app role. */
async function unprotectedTenantTables(db: Database): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      and not (c.relrowsecurity and c.relforcerowsecurity and exists (
        select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
          and ('cardshop_app' = any(p.roles) or 'public' = any(p.roles))))
    order by 1`.execute(db);
  return rows.map((r) => r.relname);
}

async function seedFixture(owner: Database): Promise<Fixture> {
  const [a, b] = await owner
    .insertInto('tenants')
    .values([
      { slug: `a-${randomUUID().slice(0, 8)}`, name: 'Shop A', branding: '{}' },
      { slug: `b-${randomUUID().slice(0, 8)}`, name: 'Shop B', branding: '{}' },
    ])
    .returning('id')
    .execute();
  const user = await owner
    .insertInto('staff_users')
    .values({ email: `u-${randomUUID().slice(0, 8)}@example.com`, display_name: 'U' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const supplier = await owner
    .insertInto('suppliers')
    .values({ slug: `s-${randomUUID().slice(0, 8)}`, name: 'S', status: 'approved' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const category = await owner
    .insertInto('categories')
    .values({ slug: `cat-${randomUUID().slice(0, 8)}`, name: '游戏', name_en: 'Games' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const product = await owner
    .insertInto('products')
    .values({
      supplier_id: supplier.id,
      category_id: category.id,
      type: 'card_code',
      name: 'P',
      topup_fields: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const skus = await owner
    .insertInto('skus')
    .values(
      Array.from({ length: 12 }, (_, i) => ({
        product_id: product.id,
        supplier_id: supplier.id,
        name: `SKU ${i}`,
        wholesale_price_fen: 1000,
      })),
    )
    .returning('id')
    .execute();
  const skuIds = skus.map((r) => r.id);
  const customers = await owner
    .insertInto('customers')
    .values(
      [a!.id, b!.id].map((tenant_id) => ({ tenant_id, phone: '13900000000', display_name: 'C' })),
    )
    .returning(['tenant_id', 'id'])
    .execute();
  const orders: Fixture['orders'] = {};
  for (const tenantId of [a!.id, b!.id]) {
    const skuId = skuIds.pop()!;
    const order = await owner
      .insertInto('orders')
      .values({
        tenant_id: tenantId,
        number: String(Math.floor(Math.random() * 1e16)).padStart(16, '0'),
        idempotency_key: `idem-${randomUUID()}`,
        request_hash: Buffer.alloc(32),
        contact_phone: '13900000000',
        lookup_password_hash: 'x',
        total_fen: 1200,
        wholesale_fen: 1000,
        expires_at: new Date(Date.now() + 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Tasks, shipments and stock holds are one per line, and each may be written twice per shop.
    const lines = await owner
      .insertInto('order_lines')
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          tenant_id: tenantId,
          order_id: order.id,
          line_no: 50 - i,
          listing_id: randomUUID(),
          product_id: product.id,
          sku_id: skuId,
          supplier_id: supplier.id,
          product_type: 'card_code' as const,
          product_name: 'P',
          sku_name: 'S',
          unit_price_fen: 1200,
          unit_wholesale_fen: 1000,
          quantity: 1,
        })),
      )
      .returning('id')
      .execute();
    const payment = await owner
      .insertInto('payments')
      .values({ tenant_id: tenantId, order_id: order.id, provider: 'test', amount_fen: 1200 })
      .returning('id')
      .executeTakeFirstOrThrow();
    orders[tenantId] = {
      orderId: order.id,
      paymentId: payment.id,
      skuId,
      lineIds: lines.map((l) => l.id),
    };
  }
  const carts: Fixture['carts'] = {};
  for (const customer of customers) {
    const listing = await owner
      .insertInto('listings')
      .values({
        tenant_id: customer.tenant_id,
        sku_id: skuIds.pop()!,
        sku_owner_key: '00000000-0000-0000-0000-000000000000',
        product_id: product.id,
        pricing_mode: 'fixed',
        retail_price_fen: 1200,
        price_fen: 1200,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cart = await owner
      .insertInto('carts')
      .values({ tenant_id: customer.tenant_id, customer_id: customer.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    carts[customer.tenant_id] = { cartId: cart.id, listingId: listing.id };
  }
  return {
    tenantA: a!.id,
    tenantB: b!.id,
    userId: user.id,
    productId: product.id,
    skuIds,
    customerIds: Object.fromEntries(customers.map((c) => [c.tenant_id, c.id])),
    supplierId: supplier.id,
    orders,
    carts,
  };
}

async function insertRow(db: Database, table: string, row: Record<string, unknown>) {
  // The tables are enumerated at run time, so the typed builder cannot name them.
  const columns = Object.keys(row);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    values (${sql.join(columns.map((c) => row[c]))})`.execute(db);
}

/** The assertions shared by the server and the embedded database. */
function isolationSuite(get: () => { owner: Database; app: Database }) {
  let fixture: Fixture;
  let tables: string[];

  beforeAll(async () => {
    const { owner } = get();
    fixture = await seedFixture(owner);
    tables = await tenantTables(owner);
    for (const table of tables) {
      const factory = rowFactories[table];
      if (!factory) continue;
      await insertRow(owner, table, factory(fixture.tenantA, fixture));
      await insertRow(owner, table, factory(fixture.tenantB, fixture));
    }
  });

  test('every table with a tenant_id has RLS enabled and forced, with a policy for the app role', async () => {
    const { owner } = get();
    expect(tables.length).toBeGreaterThanOrEqual(3);
    expect(await unprotectedTenantTables(owner)).toEqual([]);
  });

  test('primary and unique keys of tenant tables lead with tenant_id', async () => {
    const { owner } = get();
    const { rows } = await sql<{
      table_name: string;
      constraint_name: string;
      first_column: string;
    }>`
      select rel.relname as table_name, con.conname as constraint_name, att.attname as first_column
      from pg_constraint con
      join pg_class rel on rel.oid = con.conrelid
      join pg_namespace n on n.oid = rel.relnamespace
      join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
      where n.nspname = 'public' and con.contype in ('p', 'u') and rel.relname = any(${tables})`.execute(
      owner,
    );
    expect(rows.filter((r) => r.constraint_name.endsWith('_pkey'))).toHaveLength(tables.length);
    for (const row of rows)
      expect(`${row.table_name}.${row.constraint_name}: ${row.first_column}`).toMatch(
        /: tenant_id$/,
      );
  });

  test('every tenant table has a row factory in this test', () => {
    expect(tables.filter((t) => !rowFactories[t])).toEqual([]);
  });

  test('under tenant A, a query with no tenant filter sees no row of tenant B', async () => {
    const { app } = get();
    for (const table of tables) {
      const seen = await withTenant(app, fixture.tenantA, (trx) =>
        sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(trx),
      );
      const owners = new Set(seen.rows.map((r) => r.tenant_id));
      expect({ table, owners: [...owners] }).toEqual({ table, owners: [fixture.tenantA] });
    }
  });

  test('under tenant A, writing a row for tenant B fails and changing B rows touches nothing', async () => {
    const { app } = get();
    for (const table of tables) {
      const factory = rowFactories[table]!;
      await expect(
        withTenant(app, fixture.tenantA, (trx) =>
          insertRow(trx, table, factory(fixture.tenantB, fixture)),
        ),
        table,
      ).rejects.toThrow(/row-level security/);
      if (table !== 'tenant_audit_log') {
        const moved = await withTenant(app, fixture.tenantA, (trx) =>
          sql`update ${sql.table(table)} set tenant_id = ${fixture.tenantA} where tenant_id = ${fixture.tenantB}`.execute(
            trx,
          ),
        );
        expect({ table, updated: Number(moved.numAffectedRows) }).toEqual({ table, updated: 0 });
        const deleted = await withTenant(app, fixture.tenantA, (trx) =>
          sql`delete from ${sql.table(table)} where tenant_id = ${fixture.tenantB}`.execute(trx),
        );
        expect({ table, deleted: Number(deleted.numAffectedRows) }).toEqual({ table, deleted: 0 });
      }
    }
  });

  test('without a tenant the application role sees no tenant rows at all', async () => {
    const { app } = get();
    for (const table of tables) {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)}`.execute(app);
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
    }
  });

  test('the tenant does not outlive its transaction on the connection', async () => {
    const { app } = get();
    await withTenant(app, fixture.tenantA, async () => {});
    const { rows } = await sql<{
      t: string | null;
    }>`select app_current_tenant()::text as t`.execute(app);
    expect(rows[0]!.t).toBeNull();
  });

  test('asPlatform sees every tenant and records who opened the scope', async () => {
    const { app } = get();
    const actorId = randomUUID();
    const owners = await asPlatform(
      app,
      { actor: { type: 'staff', id: actorId, ip: '203.0.113.9' }, purpose: 'isolation test' },
      async (trx) => {
        const { rows } = await sql<{
          tenant_id: string;
        }>`select distinct tenant_id from tenant_memberships`.execute(trx);
        return rows.map((r) => r.tenant_id).sort();
      },
    );
    expect(owners).toEqual([fixture.tenantA, fixture.tenantB].sort());
    const audit = await asSystem(app, (trx) =>
      trx.selectFrom('platform_audit_log').selectAll().where('actor_id', '=', actorId).execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'platform.scope',
      ip: '203.0.113.9',
      data: { purpose: 'isolation test' },
    });
  });

  test('the audit log is append-only, even for its owner', async () => {
    const { owner } = get();
    await expect(
      sql`update tenant_audit_log set action = 'tampered'`.execute(owner),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from platform_audit_log`.execute(owner)).rejects.toThrow(/append-only/);
  });
}

describe('tenant isolation on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());
  isolationSuite(() => ({ owner: t.owner.db, app: t.app.db }));

  test('verified custom domains are readable for routing, yet only their shop may change them', async () => {
    const [a, b] = await t.owner.db
      .insertInto('tenants')
      .values([
        { slug: `va-${randomUUID().slice(0, 8)}`, name: 'VA', branding: '{}' },
        { slug: `vb-${randomUUID().slice(0, 8)}`, name: 'VB', branding: '{}' },
      ])
      .returning('id')
      .execute();
    const hostname = `verified-${randomUUID().slice(0, 8)}.example.com`;
    await t.owner.db
      .insertInto('tenant_domains')
      .values({
        tenant_id: b!.id,
        hostname,
        status: 'verified',
        verified_at: new Date(),
        verification_token: 'x',
      })
      .execute();
    const seen = await withTenant(t.app.db, a!.id, (trx) =>
      trx
        .selectFrom('tenant_domains')
        .select('tenant_id')
        .where('hostname', '=', hostname)
        .execute(),
    );
    expect(seen).toEqual([{ tenant_id: b!.id }]);
    const changed = await withTenant(t.app.db, a!.id, (trx) =>
      trx
        .updateTable('tenant_domains')
        .set({ status: 'failed', verified_at: null })
        .where('hostname', '=', hostname)
        .executeTakeFirst(),
    );
    expect(Number(changed.numUpdatedRows)).toBe(0);
  });

  test('a tenant table added without a forced policy is caught', async () => {
    const scratch = await createTestDatabase();
    try {
      await sql`create table rogue_notes (tenant_id uuid not null, id uuid, primary key (tenant_id, id))`.execute(
        scratch.owner.db,
      );
      await sql`create table half_done (tenant_id uuid not null primary key)`.execute(
        scratch.owner.db,
      );
      await sql`alter table half_done enable row level security`.execute(scratch.owner.db);
      expect(await unprotectedTenantTables(scratch.owner.db)).toEqual(['half_done', 'rogue_notes']);
    } finally {
      await scratch.drop();
    }
  });

  test('no application role can bypass RLS, and the app role owns no table', async () => {
    const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
      select rolname, rolsuper, rolbypassrls from pg_roles where rolname like 'cardshop%'`.execute(
      t.owner.db,
    );
    expect(rows.map((r) => r.rolname).sort()).toEqual(['cardshop_app', 'cardshop_platform']);
    for (const row of rows) expect(row).toMatchObject({ rolsuper: false, rolbypassrls: false });
    const owned = await sql<{ n: number }>`
      select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner like 'cardshop%'`.execute(
      t.owner.db,
    );
    expect(owned.rows[0]!.n).toBe(0);
    const who = await sql<{ u: string }>`select current_user as u`.execute(t.app.db);
    expect(who.rows[0]!.u).toBe('cardshop_app');
  });
});

describe('npm run db:migrate on an empty PostgreSQL database', () => {
  const name = `cardshop_test_${process.env.CARDSHOP_TEST_RUN ?? 'x'}_cli_${randomUUID().slice(0, 6)}`;
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  });

  test('leaves every tenant_id table with forced RLS and a policy', async () => {
    const c = admin();
    await c.connect();
    await c.query(`create database "${name}"`);
    await c.end();
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'packages/db/src/cli/migrate.ts'], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      cwd: new URL('../../..', import.meta.url).pathname,
    });
    expect(stdout).toMatch(/✓ Up 2026_11_25_100100_create_tenants/);
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const { rows } = await check.query<{ relname: string; ok: boolean }>(`
      select c.relname, c.relrowsecurity and c.relforcerowsecurity
        and exists (select 1 from pg_policies p where p.tablename = c.relname) as ok
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`);
    await check.end();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
  });
});

describe('tenant isolation on the embedded database (PGlite)', () => {
  let close: () => Promise<void>;
  let db: Database;
  let appDb: Database;
  beforeAll(async () => {
    // PGlite is one session: the owner seeds first, then the session drops to the app role.
    const embedded = await openEmbedded({});
    db = embedded.handle.db;
    close = embedded.handle.close;
    await migrateToLatest(db);
    appDb = db;
  });
  afterAll(() => close?.());

  test('the same migrations force RLS there too, and the app role sees only its tenant', async () => {
    const tables = await tenantTables(db);
    const fixture = await seedFixture(db);
    for (const table of tables) {
      const factory = rowFactories[table]!;
      await insertRow(db, table, factory(fixture.tenantA, fixture));
      await insertRow(db, table, factory(fixture.tenantB, fixture));
    }
    await sql`set role cardshop_app`.execute(appDb);
    for (const table of tables) {
      const seen = await withTenant(appDb, fixture.tenantA, (trx) =>
        sql<{ tenant_id: string }>`select distinct tenant_id from ${sql.table(table)}`.execute(trx),
      );
      expect({ table, owners: seen.rows.map((r) => r.tenant_id) }).toEqual({
        table,
        owners: [fixture.tenantA],
      });
      await expect(
        withTenant(appDb, fixture.tenantA, (trx) =>
          insertRow(trx, table, rowFactories[table]!(fixture.tenantB, fixture)),
        ),
      ).rejects.toThrow(/row-level security/);
    }
  });
});
