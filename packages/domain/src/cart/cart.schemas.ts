import { z } from 'zod';

/** The most different goods one order (and so one cart) may hold; createOrder takes 20 lines. */
export const MAX_CART_LINES = 20;

/** A quantity as a form sends it: text of a whole number. */
export const cartQuantitySchema = z.coerce
  .number({ error: '购买数量应为整数' })
  .int('购买数量应为整数')
  .min(1, '购买数量至少为 1')
  .max(1000, '单次购买数量最多 1000');

export const cartItemSchema = z.object({
  listingId: z.uuid({ error: '商品不存在或已下架' }),
  quantity: cartQuantitySchema,
});

export type CartItemInput = z.input<typeof cartItemSchema>;
