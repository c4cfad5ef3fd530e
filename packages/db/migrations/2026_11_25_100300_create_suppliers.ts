import { sql, type Kysely } from 'kysely';

// Suppliers and their goods are the shared catalog, not tenant-owned: shops see them through listings.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table suppliers (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 80),
      status text not null default 'pending'
        check (status in ('pending', 'approved', 'suspended', 'rejected')),
      contact_email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    grant select on suppliers to cardshop_app;
    grant select, insert, update, delete on suppliers to cardshop_platform;

    create table supplier_staff (
      supplier_id uuid not null references suppliers (id) on delete cascade,
      user_id uuid not null references staff_users (id) on delete cascade,
      role text not null check (role in ('owner', 'manager', 'support', 'finance')),
      created_at timestamptz not null default now(),
      primary key (supplier_id, user_id)
    );
    create index supplier_staff_user on supplier_staff (user_id);
    grant select on supplier_staff to cardshop_app;
    grant select, insert, update, delete on supplier_staff to cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table supplier_staff;
    drop table suppliers;
  `.execute(db);
}
