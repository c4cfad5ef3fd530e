import { sql, type Kysely } from 'kysely';

// The card-code inventory (卡密). Codes are stored only encrypted (AES-256-GCM, with the key id for
// rotation) next to an HMAC blind index that makes a code unique per SKU without decrypting it.
// Only the supplier that owns them (app.supplier_id) and the platform scope can read the rows.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table code_batches (
      id uuid primary key default gen_random_uuid(),
      supplier_id uuid not null references suppliers (id),
      sku_id uuid not null references skus (id),
      source text not null check (source in ('paste', 'file', 'cli')),
      filename text,
      status text not null default 'importing' check (status in ('importing', 'done', 'failed')),
      total_lines integer not null default 0,
      imported integer not null default 0,
      duplicates_in_file integer not null default 0,
      duplicates_in_stock integer not null default 0,
      malformed integer not null default 0,
      voided integer not null default 0,
      created_by uuid references staff_users (id),
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      error text
    );
    create index code_batches_sku on code_batches (sku_id, created_at desc);

    create table card_codes (
      id uuid primary key default gen_random_uuid(),
      sku_id uuid not null references skus (id),
      supplier_id uuid not null references suppliers (id),
      batch_id uuid not null references code_batches (id),
      key_id text not null,
      -- iv (12 bytes) || auth tag (16 bytes) || ciphertext of the JSON {code, password}
      sealed bytea not null,
      blind_index bytea not null,
      state text not null default 'available'
        check (state in ('available', 'reserved', 'sold', 'voided', 'quarantined', 'held')),
      -- Reusable codes (shared accounts) are one row sold up to sell_limit times.
      sell_limit integer not null default 1 check (sell_limit >= 1),
      sold_count integer not null default 0 check (sold_count >= 0 and sold_count <= sell_limit),
      expires_on date,
      reserved_until timestamptz,
      created_at timestamptz not null default now(),
      sold_at timestamptz,
      voided_at timestamptz,
      unique (sku_id, blind_index),
      check ((state = 'reserved') = (reserved_until is not null))
    );
    create index card_codes_available on card_codes (sku_id, created_at) where state = 'available';
    create index card_codes_batch on card_codes (batch_id);

    create table supplier_notifications (
      supplier_id uuid not null references suppliers (id),
      id uuid not null default gen_random_uuid(),
      kind text not null,
      title text not null,
      body text not null default '',
      data jsonb not null default '{}'::jsonb,
      read_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (supplier_id, id)
    );
    create index supplier_notifications_unread on supplier_notifications (supplier_id, created_at desc)
      where read_at is null;
  `.execute(db);

  for (const table of ['code_batches', 'card_codes', 'supplier_notifications']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy supplier_scope on ${sql.table(table)} to cardshop_app
        using (supplier_id = app_current_supplier()) with check (supplier_id = app_current_supplier());
      create policy platform_scope on ${sql.table(table)} to cardshop_platform using (true) with check (true);
      grant select, insert, update, delete on ${sql.table(table)} to cardshop_app, cardshop_platform;
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table supplier_notifications;
    drop table card_codes;
    drop table code_batches;
  `.execute(db);
}
