import { sql, type Kysely } from 'kysely';

// A signed-in staff member may read their own memberships across shops (to pick a console area)
// without a tenant scope: app.user_id is set by asStaffUser for that one transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function app_current_user() returns uuid
      language sql stable
      as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
    create policy own_memberships on tenant_memberships for select to cardshop_app
      using (user_id = app_current_user());
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy own_memberships on tenant_memberships;
    drop function app_current_user();
  `.execute(db);
}
