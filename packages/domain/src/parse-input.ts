import type { z } from 'zod';
import { DomainError } from './errors.js';

/**
 * Parses input with a schema whose messages are written for people, and turns a failure into one
 * DomainError (422) whose userMessage is the first problem; every problem is in details.fieldErrors.
 */
export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  code: string,
  /** A more specific code for a problem at this path (e.g. the topup fields of a product). */
  codeForPath?: (path: string) => string | undefined,
): z.output<TSchema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || '_';
    fieldErrors[field] ??= issue.message;
  }
  const first = parsed.error.issues[0];
  const firstPath = first ? first.path.map(String).join('.') : '';
  throw new DomainError(codeForPath?.(firstPath) ?? code, {
    message: `invalid input: ${parsed.error.message}`,
    userMessage: first?.message ?? '输入有误，请检查后重试',
    status: 422,
    details: { fieldErrors },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An id from a URL or form. Anything that is not a uuid cannot name a row, so it is refused as
 * "not found" (404) before it reaches Postgres, which would fail on the cast.
 */
export function parseId(id: unknown, code: string, userMessage: string): string {
  if (typeof id === 'string' && UUID.test(id)) return id.toLowerCase();
  throw new DomainError(code, { message: `not an id: ${String(id)}`, userMessage, status: 404 });
}
