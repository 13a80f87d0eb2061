import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Context } from '../../context.ts';
import { MAX_PHOTO_BYTES } from '../cases/photos.service.ts';
import { isBadValue, isDatabaseUnavailable } from '../../http/errors.ts';
import { RateLimited } from '../../lib/errors.ts';
import { CONTENT_TYPES, Open311Error, errorBody, render, type Format, type Open311Value } from './open311.format.ts';
import {
  createRequest,
  discovery,
  jurisdiction,
  listRequestsJson,
  RecordCache,
  listUpdates,
  readMedia,
  requestForToken,
  requestQuery,
  serviceDefinition,
  services,
  type Form,
  type Media,
} from './open311.service.ts';

// GeoReport v2 under /open311/v2/: every resource in .json and .xml, errors as the spec's `errors`
// list in the asked format. Bodies are form-encoded (or multipart with a `media` file), as the spec says.

type Query = Record<string, string | undefined>;
type Params = Record<string, string>;

const FORMATS = new Set<Format>(['json', 'xml']);
const LIST_CACHE_MS = 1_000;

function formatOf(params: Params): Format {
  const format = params.format as Format;
  if (!FORMATS.has(format)) throw new Open311Error(404, 'the format is .json or .xml');
  return format;
}

/** The format the error answer takes: the one the path asked for, else JSON. */
const errorFormat = (request: FastifyRequest): Format => (/\.xml(\?|$)/.test(request.url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Format, root: string, value: Open311Value, status = 200): FastifyReply {
  return reply
    .status(status)
    .type(CONTENT_TYPES[format])
    .send(render(format, root, value));
}

/** A request list as JSON bytes: sent as they are, or turned into XML. */
function sendList(reply: FastifyReply, format: Format, json: Buffer): FastifyReply {
  if (format === 'json') return reply.type(CONTENT_TYPES.json).send(json);
  return send(reply, format, 'service_requests', JSON.parse(json.toString()) as Open311Value);
}

function formOf(pairs: Iterable<[string, string]>): Form {
  const form: Form = new Map();
  for (const [name, value] of pairs) form.set(name, [...(form.get(name) ?? []), value]);
  return form;
}

/** The POST body: form fields, and the `media` file when multipart. */
async function readPost(request: FastifyRequest): Promise<{ form: Form; media?: Media }> {
  if (!request.isMultipart()) {
    if (typeof request.body !== 'string') {
      throw new Open311Error(400, 'the body must be application/x-www-form-urlencoded or multipart/form-data');
    }
    return { form: formOf(new URLSearchParams(request.body)) };
  }
  const pairs: [string, string][] = [];
  let media: Media | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'media' || media) throw new Open311Error(400, 'only one file, named media, may be sent');
      media = { bytes: await part.toBuffer() };
    } else pairs.push([part.fieldname, String(part.value)]);
  }
  return { form: formOf(pairs), ...(media && { media }) };
}

export function open311Routes(ctx: Context) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    await app.register(multipart, { limits: { files: 1, fileSize: MAX_PHOTO_BYTES, fields: 200, fieldSize: 20_000 } });
    app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      const format = errorFormat(request);
      if (error instanceof Open311Error) return reply.status(error.status).type(CONTENT_TYPES[format]).send(errorBody(format, error));
      if (error instanceof RateLimited) {
        const limited = new Open311Error(429, error.message);
        return reply
          .status(429)
          .header('Retry-After', String(error.retryAfterSeconds))
          .type(CONTENT_TYPES[format])
          .send(errorBody(format, limited));
      }
      const status = error.statusCode ?? 500;
      if (status >= 500 && !isDatabaseUnavailable(error) && !isBadValue(error)) request.log.error({ err: error }, 'open311 request failed');
      const known =
        error.code === 'FST_REQ_FILE_TOO_LARGE' || status === 413
          ? new Open311Error(413, `the media file or the body is too large (at most ${MAX_PHOTO_BYTES} bytes)`)
          : status === 429
            ? new Open311Error(429, 'too many requests; retry later')
            : status < 500 || isBadValue(error)
              ? new Open311Error(400, 'the request is malformed')
              : isDatabaseUnavailable(error)
                ? new Open311Error(503, 'the service is unavailable for a moment; retry later')
                : new Open311Error(500, 'the service failed; retry later');
      if (known.status === 503) void reply.header('Retry-After', '5');
      return reply.status(known.status).type(CONTENT_TYPES[format]).send(errorBody(format, known));
    });
    // GeoReport parameters are single; a repeated one (?status=open&status=closed) counts once, as in form bodies.
    app.addHook('preHandler', async (request) => {
      const query = request.query as Record<string, unknown> | undefined;
      for (const [key, value] of Object.entries(query ?? {})) if (Array.isArray(value)) query![key] = value[0];
    });
    app.setNotFoundHandler((request, reply) => {
      const format = errorFormat(request);
      return reply
        .status(404)
        .type(CONTENT_TYPES[format])
        .send(errorBody(format, new Open311Error(404, 'no such resource')));
    });

    // A public API: a web page of any origin may call it (a POST still needs its api_key).
    app.addHook('onSend', async (_request, reply) => {
      void reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    });
    app.options('/*', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'Content-Type, Idempotency-Key')
        .header('access-control-max-age', '86400')
        .send(),
    );

    const tags = ['open311'];
    const cityOf = (request: FastifyRequest) => jurisdiction(ctx, (request.query as Query).jurisdiction_id);
    // Registered under the prefix /open311/v2.
    const base = '';

    app.get(`${base}/discovery.:format`, { schema: { tags, summary: 'GeoReport v2 discovery' } }, async (request, reply) =>
      send(reply, formatOf(request.params as Params), 'discovery', discovery(ctx.config.publicUrl)),
    );
    app.get(
      `${base}/services.:format`,
      { schema: { tags, summary: 'The services: the leaves of the city’s catalogue' } },
      async (request, reply) => {
        const format = formatOf(request.params as Params);
        return send(reply, format, 'services', await services(ctx, await cityOf(request)));
      },
    );
    app.get(
      `${base}/services/:code.:format`,
      { schema: { tags, summary: 'A service definition: the leaf’s extra fields as attributes' } },
      async (request, reply) => {
        const params = request.params as Params;
        const format = formatOf(params);
        return send(reply, format, 'service_definition', await serviceDefinition(ctx, await cityOf(request), params.code!));
      },
    );
    app.post(
      `${base}/requests.:format`,
      {
        schema: {
          tags,
          summary: 'Create a service request (form-encoded, or multipart with media); api_key required; Idempotency-Key honoured',
        },
      },
      async (request, reply) => {
        const format = formatOf(request.params as Params);
        const { form, media } = await readPost(request);
        const city = await jurisdiction(ctx, form.get('jurisdiction_id')?.[0] ?? (request.query as Query).jurisdiction_id);
        const key = request.headers['idempotency-key'];
        const created = await createRequest(
          ctx,
          city,
          form,
          media,
          typeof key === 'string' && key !== '' ? key.slice(0, 200) : undefined,
          request.ip,
        );
        return send(reply, format, 'service_requests', created, 201);
      },
    );
    // The same list asked again within a second is answered from memory: monitors and apps poll the
    // same query, and a request taken in shows in it at most a second later.
    const recentLists = new Map<string, { until: number; json: Promise<Buffer> }>();
    const records = new RecordCache(ctx.config.open311Records);
    app.get(
      `${base}/requests.:format`,
      { schema: { tags, summary: 'Service requests: by id, service, date window, status' } },
      async (request, reply) => {
        const format = formatOf(request.params as Params);
        const city = await cityOf(request);
        const query = request.query as Query;
        const parsed = requestQuery(query, ctx.now());
        const key = `${city.id}?${Object.keys(query)
          .filter((name) => name !== 'jurisdiction_id')
          .sort()
          .map((name) => `${name}=${query[name]}`)
          .join('&')}`;
        const now = Date.now();
        let entry = recentLists.get(key);
        if (!entry || entry.until <= now) {
          if (recentLists.size >= 1_000) recentLists.clear();
          entry = { until: now + LIST_CACHE_MS, json: listRequestsJson(ctx, city, parsed, records) };
          recentLists.set(key, entry);
          entry.json.catch(() => recentLists.delete(key));
        }
        return sendList(reply, format, await entry.json);
      },
    );
    app.get(`${base}/requests/:id.:format`, { schema: { tags, summary: 'One service request' } }, async (request, reply) => {
      const params = request.params as Params;
      const format = formatOf(params);
      const found = await listRequestsJson(ctx, await cityOf(request), { ids: [params.id!], page: 1, pageSize: 1 }, records);
      if (found.length <= 2) throw new Open311Error(404, `service_request_id ${params.id} was not found`);
      return sendList(reply, format, found);
    });
    app.get(`${base}/tokens/:token.:format`, { schema: { tags, summary: 'The service_request_id of a token' } }, async (request, reply) => {
      const params = request.params as Params;
      const format = formatOf(params);
      return send(reply, format, 'service_requests', await requestForToken(ctx, await cityOf(request), params.token!));
    });
    app.get(
      `${base}/servicerequestupdates.:format`,
      { schema: { tags, summary: 'Updates of service requests in a window (the FixMyStreet extension)' } },
      async (request, reply) => {
        const format = formatOf(request.params as Params);
        const city = await cityOf(request);
        return send(reply, format, 'service_requests_updates', await listUpdates(ctx, city, request.query as Query));
      },
    );
    app.get(
      `${base}/media/:city/:id`,
      { schema: { tags, summary: 'A media file uploaded with a service request' } },
      async (request, reply) => {
        const params = request.params as Params;
        const media = await readMedia(ctx, await jurisdiction(ctx, params.city), params.id!);
        return reply.type(media.contentType).header('cache-control', 'public, max-age=86400').send(media.content);
      },
    );
  };
}
