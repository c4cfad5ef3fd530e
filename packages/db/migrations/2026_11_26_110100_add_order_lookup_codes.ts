import { sql, type Kysely } from 'kysely';

// 查单 by phone or email: a one-time code with its own purpose, so a sign-in code cannot open
// orders and an order-lookup code cannot sign anyone in.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table verification_codes drop constraint verification_codes_purpose_check;
    alter table verification_codes add constraint verification_codes_purpose_check check (
      purpose in ('sign_in', 'register', 'reset_password', 'verify', 'order_lookup')
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from verification_codes where purpose = 'order_lookup';
    alter table verification_codes drop constraint verification_codes_purpose_check;
    alter table verification_codes add constraint verification_codes_purpose_check check (
      purpose in ('sign_in', 'register', 'reset_password', 'verify')
    );
  `.execute(db);
}
