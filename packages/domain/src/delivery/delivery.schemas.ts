import { z } from 'zod';

/** What a supplier types when it sends a physical card: the carrier and its tracking number. */
export const shipmentTrackingSchema = z.object({
  shipmentId: z.string(),
  carrier: z
    .string({ error: '请选择或填写快递公司' })
    .trim()
    .min(1, '请选择或填写快递公司')
    .max(40, '快递公司名称最多 40 个字'),
  trackingNumber: z
    .string({ error: '请填写快递单号' })
    .transform((v) => v.replace(/[\s]/g, '').toUpperCase())
    .pipe(
      z
        .string()
        .min(1, '请填写快递单号')
        .regex(/^[A-Z0-9-]{4,40}$/, '快递单号应为 4–40 位字母、数字或短横线'),
    ),
});

export type ShipmentTrackingInput = z.input<typeof shipmentTrackingSchema>;
