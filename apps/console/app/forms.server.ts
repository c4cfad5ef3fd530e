import { data } from '@remix-run/node';
import { isDomainError } from '@cardshop/domain';
import type { ParsedAmount } from './money';

/** What a console action answers when it does not redirect: messages and the values sent. */
export interface FormResult {
  intent?: string;
  /** The row the form was about, so a list page shows the message next to the right row. */
  target?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  notice?: string;
}

/** The text fields of a form (files are left out). */
export function formStrings(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !(key in values)) values[key] = value;
  }
  return values;
}

/**
 * Form fields are named after the domain's inputs, except money and percentages, which people
 * type in yuan and percent: `wholesalePriceFen` is the form's `wholesalePrice`, `markupBps` is
 * `markupPercent`.
 */
export function formFieldName(path: string): string {
  // A listing's pricing is one object in the domain, two plain fields in the form.
  if (path.startsWith('pricing.')) path = path.slice('pricing.'.length);
  if (path.endsWith('Fen')) return path.slice(0, -3);
  if (path.endsWith('Bps')) return `${path.slice(0, -3)}Percent`;
  return path;
}

/** The first message per field, from zod issues (or a DomainError's issue list). */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = formFieldName(issue.path.map(String).join('.') || '_');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Collects the results of the money/number parsers: values when all passed, errors otherwise. */
export function collectParsed<K extends string>(
  parsed: Record<K, ParsedAmount | null>,
): { values: Record<K, number | null>; errors: Record<string, string> } {
  const values = {} as Record<K, number | null>;
  const errors: Record<string, string> = {};
  for (const key of Object.keys(parsed) as K[]) {
    const result = parsed[key];
    if (result === null) values[key] = null;
    else if (result.ok) values[key] = result.value;
    else errors[key] = result.error;
  }
  return { values, errors };
}

export function badRequest(result: FormResult, status = 400) {
  return data<FormResult>(result, status);
}

/**
 * A refused business rule as the form's answer: the DomainError's userMessage (never the raw
 * error text) and its field errors when it has them. Anything else is rethrown as a 500.
 */
export function domainFailure(
  error: unknown,
  result: FormResult = {},
  mapFieldErrors: (errors: Record<string, string>) => Record<string, string> = (e) => e,
) {
  if (!isDomainError(error) || error.status >= 500) throw error;
  const details = error.details as
    | {
        fieldErrors?: Record<string, string>;
        issues?: Array<{ path: PropertyKey[]; message: string }>;
      }
    | undefined;
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(details?.fieldErrors ?? {})) {
    fieldErrors[formFieldName(key)] ??= message;
  }
  Object.assign(fieldErrors, fieldErrorsFromIssues(details?.issues ?? []), result.fieldErrors);
  return data<FormResult>(
    {
      ...result,
      formError: error.userMessage,
      ...(Object.keys(fieldErrors).length ? { fieldErrors: mapFieldErrors(fieldErrors) } : {}),
    },
    error.status >= 400 ? error.status : 400,
  );
}

/** Runs a domain call for an action; a refused rule becomes the form's error answer. */
export async function attempt<T>(
  fn: () => Promise<T>,
  result: FormResult = {},
  mapFieldErrors?: (errors: Record<string, string>) => Record<string, string>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof domainFailure> }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, response: domainFailure(error, result, mapFieldErrors) };
  }
}

/** A checkbox's value: present means on. */
export function checkbox(form: FormData, name: string): boolean {
  const value = form.get(name);
  return value === 'on' || value === 'true' || value === '1';
}

/** A text field, trimmed; '' when missing. */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A text field where an empty value means "none". */
export function optionalText(form: FormData, name: string): string | null {
  const value = text(form, name);
  return value === '' ? null : value;
}

/** A loader's read where a refused id (the DomainError's 404) means this page does not exist. */
export async function orNotFound<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isDomainError(error) && (error.status === 404 || error.status === 422)) {
      throw Response.json({ reason: 'not-found' }, { status: 404 });
    }
    throw error;
  }
}
