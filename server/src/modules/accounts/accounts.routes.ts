import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  accountCreate,
  accountUpdate,
  accountView,
  apiKeyCreate,
  loginRequest,
  me,
  passwordChange,
  roleGrantCreate,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate, clearSessionCookies, SESSION_COOKIE, setSessionCookies } from '../../http/auth.ts';
import { enforceLimits } from '../../http/limits.ts';
import { errorResponses, noContent, page } from '../../http/schemas.ts';
import { AppError } from '../../lib/errors.ts';
import * as service from './accounts.service.ts';
import * as authService from './auth.service.ts';

const idParams = z.object({ id: z.uuid() });

export function accountsRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const auth = { tags: ['auth'] };
    app.post(
      '/api/auth/login',
      {
        schema: {
          ...auth,
          summary: 'Sign in with a password; sets the session cookie',
          body: loginRequest,
          response: { 200: me, ...errorResponses, 423: errorResponses[401] },
        },
      },
      async (req, reply) => {
        // Per address and per username (a botnet guessing one account's password), whether the account exists or not.
        enforceLimits(ctx, [
          [ctx.limits.loginPerAddress, req.ip],
          [ctx.limits.loginPerUsername, req.body.username.normalize('NFKC').toLowerCase()],
        ]);
        const result = await authService.login(ctx, req.body);
        setSessionCookies(ctx, reply, result.sessionToken, result.csrfToken, result.expiresAt);
        return result.me;
      },
    );
    app.post('/api/auth/logout', { schema: { ...auth, summary: 'End the session', response: noContent } }, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      try {
        if (token) {
          await authenticate(ctx, req);
          await authService.logout(ctx, token);
        }
      } catch (error) {
        // A session that has already ended is logged out all the same; a forged request (CSRF) is not.
        if (!(error instanceof AppError && error.code === 'session_expired')) throw error;
      }
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    });
    app.post(
      '/api/auth/password',
      { schema: { ...auth, summary: 'Change your own password', body: passwordChange, response: noContent } },
      async (req, reply) => {
        await authService.changePassword(ctx, await authenticate(ctx, req), req.cookies[SESSION_COOKIE], req.body);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/api/me',
      { schema: { ...auth, summary: 'The signed-in account, its roles and abilities', response: { 200: me, ...errorResponses } } },
      async (req) => authService.describeMe(await authenticate(ctx, req)),
    );

    const tag = { tags: ['accounts'] };
    const list = z.object({ items: z.array(accountView), total: z.number() });
    app.get(
      '/api/accounts',
      {
        schema: {
          ...tag,
          summary: 'Accounts within your scope',
          querystring: page.extend({ q: z.string().max(100).optional(), unitId: z.uuid().optional() }),
          response: { 200: list, ...errorResponses },
        },
      },
      async (req) => service.listAccounts(ctx, await authenticate(ctx, req), req.query),
    );
    app.post(
      '/api/accounts',
      { schema: { ...tag, summary: 'Create an account', body: accountCreate, response: { 201: accountView, ...errorResponses } } },
      async (req, reply) => reply.status(201).send(await service.createAccount(ctx, await authenticate(ctx, req), req.body)),
    );
    app.patch(
      '/api/accounts/:id',
      {
        schema: {
          ...tag,
          summary: 'Change, disable or reset an account',
          params: idParams,
          body: accountUpdate,
          response: { 200: accountView, ...errorResponses },
        },
      },
      async (req) => service.updateAccount(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.post(
      '/api/accounts/:id/roles',
      {
        schema: {
          ...tag,
          summary: 'Give an account a role in a unit',
          params: idParams,
          body: roleGrantCreate,
          response: { 201: accountView, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await service.grantRole(ctx, await authenticate(ctx, req), req.params.id, req.body)),
    );
    app.delete(
      '/api/accounts/:id/roles/:roleId',
      { schema: { ...tag, summary: 'Take a role away', params: z.object({ id: z.uuid(), roleId: z.uuid() }), response: noContent } },
      async (req, reply) => {
        await service.revokeRole(ctx, await authenticate(ctx, req), req.params.id, req.params.roleId);
        return reply.status(204).send(null);
      },
    );

    const keys = { tags: ['api keys'] };
    const keyView = z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.date(),
      lastUsedAt: z.date().nullable(),
      revokedAt: z.date().nullable(),
    });
    app.get(
      '/api/api-keys',
      { schema: { ...keys, summary: 'Your API keys', response: { 200: z.object({ items: z.array(keyView) }), ...errorResponses } } },
      async (req) => ({
        items: await service.listApiKeys(ctx, await authenticate(ctx, req)),
      }),
    );
    app.post(
      '/api/api-keys',
      {
        schema: {
          ...keys,
          summary: 'Create an API key (shown once)',
          body: apiKeyCreate,
          response: { 201: z.object({ id: z.string(), name: z.string(), key: z.string() }), ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createApiKey(ctx, await authenticate(ctx, req), req.body.name)),
    );
    app.delete(
      '/api/api-keys/:id',
      { schema: { ...keys, summary: 'Revoke an API key', params: idParams, response: noContent } },
      async (req, reply) => {
        await service.revokeApiKey(ctx, await authenticate(ctx, req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
