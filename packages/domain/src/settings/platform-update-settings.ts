import type { PlatformActor, PlatformTx } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { parseInput } from '../parse-input.js';
import {
  selectPlatformSettings,
  updatePlatformFee,
  type PlatformSettings,
} from './platform-settings.queries.js';
import { platformSettingsSchema, type PlatformSettingsInput } from './platform-settings.schemas.js';
import { SettingsErrors } from './settings.errors.js';

/** The platform-wide settings with who changed them last. */
export function platformGetSettings(trx: PlatformTx): Promise<PlatformSettings> {
  return selectPlatformSettings(trx);
}

/**
 * An operator sets the platform fee (basis points of each sale, 0 to 30 %). It applies to
 * payments accepted from the moment this commits; orders already paid keep the fee they were
 * booked with. The change, with the value before and after, goes to the platform audit log;
 * setting the value it already has changes and records nothing.
 */
export async function platformUpdateSettings(
  trx: PlatformTx,
  actor: PlatformActor,
  input: PlatformSettingsInput,
): Promise<{ settings: PlatformSettings; changed: boolean }> {
  const data = parseInput(platformSettingsSchema, input, SettingsErrors.INVALID_INPUT);
  const before = await selectPlatformSettings(trx, { lock: true });
  if (before.platformFeeBps === data.platformFeeBps) return { settings: before, changed: false };
  await updatePlatformFee(trx, {
    platformFeeBps: data.platformFeeBps,
    updatedBy: actor.type === 'staff' ? actor.id : null,
  });
  await recordPlatformAudit(trx, {
    actor,
    action: 'platform_settings.update',
    target: { type: 'platform_settings', id: 'platform' },
    data: {
      before: { platformFeeBps: before.platformFeeBps },
      after: { platformFeeBps: data.platformFeeBps },
    },
  });
  return { settings: await selectPlatformSettings(trx), changed: true };
}
