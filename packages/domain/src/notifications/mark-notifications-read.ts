import type { TenantTx } from '@cardshop/db';
import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import { markTenantNotificationsRead } from './notifications.queries.js';

const idsSchema = z.union([
  z.literal('all'),
  z.array(z.uuid({ error: '消息不存在' })).max(500, '一次最多标记 500 条消息'),
]);

/** Marks the shop's notices read (the listed ids, or 'all'); returns how many were unread. */
export async function markNotificationsRead(trx: TenantTx, ids: string[] | 'all'): Promise<number> {
  return markTenantNotificationsRead(
    trx,
    parseInput(idsSchema, ids, 'NOTIFICATIONS_INVALID_INPUT'),
  );
}
