import type { TenantTx } from '@cardshop/db';
import { recordTenantAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { CreateOrderOptions } from '../orders/create-order.js';
import { TenantErrors } from '../tenants/tenants.errors.js';
import { CheckoutErrors } from './checkout.errors.js';
import { selectCheckoutSettings, updateCheckoutSettingsRow } from './checkout.queries.js';
import {
  checkoutSettingsSchema,
  type CheckoutSettings,
  type CheckoutSettingsInput,
} from './checkout.schemas.js';

function shopNotFound() {
  return new DomainError(TenantErrors.NOT_FOUND, { userMessage: '店铺不存在', status: 404 });
}

/** How long the shop's unpaid orders hold their goods, and its caps on unpaid orders. */
export async function getCheckoutSettings(
  trx: TenantTx,
  input: { tenantId: string },
): Promise<CheckoutSettings> {
  const settings = await selectCheckoutSettings(trx, input.tenantId);
  if (!settings) throw shopNotFound();
  return settings;
}

/** The settings as createOrder takes them. */
export function checkoutOrderOptions(settings: CheckoutSettings): Required<CreateOrderOptions> {
  return {
    expiresInMs: settings.orderExpiryMinutes * 60_000,
    limits: {
      perIp: settings.openOrdersPerIp,
      perContact: settings.openOrdersPerContact,
      perCustomer: settings.openOrdersPerCustomer,
    },
  };
}

/**
 * A shop's staff change the checkout settings; the change is written to the shop's audit log with
 * the values before and after. Out-of-range values are refused with a message per field.
 */
export async function updateCheckoutSettings(
  trx: TenantTx,
  input: {
    tenantId: string;
    actor: { type: 'staff'; id: string; ip?: string | null };
    settings: CheckoutSettingsInput;
  },
): Promise<CheckoutSettings> {
  const next = parseInput(checkoutSettingsSchema, input.settings, CheckoutErrors.INVALID_SETTINGS);
  const before = await selectCheckoutSettings(trx, input.tenantId, { lock: true });
  if (!before || !(await updateCheckoutSettingsRow(trx, input.tenantId, next))) {
    throw shopNotFound();
  }
  const changed = (Object.keys(next) as Array<keyof CheckoutSettings>).filter(
    (key) => next[key] !== before[key],
  );
  if (changed.length > 0) {
    await recordTenantAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'shop.checkout_settings_updated',
      target: { type: 'tenant', id: input.tenantId },
      data: {
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, next[key]])),
      },
    });
  }
  return next;
}
