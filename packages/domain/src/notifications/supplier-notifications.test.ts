import { randomUUID } from 'node:crypto';
import { withSupplier } from '@cardshop/db';
import { expect, test } from 'vitest';
import { buildSupplier, useTestDatabase } from '../testing/index.js';
import {
  listSupplierNotifications,
  markSupplierNotificationsRead,
} from './supplier-notifications.js';

const t = useTestDatabase();

test("a supplier lists and marks read its own notices, never another supplier's", async () => {
  const mine = await buildSupplier(t.db);
  const theirs = await buildSupplier(t.db);
  await t.owner
    .insertInto('supplier_notifications')
    .values([
      { supplier_id: mine.id, kind: 'low_stock', title: '库存不足 A', data: '{}' },
      { supplier_id: mine.id, kind: 'low_stock', title: '库存不足 B', data: '{}' },
      { supplier_id: theirs.id, kind: 'low_stock', title: '别人的', data: '{}' },
    ])
    .execute();
  const as = (id: string) => ({ id, ownerTenantId: null });
  const listed = await withSupplier(t.db, as(mine.id), (trx) => listSupplierNotifications(trx));
  expect(listed.unread).toBe(2);
  expect(listed.items.map((i) => i.title).sort()).toEqual(['库存不足 A', '库存不足 B']);

  const theirId = (await withSupplier(t.db, as(theirs.id), (trx) => listSupplierNotifications(trx)))
    .items[0]!.id;
  expect(
    await withSupplier(t.db, as(mine.id), (trx) => markSupplierNotificationsRead(trx, [theirId])),
  ).toBe(0);
  expect(
    await withSupplier(t.db, as(mine.id), (trx) =>
      markSupplierNotificationsRead(trx, [listed.items[0]!.id]),
    ),
  ).toBe(1);
  expect(
    await withSupplier(t.db, as(mine.id), (trx) => markSupplierNotificationsRead(trx, 'all')),
  ).toBe(1);
  expect(
    (await withSupplier(t.db, as(theirs.id), (trx) => listSupplierNotifications(trx))).unread,
  ).toBe(1);
  await expect(
    withSupplier(t.db, as(mine.id), (trx) =>
      markSupplierNotificationsRead(trx, ['not-a-uuid', randomUUID()]),
    ),
  ).rejects.toMatchObject({ userMessage: '消息不存在' });
});
