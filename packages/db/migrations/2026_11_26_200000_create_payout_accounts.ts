import { sql, type Kysely } from 'kysely';

// Payout (withdrawal) accounts of shops and suppliers: an Alipay account or a bank card. The whole
// account is sealed with AES-256-GCM (a key derived from APP_SECRET, the account's scope as
// associated data); only hints fit to show (138****8000, the last four digits, **三) and the
// bank's name are kept in clear. One account per shop (tenant scope) and per supplier (supplier
// scope); changing it replaces the row.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, scope, parent] of [
    ['shop_payout_accounts', 'tenant_id', 'tenants'],
    ['supplier_payout_accounts', 'supplier_id', 'suppliers'],
  ] as const) {
    await sql`
      create table ${sql.table(table)} (
        ${sql.ref(scope)} uuid primary key references ${sql.table(parent)} (id) on delete cascade,
        kind text not null check (kind in ('alipay', 'bank_card')),
        bank_name text check (length(bank_name) between 2 and 40),
        account_hint text not null check (length(account_hint) between 1 and 80),
        holder_hint text not null check (length(holder_hint) between 1 and 40),
        sealed bytea not null check (length(sealed) > 29),
        updated_by uuid references staff_users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((kind = 'bank_card') = (bank_name is not null))
      );
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
  await sql`
    create policy tenant_isolation on shop_payout_accounts to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy supplier_scope on supplier_payout_accounts to cardshop_app
      using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table supplier_payout_accounts;
    drop table shop_payout_accounts;
  `.execute(db);
}
