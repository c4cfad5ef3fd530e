import type { TenantTx } from '@cardshop/db';
import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import {
  countUnreadTenantNotifications,
  selectTenantNotifications,
  type TenantNotification,
} from './notifications.queries.js';

const optionsSchema = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
  before: z.date().optional(),
});

/** The shop's in-site messages (站内信), newest first, with the unread count. */
export async function listTenantNotifications(
  trx: TenantTx,
  options: z.input<typeof optionsSchema> = {},
): Promise<{ items: TenantNotification[]; unread: number }> {
  const data = parseInput(optionsSchema, options, 'NOTIFICATIONS_INVALID_INPUT');
  const items = await selectTenantNotifications(trx, data);
  const unread = await countUnreadTenantNotifications(trx);
  return { items, unread };
}
