import type { Identifier } from './customers.schemas.js';

/** 138****5678: enough for the owner to recognise, too little for anyone else. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}

/** z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskIdentifier(identifier: Identifier): string {
  return identifier.kind === 'phone' ? maskPhone(identifier.value) : maskEmail(identifier.value);
}
