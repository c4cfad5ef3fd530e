import type { TenantTx } from '@cardshop/db';
import type { CodeSecret, CodeVault } from '../inventory/code-crypto.js';
import { selectSoldCodes } from '../orders/orders.queries.js';

export interface DeliveredCode extends CodeSecret {
  lineId: string;
  codeId: string;
  expiresOn: string | null;
}

/**
 * The codes sold to an order, decrypted, in line order: what the order page shows (masked until
 * revealed) and the mail sends. RLS lets a shop read only codes allocated to its own lines. The
 * caller has established that the person asking is this order's buyer.
 */
export async function getOrderCodes(
  trx: TenantTx,
  vault: CodeVault,
  input: { tenantId: string; orderId: string },
): Promise<DeliveredCode[]> {
  const rows = await selectSoldCodes(trx, input.tenantId, input.orderId);
  return rows.map((row) => ({
    lineId: row.lineId,
    codeId: row.codeId,
    expiresOn: row.expiresOn === null ? null : localDate(row.expiresOn),
    ...vault.unseal({ keyId: row.keyId, sealed: row.sealed }),
  }));
}

/** pg reads a date column as local midnight; format it back the same way. */
function localDate(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
