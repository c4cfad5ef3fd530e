import { sql, type Kysely } from 'kysely';

// Security centre: a customer reads their own events from tenant_audit_log (RLS keeps them in
// their shop, the query names the customer); a console user reads their own from
// platform_audit_log, which only the platform scope may read. staff_own_audit is that person's
// slice of it: the view runs with its owner's rights and filters by app_current_user(), which
// only asStaffUser sets, so it is empty everywhere else. Its rows are the person's own actions
// and the events about their account (a failed sign-in names the account as its target).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index tenant_audit_log_customer on tenant_audit_log (tenant_id, actor_id, occurred_at desc)
      where actor_type = 'customer';
    create index platform_audit_log_actor on platform_audit_log (actor_id, occurred_at desc);
    create index platform_audit_log_target on platform_audit_log (target_id, occurred_at desc)
      where target_type = 'staff_user';

    create view staff_own_audit as
      select id, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, data
      from platform_audit_log
      where app_current_user() is not null
        and ((actor_type = 'staff' and actor_id = app_current_user()::text)
          or (target_type = 'staff_user' and target_id = app_current_user()::text));
    grant select on staff_own_audit to cardshop_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop view staff_own_audit;
    drop index platform_audit_log_target;
    drop index platform_audit_log_actor;
    drop index tenant_audit_log_customer;
  `.execute(db);
}
