import type { AppLoadContext } from '@remix-run/node';
import { geoIpOf, getStaffAccountSecurity, type StaffAuth } from '@cardshop/domain';
import type { SecurityEventView } from '@cardshop/ui';

/**
 * The console account page's devices and 我的安全记录: the signed-in person's own sessions and
 * security events (with approximate places when GEOIP_DATABASE is set), ready for the page.
 */
export async function loadStaffAccountSecurity(context: AppLoadContext, auth: StaffAuth) {
  const security = await getStaffAccountSecurity(context.runtime.db, auth, {
    geo: geoIpOf(context.runtime),
    lang: context.lang,
  });
  return {
    devices: security.devices.map((d) => ({
      id: d.id,
      device: d.device,
      ip: d.ip,
      location: d.location,
      current: d.current,
      createdAt: d.createdAt.toISOString(),
      lastUsedAt: d.lastUsedAt.toISOString(),
    })),
    events: security.events.map((e): SecurityEventView => ({ ...e, at: e.at.toISOString() })),
    locations: security.locations,
  };
}

export type StaffAccountSecurityData = Awaited<ReturnType<typeof loadStaffAccountSecurity>>;
