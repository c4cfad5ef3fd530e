import type { OrderStatus } from '@cardshop/db';
import type { OrderListRow } from './order-view.queries.js';

/** One order in a list (account history, 查单 results). */
export interface OrderListItem {
  id: string;
  number: string;
  status: OrderStatus;
  totalFen: number;
  refundedFen: number;
  createdAt: Date;
  /** The first line's product and SKU, e.g. "王者荣耀点券 面值 10 元". */
  title: string;
  lineCount: number;
  itemCount: number;
}

export function toOrderListItem(row: OrderListRow, now = Date.now()): OrderListItem {
  const expired = row.status === 'pending_payment' && row.expiresAt.getTime() <= now;
  return {
    id: row.id,
    number: row.number,
    status: expired ? 'expired' : row.status,
    totalFen: Number(row.totalFen),
    refundedFen: Number(row.refundedFen),
    createdAt: row.createdAt,
    title: [row.firstProductName, row.firstSkuName].filter(Boolean).join(' '),
    lineCount: Number(row.lineCount),
    itemCount: Number(row.itemCount),
  };
}
