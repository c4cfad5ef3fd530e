import { sql, type Kysely } from 'kysely';

// A shop's API keys for the public API (/api/v1). The key is shown once as
// `cs_live_<prefix>_<secret>`; only sha256(secret) is stored. The prefix names the key in lists
// and finds it on each request; a key is revoked (revoked_at), never deleted, so the audit log
// keeps pointing at something.
//
// A request carries a key and nothing else: its shop is unknown until the key is found. The
// lookup goes through app_api_key_lookup(prefix), a security-definer function returning the one
// row with that prefix (its shop, hash, scopes and whether it is in force: not revoked, not
// expired, its shop not suspended or closed), rather than through the platform scope: asPlatform
// writes an audit row per use (one per API call would drown the log) and asSystem is for the
// platform's machinery, not for requests. Everything after the lookup runs in the key's tenant
// scope, under RLS.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_keys (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 40),
      prefix text not null check (prefix ~ '^[A-Za-z0-9]{12}$'),
      secret_hash bytea not null check (length(secret_hash) = 32),
      scopes text[] not null check (
        cardinality(scopes) between 1 and 2 and scopes <@ array['catalog:read', 'orders:read']
      ),
      created_by uuid references staff_users (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      last_used_ip text check (length(last_used_ip) <= 64),
      revoked_at timestamptz,
      revoked_by uuid references staff_users (id) on delete set null,
      primary key (tenant_id, id),
      check (expires_at is null or expires_at > created_at)
    );
    -- The token names its key by prefix alone (the request has no shop yet).
    create unique index api_keys_prefix on api_keys (prefix);
    create index api_keys_by_time on api_keys (tenant_id, created_at desc);
    alter table api_keys enable row level security;
    alter table api_keys force row level security;
    create policy tenant_isolation on api_keys to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on api_keys to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on api_keys to cardshop_app, cardshop_platform;

    create function app_api_key_lookup(p_prefix text)
      returns table (
        tenant_id uuid, key_id uuid, secret_hash bytea, scopes text[], active boolean,
        last_used_at timestamptz
      )
      language sql stable security definer
      set search_path = pg_catalog, public
      as $$
        select k.tenant_id, k.id, k.secret_hash, k.scopes,
               k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
                 and t.status = 'active',
               k.last_used_at
        from public.api_keys k
        join public.tenants t on t.id = k.tenant_id
        where k.prefix = p_prefix
      $$;
    revoke all on function app_api_key_lookup(text) from public;
    grant execute on function app_api_key_lookup(text) to cardshop_app;
  `.execute(db);
  // The function runs as its owner, the role running migrations. A superuser (or BYPASSRLS) role
  // reads past the forced RLS; any other owner needs a policy of its own to see the keys (it owns
  // the table and could switch RLS off anyway, so this gives it nothing new).
  await sql`
    do $$
    begin
      if not (select rolsuper or rolbypassrls from pg_roles where rolname = current_user) then
        execute format(
          'create policy key_lookup on api_keys for select to %I using (true)', current_user);
      end if;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function app_api_key_lookup(text);
    drop table api_keys;
  `.execute(db);
}
