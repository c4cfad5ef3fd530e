import type { PayoutAccountKind } from '@cardshop/db';
import { maskEmail, maskPhone } from '../customers/mask.js';
import type { PayoutAccountDetails } from './finance.schemas.js';

/** What may be shown of a payout account: never the whole number or the whole name. */
export interface PayoutAccountView {
  kind: PayoutAccountKind;
  /** The bank, for a card. */
  bankName: string | null;
  /** 138****8000, z***@example.com, **** 1234. */
  accountHint: string;
  /** **三, J***. */
  holderHint: string;
  updatedAt: Date;
}

const HAN = /\p{Script=Han}/u;

/** A name as a hint: a Chinese name keeps its last character, any other its first. */
export function maskName(name: string): string {
  const chars = [...name.replace(/\s+/g, ' ').trim()];
  if (chars.length <= 1) return '*';
  if (HAN.test(name)) return `${'*'.repeat(Math.min(chars.length - 1, 3))}${chars.at(-1)}`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 5))}`;
}

/** 138****8000 for a phone number, z***@example.com for an address. */
export function maskAlipayAccount(account: string): string {
  return account.includes('@') ? maskEmail(account) : maskPhone(account);
}

/** **** 1234: the last four digits, as banks print them. */
export function maskCardNumber(cardNumber: string): string {
  return `**** ${cardNumber.slice(-4)}`;
}

export function payoutAccountHints(
  details: PayoutAccountDetails,
): Omit<PayoutAccountView, 'updatedAt'> {
  return details.kind === 'alipay'
    ? {
        kind: 'alipay',
        bankName: null,
        accountHint: maskAlipayAccount(details.account),
        holderHint: maskName(details.realName),
      }
    : {
        kind: 'bank_card',
        bankName: details.bankName,
        accountHint: maskCardNumber(details.cardNumber),
        holderHint: maskName(details.holderName),
      };
}

/** The account in one line of Chinese, for audit rows and notices: 支付宝 138****8000（**三）. */
export function payoutAccountLabel(view: Omit<PayoutAccountView, 'updatedAt'>): string {
  const where = view.kind === 'alipay' ? '支付宝' : `${view.bankName} 银行卡`;
  return `${where} ${view.accountHint}（${view.holderHint}）`;
}
