import type { Insertable } from 'kysely';
import type { PlatformTx, StaffRole, TenantInvitationsTable } from '@cardshop/db';
import type { TeamArea, TeamTx } from './team-scope.js';

type Tx = TeamTx | PlatformTx;
type Kind = TeamArea['kind'];

/** The team's membership table, its invitation table, and the column naming the team. */
function tables(kind: Kind) {
  return kind === 'shop'
    ? ({
        members: 'tenant_memberships',
        invitations: 'tenant_invitations',
        scope: 'tenant_id',
      } as const)
    : ({
        members: 'supplier_staff',
        invitations: 'supplier_invitations',
        scope: 'supplier_id',
      } as const);
}

// The two kinds of team keep the same columns in tables of their own; the queries below pick the
// pair by kind, so each statement touches one table (and one RLS policy).
type MembersTable = 'tenant_memberships' | 'supplier_staff';
type InvitationsTable = 'tenant_invitations' | 'supplier_invitations';
type ScopeColumn = 'tenant_id' | 'supplier_id';

function pick(kind: Kind) {
  const t = tables(kind);
  return {
    members: t.members as MembersTable,
    invitations: t.invitations as InvitationsTable,
    scope: t.scope as ScopeColumn,
  };
}

export interface TeamMemberRow {
  userId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  status: 'active' | 'disabled';
  joinedAt: Date;
  lastSignInAt: Date | null;
}

export async function selectTeamMembers(
  trx: Tx,
  kind: Kind,
  scopeId: string,
): Promise<TeamMemberRow[]> {
  const t = pick(kind);
  const rows = await trx
    .selectFrom(`${t.members} as m` as 'tenant_memberships as m')
    .innerJoin('staff_users as u', 'u.id', 'm.user_id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.status',
      'u.last_sign_in_at',
      'm.role',
      'm.created_at',
    ])
    .where(`m.${t.scope}` as 'm.tenant_id', '=', scopeId)
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    status: r.status,
    joinedAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  }));
}

/** A member's role, locked for the rest of the transaction when `lock` is set. */
export async function selectMemberRole(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<StaffRole | undefined> {
  const t = pick(kind);
  let query = trx
    .selectFrom(t.members as 'tenant_memberships')
    .select('role')
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('user_id', '=', userId);
  if (options.lock) query = query.forUpdate();
  return (await query.executeTakeFirst())?.role;
}

/** The owners' rows, locked: two owners demoting each other one at a time leave one owner. */
export async function lockTeamOwners(trx: Tx, kind: Kind, scopeId: string): Promise<string[]> {
  const t = pick(kind);
  const rows = await trx
    .selectFrom(t.members as 'tenant_memberships')
    .select('user_id')
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('role', '=', 'owner')
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}

export async function updateMemberRole(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  userId: string,
  role: StaffRole,
): Promise<void> {
  const t = pick(kind);
  await trx
    .updateTable(t.members as 'tenant_memberships')
    .set({ role })
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMember(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  userId: string,
): Promise<void> {
  const t = pick(kind);
  await trx
    .deleteFrom(t.members as 'tenant_memberships')
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('user_id', '=', userId)
    .execute();
}

/** Adds a member; false when they were one already (their role is left as it was). */
export async function insertMember(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  userId: string,
  role: StaffRole,
): Promise<boolean> {
  const t = pick(kind);
  const inserted = await trx
    .insertInto(t.members as 'tenant_memberships')
    .values({ [t.scope]: scopeId, user_id: userId, role } as {
      tenant_id: string;
      user_id: string;
      role: StaffRole;
    })
    .onConflict((oc) => oc.columns([t.scope as 'tenant_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: StaffRole;
  tokenHash: Uint8Array;
  invitedBy: string | null;
  invitedByName: string | null;
  createdAt: Date;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

function invitationQuery(trx: Tx, kind: Kind) {
  const t = pick(kind);
  return trx
    .selectFrom(`${t.invitations} as i` as 'tenant_invitations as i')
    .leftJoin('staff_users as by', 'by.id', 'i.invited_by')
    .select([
      'i.id',
      'i.email',
      'i.role',
      'i.token_hash',
      'i.invited_by',
      'by.display_name as invited_by_name',
      'i.created_at',
      'i.sent_at',
      'i.expires_at',
      'i.accepted_at',
      'i.revoked_at',
    ]);
}

function toInvitation(r: {
  id: string;
  email: string;
  role: StaffRole;
  token_hash: Uint8Array;
  invited_by: string | null;
  invited_by_name: string | null;
  created_at: Date;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}): InvitationRow {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    tokenHash: r.token_hash,
    invitedBy: r.invited_by,
    invitedByName: r.invited_by_name,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    acceptedAt: r.accepted_at,
    revokedAt: r.revoked_at,
  };
}

/** Invitations neither accepted nor revoked (expired ones included), oldest first. */
export async function selectOpenInvitations(
  trx: Tx,
  kind: Kind,
  scopeId: string,
): Promise<InvitationRow[]> {
  const t = pick(kind);
  const rows = await invitationQuery(trx, kind)
    .where(`i.${t.scope}` as 'i.tenant_id', '=', scopeId)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .orderBy('i.created_at')
    .execute();
  return rows.map(toInvitation);
}

export async function selectOpenInvitationByEmail(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  email: string,
): Promise<InvitationRow | undefined> {
  const t = pick(kind);
  const row = await invitationQuery(trx, kind)
    .where(`i.${t.scope}` as 'i.tenant_id', '=', scopeId)
    .where('i.email', '=', email)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .forUpdate('i')
    .executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** One invitation of this team, locked. */
export async function selectInvitation(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const t = pick(kind);
  const row = await invitationQuery(trx, kind)
    .where(`i.${t.scope}` as 'i.tenant_id', '=', scopeId)
    .where('i.id', '=', id)
    .forUpdate('i')
    .executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** An invitation found by the id in its link, whichever team it is for (platform scope), locked. */
export async function platformFindInvitation(
  trx: PlatformTx,
  id: string,
): Promise<{ kind: Kind; scopeId: string; invitation: InvitationRow } | undefined> {
  for (const kind of ['shop', 'supplier'] as const) {
    const t = pick(kind);
    const row = await invitationQuery(trx, kind)
      .select(`i.${t.scope} as scope_id` as 'i.tenant_id as scope_id')
      .where('i.id', '=', id)
      .forUpdate('i')
      .executeTakeFirst();
    if (row) return { kind, scopeId: row.scope_id, invitation: toInvitation(row) };
  }
  return undefined;
}

export async function insertInvitation(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  row: {
    id: string;
    email: string;
    role: StaffRole;
    tokenHash: Uint8Array;
    invitedBy: string;
    expiresAt: Date;
  },
): Promise<void> {
  const t = pick(kind);
  await trx
    .insertInto(t.invitations as 'tenant_invitations')
    .values({
      [t.scope]: scopeId,
      id: row.id,
      email: row.email,
      role: row.role,
      token_hash: row.tokenHash,
      invited_by: row.invitedBy,
      expires_at: row.expiresAt,
    } as Insertable<TenantInvitationsTable>)
    .execute();
}

/** A new link for the invitation: the old one stops working, the 7 days start again. */
export async function updateInvitationToken(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  id: string,
  change: { tokenHash: Uint8Array; expiresAt: Date; sentAt: Date; role?: StaffRole },
): Promise<void> {
  const t = pick(kind);
  await trx
    .updateTable(t.invitations as 'tenant_invitations')
    .set({
      token_hash: change.tokenHash,
      expires_at: change.expiresAt,
      sent_at: change.sentAt,
      ...(change.role ? { role: change.role } : {}),
    })
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('id', '=', id)
    .execute();
}

export async function markInvitationRevoked(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  id: string,
  by: string | null,
): Promise<void> {
  const t = pick(kind);
  await trx
    .updateTable(t.invitations as 'tenant_invitations')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('id', '=', id)
    .execute();
}

export async function markInvitationAccepted(
  trx: Tx,
  kind: Kind,
  scopeId: string,
  id: string,
  by: string,
): Promise<void> {
  const t = pick(kind);
  await trx
    .updateTable(t.invitations as 'tenant_invitations')
    .set({ accepted_at: new Date(), accepted_by: by })
    .where(t.scope as 'tenant_id', '=', scopeId)
    .where('id', '=', id)
    .execute();
}

export async function selectStaffByEmail(
  trx: Tx,
  email: string,
): Promise<{ id: string; email: string; displayName: string; status: string } | undefined> {
  const row = await trx
    .selectFrom('staff_users')
    .select(['id', 'email', 'display_name', 'status'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row
    ? { id: row.id, email: row.email, displayName: row.display_name, status: row.status }
    : undefined;
}

export async function selectStaffById(
  trx: Tx,
  id: string,
): Promise<{ id: string; email: string; displayName: string } | undefined> {
  const row = await trx
    .selectFrom('staff_users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, email: row.email, displayName: row.display_name } : undefined;
}

/** The team's name and address, for the accept page and the email (platform scope). */
export async function platformTeamArea(
  trx: PlatformTx,
  kind: Kind,
  scopeId: string,
): Promise<{ slug: string; name: string; open: boolean } | undefined> {
  if (kind === 'shop') {
    const row = await trx
      .selectFrom('tenants')
      .select(['slug', 'name', 'status'])
      .where('id', '=', scopeId)
      .executeTakeFirst();
    return row ? { slug: row.slug, name: row.name, open: row.status !== 'closed' } : undefined;
  }
  const row = await trx
    .selectFrom('suppliers')
    .select(['slug', 'name', 'status'])
    .where('id', '=', scopeId)
    .executeTakeFirst();
  return row ? { slug: row.slug, name: row.name, open: row.status !== 'rejected' } : undefined;
}
