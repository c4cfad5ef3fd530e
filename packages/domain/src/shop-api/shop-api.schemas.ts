import { z } from 'zod';
import { SHOP_ORDER_STATUSES } from '../orders/list-shop-orders.js';

export const API_PAGE_DEFAULT = 50;
export const API_PAGE_MAX = 100;

const limit = z.coerce
  .number({ error: 'limit 必须是 1 到 100 之间的整数' })
  .int('limit 必须是 1 到 100 之间的整数')
  .min(1, 'limit 必须是 1 到 100 之间的整数')
  .max(API_PAGE_MAX, `limit 最大为 ${API_PAGE_MAX}`)
  .default(API_PAGE_DEFAULT);

const cursor = z.string().max(200, 'cursor 无效：请原样使用上一页返回的 next_cursor').optional();

export const catalogQuerySchema = z.object({ limit, cursor });

export const ordersQuerySchema = z.object({
  limit,
  cursor,
  status: z
    .enum(SHOP_ORDER_STATUSES as [string, ...string[]], {
      error: `status 只能是 ${SHOP_ORDER_STATUSES.join('、')} 之一`,
    })
    .optional(),
  since: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/,
      'since 必须是 ISO 8601 时间，例如 2026-11-26T08:00:00+08:00 或 2026-11-26',
    )
    .optional(),
});

export const orderNumberSchema = z.string().regex(/^[0-9]{16}$/);
