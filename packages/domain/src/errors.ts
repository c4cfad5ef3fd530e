/**
 * The one error class for business rules. `code` is stable (API clients and tests match on it),
 * `message` is for logs, `userMessage` is safe to show and written for the person who caused it.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: string;
  readonly userMessage: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    options: {
      message?: string;
      userMessage: string;
      status?: number;
      details?: Record<string, unknown>;
      cause?: unknown;
    },
  ) {
    super(options.message ?? options.userMessage, { cause: options.cause });
    this.code = code;
    this.userMessage = options.userMessage;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

export function isDomainError(error: unknown, code?: string): error is DomainError {
  return (
    error instanceof DomainError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'DomainError' &&
      (code === undefined || (error as { code?: unknown }).code === code))
  );
}
