/** The one error type the API answers with: `{"error":{"code","message"}}`, codes stable snake_case. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 429 `rate_limited`, naming the limit hit (per_address, per_account, per_api_key …); the answer carries Retry-After. */
export class RateLimited extends AppError {
  constructor(
    readonly limit: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'rate_limited', `Too many requests (${limit}); retry in ${retryAfterSeconds} s`, { limit, retryAfterSeconds });
  }
}

export const notFound = (what = 'resource'): AppError => new AppError(404, 'not_found', `The ${what} was not found`);
export const forbidden = (message = 'You may not do this'): AppError => new AppError(403, 'forbidden', message);
export const unauthenticated = (): AppError => new AppError(401, 'unauthenticated', 'Sign in first');
export const conflict = (code: string, message: string): AppError => new AppError(409, code, message);
export const badRequest = (code: string, message: string, details?: unknown): AppError => new AppError(400, code, message, details);

/** Postgres unique violation, as raised by both engines. */
export function isUniqueViolation(error: unknown): boolean {
  return pgCode(error) === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return pgCode(error) === '23503';
}

function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  // Drizzle wraps driver errors in `cause`.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
