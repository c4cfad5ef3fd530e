import { sql, type Kysely } from 'kysely';

// A shop chooses how its storefront shows stock (exact count, a range, or in stock / low / sold
// out). The tenants_update_own policy already limits the app role to its own row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`grant update (stock_display) on tenants to cardshop_app;`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`revoke update (stock_display) on tenants from cardshop_app;`.execute(db);
}
