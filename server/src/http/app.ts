import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from '../context.ts';
// Routes are the only part of a module that depends on the HTTP layer, so they are imported directly.
import { accountsRoutes } from '../modules/accounts/accounts.routes.ts';
import { assessmentRoutes } from '../modules/assessment/assessment.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { callersRoutes } from '../modules/callers/callers.routes.ts';
import { casesRoutes } from '../modules/cases/cases.routes.ts';
import { caseImportRoutes } from '../modules/cases/import.routes.ts';
import { publicCasesRoutes } from '../modules/cases/public.routes.ts';
import { catalogueRoutes } from '../modules/catalogue/catalogue.routes.ts';
import { dashboardRoutes } from '../modules/dashboard/dashboard.routes.ts';
import { deadlinesRoutes } from '../modules/deadlines/deadlines.routes.ts';
import { geoRoutes } from '../modules/geo/geo.routes.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { open311Routes } from '../modules/open311/open311.routes.ts';
import { orgRoutes } from '../modules/org/org.routes.ts';
import { whistlesRoutes } from '../modules/whistles/whistles.routes.ts';
import { classifierRoutes } from '../modules/classifier/classifier.routes.ts';
import { themesRoutes } from '../modules/themes/index.ts';
import { hotspotsRoutes } from '../modules/hotspots/hotspots.routes.ts';
import { docsRoutes } from './docs.ts';
import { errorHandler, sendError } from './errors.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface AppOptions {
  logger?: boolean;
}

/** Builds the HTTP application: plugins, the error contract, every module's routes and the web app. */
export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
    // Errors the router raises before any route (a malformed URL, a path part over the length limit).
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(['image/jpeg', 'image/png', 'image/webp'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/geo+json', { parseAs: 'string' }, (req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new SyntaxError('malformed JSON'), { statusCode: 400 }), undefined);
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
  });
  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: (req) => req.url === '/healthz',
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s` },
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongzhi 共治 API',
        version: '0.1.0',
        description:
          'The API of Gongzhi, the platform for urban grassroots governance. Errors are `{"error":{"code","message"}}` with stable snake_case codes.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gz_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes(ctx));
  await app.register(accountsRoutes(ctx));
  await app.register(orgRoutes(ctx));
  await app.register(geoRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.register(catalogueRoutes(ctx));
  await app.register(deadlinesRoutes(ctx));
  await app.register(casesRoutes(ctx));
  await app.register(caseImportRoutes(ctx));
  await app.register(callersRoutes(ctx));
  await app.register(publicCasesRoutes(ctx));
  await app.register(whistlesRoutes(ctx));
  await app.register(classifierRoutes(ctx));
  await app.register(open311Routes(ctx), { prefix: '/open311/v2' });
  await app.register(assessmentRoutes(ctx));
  await app.register(dashboardRoutes(ctx));
  await app.register(themesRoutes(ctx));
  await app.register(hotspotsRoutes(ctx));
  await app.register(docsRoutes(app));

  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0]!;
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/open311/') || url === '/healthz';
    if (!isApi && hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !path.extname(url)) {
      // A client-side route of the single-page app.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(reply, 404, 'not_found', `No route ${req.method} ${url}`);
  });
  return app;
}
