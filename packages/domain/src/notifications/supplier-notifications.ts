import type { SupplierTx } from '@cardshop/db';
import { sql } from '@cardshop/db';
import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import type { TenantNotification } from './notifications.queries.js';

export type SupplierNotification = TenantNotification;

const optionsSchema = z.object({
  unreadOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

const idsSchema = z.union([
  z.literal('all'),
  z.array(z.uuid({ error: '消息不存在' })).max(500, '一次最多标记 500 条消息'),
]);

/** The supplier's in-site messages (low stock and the like), newest first, with the unread count. */
export async function listSupplierNotifications(
  trx: SupplierTx,
  options: z.input<typeof optionsSchema> = {},
): Promise<{ items: SupplierNotification[]; unread: number }> {
  const data = parseInput(optionsSchema, options, 'NOTIFICATIONS_INVALID_INPUT');
  let query = trx
    .selectFrom('supplier_notifications')
    .select(['id', 'kind', 'title', 'body', 'data', 'read_at', 'created_at'])
    .where('supplier_id', '=', sql<string>`app_current_supplier()`);
  if (data.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(data.limit)
    .execute();
  const unread = await trx
    .selectFrom('supplier_notifications')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      data: r.data,
      readAt: r.read_at,
      createdAt: r.created_at,
    })),
    unread: Number(unread.n),
  };
}

/** Marks the supplier's notices read (the listed ids, or 'all'); returns how many were unread. */
export async function markSupplierNotificationsRead(
  trx: SupplierTx,
  ids: string[] | 'all',
): Promise<number> {
  const which = parseInput(idsSchema, ids, 'NOTIFICATIONS_INVALID_INPUT');
  let query = trx
    .updateTable('supplier_notifications')
    .set({ read_at: new Date() })
    .where('supplier_id', '=', sql<string>`app_current_supplier()`)
    .where('read_at', 'is', null);
  if (which !== 'all') {
    if (which.length === 0) return 0;
    query = query.where('id', 'in', which);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
