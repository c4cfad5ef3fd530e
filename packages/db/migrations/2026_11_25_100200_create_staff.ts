import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table staff_users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email = lower(email) and position('@' in email) > 1),
      display_name text not null check (length(display_name) between 1 and 80),
      password_hash text,
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz
    );
    create unique index staff_users_email on staff_users (email);
    grant select, update (password_hash, last_sign_in_at) on staff_users to cardshop_app;
    grant select, insert, update, delete on staff_users to cardshop_platform;

    create table platform_staff (
      user_id uuid primary key references staff_users (id) on delete cascade,
      role text not null check (role in ('admin', 'operator', 'support')),
      created_at timestamptz not null default now()
    );
    grant select on platform_staff to cardshop_app;
    grant select, insert, update, delete on platform_staff to cardshop_platform;

    -- Lucia's design: the id is public, only sha256(secret) is stored.
    create table staff_sessions (
      id text primary key,
      user_id uuid not null references staff_users (id) on delete cascade,
      secret_hash bytea not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index staff_sessions_user on staff_sessions (user_id);
    grant select, insert, update, delete on staff_sessions to cardshop_app, cardshop_platform;

    create table tenant_memberships (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null references staff_users (id) on delete cascade,
      role text not null check (role in ('owner', 'manager', 'support', 'finance')),
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id)
    );
    create index tenant_memberships_user on tenant_memberships (user_id);
    alter table tenant_memberships enable row level security;
    alter table tenant_memberships force row level security;
    create policy tenant_isolation on tenant_memberships to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on tenant_memberships to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on tenant_memberships to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table tenant_memberships;
    drop table staff_sessions;
    drop table platform_staff;
    drop table staff_users;
  `.execute(db);
}
