import { sql, type Kysely } from 'kysely';

// Two-step verification (TOTP) and second confirmation for sensitive operations, for console staff
// and shop customers alike:
// - *_two_factor: the authenticator secret sealed with AES-256-GCM (a key derived from APP_SECRET),
//   an enrolment in progress (pending_*), and the newest time step accepted, so a code is never
//   accepted twice.
// - *_recovery_codes: single-use codes, only a keyed hash stored.
// - *_sessions.confirmed_at: when the person last proved it was them again (password or a fresh
//   code); a sensitive operation wants it within the last few minutes.
// - *_notices: security notices for the account holder (站内信), beside the mail or SMS sent.
// Staff tables carry no tenant (a console account spans shops), like staff_sessions.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table staff_two_factor (
      user_id uuid primary key references staff_users (id) on delete cascade,
      secret_sealed bytea,
      enabled_at timestamptz,
      last_used_step bigint,
      pending_secret_sealed bytea,
      pending_created_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint staff_two_factor_enabled check ((secret_sealed is null) = (enabled_at is null)),
      constraint staff_two_factor_pending
        check ((pending_secret_sealed is null) = (pending_created_at is null))
    );
    grant select, insert, update, delete on staff_two_factor to cardshop_app, cardshop_platform;

    create table staff_recovery_codes (
      user_id uuid not null references staff_users (id) on delete cascade,
      code_hash bytea not null check (length(code_hash) = 32),
      created_at timestamptz not null default now(),
      used_at timestamptz,
      primary key (user_id, code_hash)
    );
    grant select, insert, update, delete on staff_recovery_codes to cardshop_app, cardshop_platform;

    alter table staff_sessions add column confirmed_at timestamptz;

    create table staff_notices (
      user_id uuid not null references staff_users (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      kind text not null check (length(kind) between 1 and 60),
      title text not null check (length(title) between 1 and 200),
      body text not null check (length(body) <= 2000),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (user_id, id)
    );
    create index staff_notices_recent on staff_notices (user_id, created_at desc);
    grant select, insert, update, delete on staff_notices to cardshop_app, cardshop_platform;

    create table customer_two_factor (
      tenant_id uuid not null,
      customer_id uuid not null,
      secret_sealed bytea,
      enabled_at timestamptz,
      last_used_step bigint,
      pending_secret_sealed bytea,
      pending_created_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, customer_id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      constraint customer_two_factor_enabled check ((secret_sealed is null) = (enabled_at is null)),
      constraint customer_two_factor_pending
        check ((pending_secret_sealed is null) = (pending_created_at is null))
    );
    alter table customer_two_factor enable row level security;
    alter table customer_two_factor force row level security;
    create policy tenant_isolation on customer_two_factor to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_two_factor to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_two_factor to cardshop_app, cardshop_platform;

    create table customer_recovery_codes (
      tenant_id uuid not null,
      customer_id uuid not null,
      code_hash bytea not null check (length(code_hash) = 32),
      created_at timestamptz not null default now(),
      used_at timestamptz,
      primary key (tenant_id, customer_id, code_hash),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    );
    alter table customer_recovery_codes enable row level security;
    alter table customer_recovery_codes force row level security;
    create policy tenant_isolation on customer_recovery_codes to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_recovery_codes to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_recovery_codes to cardshop_app, cardshop_platform;

    alter table customer_sessions add column confirmed_at timestamptz;

    create table customer_notices (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      kind text not null check (length(kind) between 1 and 60),
      title text not null check (length(title) between 1 and 200),
      body text not null check (length(body) <= 2000),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    );
    create index customer_notices_recent on customer_notices (tenant_id, customer_id, created_at desc);
    alter table customer_notices enable row level security;
    alter table customer_notices force row level security;
    create policy tenant_isolation on customer_notices to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_notices to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_notices to cardshop_app, cardshop_platform;

    -- A code sent to a new phone or email before the account switches to it.
    alter table verification_codes drop constraint verification_codes_purpose_check;
    alter table verification_codes add constraint verification_codes_purpose_check check (
      purpose in ('sign_in', 'register', 'reset_password', 'verify', 'order_lookup', 'change_contact')
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from verification_codes where purpose = 'change_contact';
    alter table verification_codes drop constraint verification_codes_purpose_check;
    alter table verification_codes add constraint verification_codes_purpose_check check (
      purpose in ('sign_in', 'register', 'reset_password', 'verify', 'order_lookup')
    );
    drop table customer_notices;
    alter table customer_sessions drop column confirmed_at;
    drop table customer_recovery_codes;
    drop table customer_two_factor;
    drop table staff_notices;
    alter table staff_sessions drop column confirmed_at;
    drop table staff_recovery_codes;
    drop table staff_two_factor;
  `.execute(db);
}
