import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, RateLimited } from '../lib/errors.ts';

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'This content type is not accepted here' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    message: 'The Content-Length does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The body is not valid JSON' },
  FST_ERR_VALIDATION: { status: 400, code: 'validation_failed', message: 'The request is not valid' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'The URL is malformed' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'url_too_long', message: 'A part of the URL is too long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', message: 'The request could not be routed' },
};

// Connection-level failures of either engine mean the database is away, not that we failed.
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

// Values PostgreSQL refuses to store or read (a NUL character, a number or date out of range, text where a
// number belongs): the request's fault, answered 400; the statement failed, so nothing was written.
const badValueCodes = new Set(['22021', '22P05', '22P02', '22003', '22007', '22008', '22001']);

function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isBadValue = (error: unknown): boolean => badValueCodes.has(sqlState(error) ?? '');

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

/** Every failure leaves as `{"error":{"code","message"}}`; nothing internal (stack, SQL) is ever sent. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof RateLimited) void reply.header('Retry-After', String(error.retryAfterSeconds));
  if (error instanceof AppError) return sendError(reply, error.statusCode, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message,
    }));
    return sendError(reply, 400, 'validation_failed', 'The request is not valid', details);
  }
  const known = fastifyCodes[error.code];
  if (known) return sendError(reply, known.status, known.code, known.message);
  if (error instanceof SyntaxError && error.statusCode === 400)
    return sendError(reply, 400, 'malformed_json', 'The body is not valid JSON');
  if (error.statusCode === 429) return sendError(reply, 429, 'rate_limited', 'Too many requests; slow down');
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    void reply.header('Retry-After', '5');
    return sendError(reply, 503, 'database_unavailable', 'The database is unavailable; try again shortly');
  }
  if (isBadValue(error))
    return sendError(
      reply,
      400,
      'invalid_value',
      'A value in the request cannot be stored or compared (a NUL character, a number or date out of range)',
    );
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendError(reply, error.statusCode, 'bad_request', 'The request could not be processed');
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 500, 'internal_error', 'Something went wrong on our side; it has been logged');
}
