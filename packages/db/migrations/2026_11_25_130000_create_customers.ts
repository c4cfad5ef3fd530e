import { sql, type Kysely } from 'kysely';

// Customers belong to one shop: the same phone may hold separate accounts in two shops, and a
// session or a code of shop A means nothing in shop B. Security events go to tenant_audit_log
// with actor_type 'customer'.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customers (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text check (
        email = lower(email) and position('@' in email) > 1 and length(email) <= 254
      ),
      phone text check (phone ~ '^1[3-9][0-9]{9}$'),
      password_hash text,
      display_name text not null check (length(display_name) between 1 and 80),
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz,
      primary key (tenant_id, id),
      constraint customers_contact check (email is not null or phone is not null),
      constraint customers_email_key unique (tenant_id, email),
      constraint customers_phone_key unique (tenant_id, phone)
    );
    alter table customers enable row level security;
    alter table customers force row level security;
    create policy tenant_isolation on customers to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customers to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customers to cardshop_app, cardshop_platform;

    -- Lucia's design: the id is public, only sha256(secret) is stored.
    create table customer_sessions (
      tenant_id uuid not null,
      id text not null,
      customer_id uuid not null,
      secret_hash bytea not null,
      remember boolean not null default false,
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    );
    create index customer_sessions_customer on customer_sessions (tenant_id, customer_id);
    alter table customer_sessions enable row level security;
    alter table customer_sessions force row level security;
    create policy tenant_isolation on customer_sessions to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_sessions to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_sessions to cardshop_app, cardshop_platform;

    -- One-time codes: only an HMAC of the code is stored; a newer code for the same destination and
    -- purpose supersedes the older ones (they are marked consumed).
    create table verification_codes (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null,
      channel text not null check (channel in ('sms', 'email')),
      destination text not null check (length(destination) between 3 and 254),
      purpose text not null check (purpose in ('sign_in', 'register', 'reset_password', 'verify')),
      code_hash bytea not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      attempts integer not null default 0 check (attempts >= 0),
      consumed_at timestamptz,
      primary key (tenant_id, id)
    );
    create index verification_codes_destination
      on verification_codes (tenant_id, destination, purpose, created_at desc);
    alter table verification_codes enable row level security;
    alter table verification_codes force row level security;
    create policy tenant_isolation on verification_codes to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on verification_codes to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on verification_codes to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table verification_codes;
    drop table customer_sessions;
    drop table customers;
  `.execute(db);
}
