import type { AppLoadContext } from '@remix-run/node';
import { geoIpOf, getCustomerSecurityCentre, type CustomerAuth } from '@cardshop/domain';
import type { SecurityEventView } from '@cardshop/ui';
import { customerCtx } from '../customer.server';

/**
 * The security centre's part of /account/security: the signed-in customer's own recent sign-ins
 * and account changes (with approximate places when GEOIP_DATABASE is set), devices, two-step
 * verification and linked accounts, ready for the page.
 */
export async function loadSecurityCentre(
  request: Request,
  context: AppLoadContext,
  auth: CustomerAuth,
) {
  const centre = await getCustomerSecurityCentre(customerCtx(request, context), auth, {
    geo: geoIpOf(context.runtime),
    lang: context.lang,
  });
  const view = (events: typeof centre.signIns): SecurityEventView[] =>
    events.map((e) => ({ ...e, at: e.at.toISOString() }));
  return {
    signIns: view(centre.signIns),
    changes: view(centre.changes),
    liveSessions: centre.liveSessions,
    twoFactor: {
      enabled: centre.twoFactor.enabled,
      since: centre.twoFactor.since?.toISOString() ?? null,
    },
    hasPassword: centre.hasPassword,
    linkedAccounts: centre.linkedAccounts.map((a) => ({
      provider: a.provider,
      nickname: a.nickname,
      linkedAt: a.linkedAt.toISOString(),
    })),
    locations: centre.locations,
  };
}

export type SecurityCentreData = Awaited<ReturnType<typeof loadSecurityCentre>>;
