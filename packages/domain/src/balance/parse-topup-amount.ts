import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import { BalanceErrors } from './balance.errors.js';
import { topupAmountYuanSchema } from './balance.schemas.js';

const amountField = z.object({ amount: topupAmountYuanSchema });

/**
 * A top-up amount typed in yuan ("50", "12.50", "¥100") as fen, or a DomainError (422) whose
 * userMessage says what is wrong, with fieldErrors.amount for the form.
 */
export function parseTopupAmount(typed: unknown): number {
  return parseInput(amountField, { amount: typed }, BalanceErrors.TOPUP_AMOUNT_INVALID).amount;
}
