import type { AccountRef } from './accounts.js';
import type { LedgerLineInput } from './post-entry.js';

/** 10,000 basis points are 100 %. */
export const BPS = 10_000;

export interface SaleLine {
  supplierId: string;
  totalFen: number;
  wholesaleFen: number;
}

export interface SaleSplit {
  /** Per line, in the order given: the platform's fee. */
  feeFen: number[];
  lines: LedgerLineInput[];
}

/**
 * The fee the platform takes on one order line: feeBps of the line total, rounded down to the fen,
 * and never more than the reseller's margin, so a sale never leaves the reseller owing.
 */
export function platformFee(line: SaleLine, feeBps: number): number {
  const margin = Math.max(0, line.totalFen - line.wholesaleFen);
  return Math.min(Math.floor((line.totalFen * feeBps) / BPS), margin);
}

/**
 * A paid order as ledger lines: the money source (gateway clearing, or the buyer's balance) is
 * debited the total; each supplier is credited its wholesale, the platform its fee and the reseller
 * the rest of the margin.
 */
export function saleSplit(
  source: AccountRef,
  resellerTenantId: string,
  lines: SaleLine[],
  feeBps: number,
): SaleSplit {
  const entry: LedgerLineInput[] = [];
  const feeFen: number[] = [];
  let total = 0;
  for (const line of lines) {
    const fee = platformFee(line, feeBps);
    feeFen.push(fee);
    total += line.totalFen;
    entry.push({
      account: { kind: 'supplier_payable', supplierId: line.supplierId },
      amountFen: -line.wholesaleFen,
    });
    entry.push({ account: { kind: 'platform_revenue' }, amountFen: -fee });
    entry.push({
      account: { kind: 'reseller_payable', tenantId: resellerTenantId },
      amountFen: -(line.totalFen - line.wholesaleFen - fee),
    });
  }
  entry.unshift({ account: source, amountFen: total });
  return { feeFen, lines: entry };
}

/**
 * Takes one sold line back out of the split (a refund): the supplier, platform and reseller give up
 * what the sale credited them, and the money goes to `destination` (the buyer's balance, or the
 * refunds the gateway will pay out).
 */
export function lineRefundSplit(
  destination: AccountRef,
  resellerTenantId: string,
  line: SaleLine & { feeFen: number },
): LedgerLineInput[] {
  return [
    {
      account: { kind: 'supplier_payable', supplierId: line.supplierId },
      amountFen: line.wholesaleFen,
    },
    { account: { kind: 'platform_revenue' }, amountFen: line.feeFen },
    {
      account: { kind: 'reseller_payable', tenantId: resellerTenantId },
      amountFen: line.totalFen - line.wholesaleFen - line.feeFen,
    },
    { account: destination, amountFen: -line.totalFen },
  ];
}
