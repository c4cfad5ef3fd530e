import { data, redirect, type AppLoadContext } from '@remix-run/node';
import {
  changeTeamMemberRole,
  hasPermission,
  inviteTeamMember,
  listTeam,
  permissionsOf,
  removeTeamMember,
  resendTeamInvitation,
  revokeTeamInvitation,
  STAFF_ROLES,
  type StaffAreas,
  type StaffIdentity,
  type TeamArea,
  type TeamDeps,
} from '@cardshop/domain';
import { attempt, formStrings, text, type FormResult } from './forms.server';

type Shop = StaffAreas['shops'][number];
type Supplier = StaffAreas['suppliers'][number];

export function shopTeam(shop: Shop): TeamArea {
  return { kind: 'shop', tenantId: shop.tenantId, slug: shop.slug, name: shop.name };
}

export function supplierTeam(supplier: Supplier): TeamArea {
  return {
    kind: 'supplier',
    supplierId: supplier.supplierId,
    slug: supplier.slug,
    name: supplier.name,
    ownerTenantId: supplier.ownerTenantId,
  };
}

function teamDeps(context: AppLoadContext): TeamDeps {
  return {
    db: context.runtime.db,
    email: context.runtime.email,
    consoleOrigin: context.runtime.env.CONSOLE_ORIGIN,
    logger: context.runtime.logger,
  };
}

/** The team page's data: members, open invitations, the roles matrix, and the page's notice. */
export async function loadTeam(
  request: Request,
  context: AppLoadContext,
  area: TeamArea,
  user: StaffIdentity,
) {
  const url = new URL(request.url);
  const page = await listTeam(context.runtime.db, area, { userId: user.id, ip: context.ip });
  const removing = page.members.find((m) => m.userId === url.searchParams.get('remove'));
  return {
    kind: area.kind,
    name: area.name,
    ...page,
    removing: removing?.canRemove ? removing : null,
    matrix: STAFF_ROLES.map((role) => ({
      role,
      permissions: [...permissionsOf(area.kind, role)] as string[],
    })),
    notice: url.searchParams.get('notice'),
    email: url.searchParams.get('email'),
  };
}

const INTENTS = ['invite', 'resend', 'revoke', 'role', 'remove'] as const;

/**
 * The team page's actions. Each calls one domain function, which checks again (in its
 * transaction) that the person may manage the team and may give or touch that role.
 */
export async function teamAction(
  request: Request,
  context: AppLoadContext,
  area: TeamArea,
  user: StaffIdentity,
) {
  const form = await request.formData();
  const intent = text(form, 'intent');
  const actor = { userId: user.id, ip: context.ip };
  const here = `/${area.kind}/${area.slug}/team`;
  const done = (notice: string, email?: string) =>
    redirect(`${here}?notice=${notice}${email ? `&email=${encodeURIComponent(email)}` : ''}`);

  if (!(INTENTS as readonly string[]).includes(intent)) {
    return data<FormResult>({ intent, formError: '不支持的操作' }, 400);
  }
  if (intent === 'invite') {
    const values = { email: text(form, 'email'), role: text(form, 'role') };
    const sent = await attempt(() => inviteTeamMember(teamDeps(context), area, actor, values), {
      intent,
      values,
    });
    if (!sent.ok) return sent.response;
    return done(sent.value.emailSent ? 'invited' : 'unsent', sent.value.email);
  }
  const target = text(form, intent === 'resend' || intent === 'revoke' ? 'invitationId' : 'userId');
  const result: FormResult = { intent, target, values: formStrings(form) };
  if (intent === 'resend') {
    const sent = await attempt(
      () => resendTeamInvitation(teamDeps(context), area, actor, target),
      result,
    );
    if (!sent.ok) return sent.response;
    return done(sent.value.emailSent ? 'resent' : 'unsent', sent.value.email);
  }
  if (intent === 'revoke') {
    const revoked = await attempt(
      () => revokeTeamInvitation(context.runtime.db, area, actor, target),
      result,
    );
    if (!revoked.ok) return revoked.response;
    return done('revoked', revoked.value.email);
  }
  if (intent === 'role') {
    const role = text(form, 'role');
    const changed = await attempt(
      () => changeTeamMemberRole(context.runtime.db, area, actor, { userId: target, role }),
      result,
    );
    if (!changed.ok) return changed.response;
    // Someone who stepped down out of managing the team can no longer see this page.
    if (target === user.id && !hasPermission(area.kind, changed.value.to, 'staff.manage')) {
      return redirect(`/${area.kind}/${area.slug}`);
    }
    return done('role');
  }
  const removed = await attempt(
    () => removeTeamMember(context.runtime.db, area, actor, { userId: target }),
    result,
  );
  if (!removed.ok) return removed.response;
  return target === user.id ? redirect('/') : done('removed');
}
