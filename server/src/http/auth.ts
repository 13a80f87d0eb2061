import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { AppError, unauthenticated } from '../lib/errors.ts';
import type { Actor } from '../lib/policy.ts';
import { actorFromApiKey, actorFromSession } from '../modules/accounts/index.ts';

export const SESSION_COOKIE = 'gz_session';
export const CSRF_COOKIE = 'gz_csrf';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const cache = new WeakMap<FastifyRequest, Promise<Actor>>();

/**
 * The actor of a request: an API key (`Authorization: Bearer gzk_…` or `X-Api-Key`) or the session cookie.
 * Cookie sessions must echo their CSRF token in `X-CSRF-Token` on every unsafe method.
 */
export function authenticate(ctx: Context, request: FastifyRequest): Promise<Actor> {
  let pending = cache.get(request);
  if (!pending) {
    pending = resolve(ctx, request);
    cache.set(request, pending);
  }
  return pending;
}

async function resolve(ctx: Context, request: FastifyRequest): Promise<Actor> {
  const key = apiKeyOf(request);
  if (key) {
    const actor = await actorFromApiKey(ctx, key);
    if (!actor) throw new AppError(401, 'invalid_api_key', 'The API key is not valid');
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw unauthenticated();
  const found = await actorFromSession(ctx, token);
  if (!found) throw new AppError(401, 'session_expired', 'The session has ended; sign in again');
  if (!safeMethods.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
    throw new AppError(403, 'csrf_failed', 'The X-CSRF-Token header is missing or wrong');
  }
  return found.actor;
}

/** The API key a request carries, if any. */
export function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  return undefined;
}

export function setSessionCookies(ctx: Context, reply: FastifyReply, sessionToken: string, csrfToken: string, expiresAt: Date): void {
  const secure = ctx.config.nodeEnv === 'production';
  void reply.setCookie(SESSION_COOKIE, sessionToken, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
  // Readable by the page's script, which echoes it in X-CSRF-Token.
  void reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure, path: '/', expires: expiresAt });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  void reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
