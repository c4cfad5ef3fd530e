// Table types for Kysely. Keep in step with ../migrations: one interface per table, columns in
// migration order; Generated<> marks columns with a database default.
import type { ColumnType } from 'kysely';

/** A column with a database default (kysely-codegen's definition: unwraps a ColumnType). */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U>
    ? ColumnType<S, I | undefined, U>
    : ColumnType<T, T | undefined, T>;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

export type TenantStatus = 'active' | 'suspended' | 'closed';
export type DomainStatus = 'pending' | 'verified' | 'failed';
export type StaffRole = 'owner' | 'manager' | 'support' | 'finance';
export type PlatformRole = 'admin' | 'operator' | 'support';
export type SupplierStatus = 'pending' | 'approved' | 'suspended' | 'rejected';

export interface Branding {
  primaryColor?: string;
  accentColor?: string;
  logoText?: string;
  tagline?: string;
  notice?: string;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: Generated<TenantStatus>;
  branding: Json<Branding>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TenantDomainsTable {
  tenant_id: string;
  hostname: string;
  status: Generated<DomainStatus>;
  verification_token: string;
  verified_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: Generated<'active' | 'disabled'>;
  created_at: Generated<Timestamp>;
  last_sign_in_at: Timestamp | null;
}

export interface PlatformStaffTable {
  user_id: string;
  role: PlatformRole;
  created_at: Generated<Timestamp>;
}

export interface StaffSessionsTable {
  id: string;
  user_id: string;
  secret_hash: Uint8Array;
  created_at: Generated<Timestamp>;
  last_used_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface TenantMembershipsTable {
  tenant_id: string;
  user_id: string;
  role: StaffRole;
  created_at: Generated<Timestamp>;
}

export interface SuppliersTable {
  id: Generated<string>;
  slug: string;
  name: string;
  status: Generated<SupplierStatus>;
  contact_email: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface SupplierStaffTable {
  supplier_id: string;
  user_id: string;
  role: StaffRole;
  created_at: Generated<Timestamp>;
}

export type AuditActorType = 'staff' | 'customer' | 'system' | 'api';

export interface TenantAuditLogTable {
  tenant_id: string;
  id: Generated<string>;
  occurred_at: Generated<Timestamp>;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: Json;
}

export interface PlatformAuditLogTable {
  id: Generated<string>;
  occurred_at: Generated<Timestamp>;
  actor_type: 'staff' | 'system';
  actor_id: string | null;
  action: string;
  subject_tenant_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: Json;
}

export interface OutboxTable {
  id: string;
  queue: string;
  name: string;
  payload: Json<unknown>;
  run_at: Generated<Timestamp>;
  created_at: Generated<Timestamp>;
  dispatched_at: Timestamp | null;
  completed_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface DB {
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  staff_users: StaffUsersTable;
  platform_staff: PlatformStaffTable;
  staff_sessions: StaffSessionsTable;
  tenant_memberships: TenantMembershipsTable;
  suppliers: SuppliersTable;
  supplier_staff: SupplierStaffTable;
  tenant_audit_log: TenantAuditLogTable;
  platform_audit_log: PlatformAuditLogTable;
  outbox: OutboxTable;
}
