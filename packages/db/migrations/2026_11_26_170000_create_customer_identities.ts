import { sql, type Kysely } from 'kysely';

// Sign-in with WeChat and QQ for a shop's customers. An identity is the provider's id of a person
// (unionid when the provider gives one, else openid) linked to one account of one shop; the same
// WeChat user may hold accounts in two shops, never two accounts in one.
// Every account still has a phone or an email (customers_contact): one opened from WeChat proves
// one with a code instead of choosing a password, so sign-in codes, second confirmation and
// security notices keep a place to go.
//
// customer_oauth_flows: one sign-in or link attempt, from the button to the end. Its id is in the
// `state` sent to the provider, signed together with a secret only this browser holds (cookie),
// and it is used once. An unknown identity waits here (subject and profile) until the person
// either opens a new account with it or proves an existing one; nothing is merged silently.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customer_identities (
      tenant_id uuid not null,
      id uuid not null default gen_random_uuid(),
      customer_id uuid not null,
      provider text not null check (provider in ('wechat', 'qq')),
      subject text not null check (length(subject) between 1 and 128),
      openid text not null check (length(openid) between 1 and 128),
      unionid text check (length(unionid) between 1 and 128),
      nickname text check (length(nickname) <= 100),
      avatar_url text check (length(avatar_url) <= 1000),
      linked_at timestamptz not null default now(),
      last_sign_in_at timestamptz,
      primary key (tenant_id, id),
      constraint customer_identities_subject_key unique (tenant_id, provider, subject),
      -- One WeChat and one QQ per account.
      constraint customer_identities_customer_key unique (tenant_id, customer_id, provider),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    );
    create index customer_identities_openid on customer_identities (tenant_id, provider, openid);
    alter table customer_identities enable row level security;
    alter table customer_identities force row level security;
    create policy tenant_isolation on customer_identities to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_identities to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_identities to cardshop_app, cardshop_platform;

    create table customer_oauth_flows (
      tenant_id uuid not null references tenants (id) on delete cascade,
      id uuid not null,
      provider text not null check (provider in ('wechat', 'qq')),
      intent text not null check (intent in ('sign_in', 'link')),
      -- link: the signed-in customer who asked for it.
      customer_id uuid,
      -- sha256 of the browser's secret (cookie); the state is only accepted with it.
      browser_hash bytea not null check (length(browser_hash) = 32),
      redirect_uri text not null check (length(redirect_uri) <= 2000),
      return_to text not null default '/account' check (length(return_to) <= 500),
      remember boolean not null default false,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      -- The state came back (it is used up, whatever happens next).
      returned_at timestamptz,
      -- An unknown identity waiting for the person's choice.
      subject text check (length(subject) between 1 and 128),
      openid text check (length(openid) between 1 and 128),
      unionid text check (length(unionid) between 1 and 128),
      nickname text check (length(nickname) <= 100),
      avatar_url text check (length(avatar_url) <= 1000),
      finished_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade,
      check ((intent = 'link') = (customer_id is not null)),
      check ((subject is null) = (openid is null)),
      check (expires_at > created_at)
    );
    create index customer_oauth_flows_expiry on customer_oauth_flows (tenant_id, expires_at);
    alter table customer_oauth_flows enable row level security;
    alter table customer_oauth_flows force row level security;
    create policy tenant_isolation on customer_oauth_flows to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_oauth_flows to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_oauth_flows to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table customer_oauth_flows;
    drop table customer_identities;
  `.execute(db);
}
