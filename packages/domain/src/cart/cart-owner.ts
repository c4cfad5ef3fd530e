import { createHash, randomBytes } from 'node:crypto';

/** Whose cart: the signed-in customer's (from the session, never a form) or a guest's. */
export interface CartOwner {
  customerId: string | null;
  /** The guest cart's token from its cookie; ignored when a customer is signed in. */
  guestToken: string | null;
}

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** A new guest cart token: 24 random bytes, base64url (32 characters). */
export function newGuestCartToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Only the token's sha256 is stored, so a database dump does not open anyone's cart. */
export function hashGuestCartToken(token: string | null | undefined): Buffer | null {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  return createHash('sha256').update(token).digest();
}
