import type { AppLoadContext } from '@remix-run/node';
import { asPlatform, type PlatformTx } from '@cardshop/domain';
import { requireStaff } from './auth.server';

/**
 * Runs fn in the audited platform scope for the signed-in operator; anyone else gets a 403.
 */
export async function withPlatformStaff<T>(
  request: Request,
  context: AppLoadContext,
  purpose: string,
  fn: (trx: PlatformTx) => Promise<T>,
): Promise<T> {
  const { user } = await requireStaff(request, context);
  if (!user.platformRole) {
    throw Response.json({ reason: 'not-platform-staff', email: user.email }, { status: 403 });
  }
  return asPlatform(
    context.runtime.db,
    { actor: { type: 'staff', id: user.id, ip: context.ip }, purpose },
    fn,
  );
}
