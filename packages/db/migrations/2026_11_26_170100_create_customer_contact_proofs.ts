import { sql, type Kysely } from 'kysely';

// Which of the account's contacts (phone, email) the person proved with a one-time code in which
// session: signing in with a code, adding a contact, or re-verifying before claiming guest orders.
// A proof counts only while its session lives and the contact is still the account's; a password
// alone never proves a phone number (anyone can type someone else's number when registering).
// Not tied to customer_sessions by a foreign key: sessions come and go, and a proof whose session
// is gone is simply not found by the join that reads it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customer_contact_proofs (
      tenant_id uuid not null,
      session_id text not null check (length(session_id) between 1 and 100),
      customer_id uuid not null,
      kind text not null check (kind in ('phone', 'email')),
      destination text not null check (length(destination) between 3 and 254),
      verified_at timestamptz not null default now(),
      primary key (tenant_id, session_id, kind),
      foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
    );
    create index customer_contact_proofs_customer
      on customer_contact_proofs (tenant_id, customer_id);
    alter table customer_contact_proofs enable row level security;
    alter table customer_contact_proofs force row level security;
    create policy tenant_isolation on customer_contact_proofs to cardshop_app
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_scope on customer_contact_proofs to cardshop_platform using (true) with check (true);
    grant select, insert, update, delete on customer_contact_proofs to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table customer_contact_proofs;`.execute(db);
}
