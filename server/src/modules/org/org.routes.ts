import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  regionCode,
  regionCreate,
  regionDetail,
  regionSummary,
  regionUpdate,
  unitCreate,
  unitKind,
  unitUpdate,
  unitView,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses, page } from '../../http/schemas.ts';
import * as regionsService from './regions.service.ts';
import * as unitsService from './units.service.ts';
import { importRegionsGeoJson, importUnitsCsv } from './org.import.ts';

const codeParams = z.object({ code: regionCode });
const featureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export function orgRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const regionsTag = { tags: ['regions'] };
    app.get(
      '/api/regions/:code',
      {
        schema: {
          ...regionsTag,
          summary: 'A region and its ancestors',
          params: codeParams,
          response: { 200: regionDetail, ...errorResponses },
        },
      },
      async (req) => regionsService.getRegion(ctx, await authenticate(ctx, req), req.params.code),
    );
    app.get(
      '/api/regions/:code/children',
      {
        schema: {
          ...regionsTag,
          summary: 'The children of a region',
          params: codeParams,
          response: { 200: z.object({ items: z.array(regionSummary) }), ...errorResponses },
        },
      },
      async (req) => regionsService.listRegionChildren(ctx, await authenticate(ctx, req), req.params.code),
    );
    app.get(
      '/api/regions/:code/children.geojson',
      { schema: { ...regionsTag, summary: "The children's boundaries (GeoJSON FeatureCollection)", params: codeParams } },
      async (req, reply) => {
        const body = await regionsService.regionChildrenGeoJson(ctx, await authenticate(ctx, req), req.params.code);
        return reply.type('application/geo+json').send(body);
      },
    );
    app.get(
      '/api/regions/:code/geojson',
      { schema: { ...regionsTag, summary: "A region's boundary (GeoJSON Feature)", params: codeParams } },
      async (req, reply) => {
        const body = await regionsService.regionGeoJson(ctx, await authenticate(ctx, req), req.params.code);
        return reply.type('application/geo+json').send(body);
      },
    );
    app.post(
      '/api/regions',
      {
        schema: {
          ...regionsTag,
          summary: 'Add a region under a parent',
          body: regionCreate,
          response: { 201: regionDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        await regionsService.createRegions(ctx, actor, [req.body], 'region.create');
        return reply.status(201).send(await regionsService.getRegion(ctx, actor, req.body.code));
      },
    );
    app.patch(
      '/api/regions/:code',
      {
        schema: {
          ...regionsTag,
          summary: 'Rename a region or change its boundary',
          params: codeParams,
          body: regionUpdate,
          response: { 200: regionDetail, ...errorResponses },
        },
      },
      async (req) => {
        const actor = await authenticate(ctx, req);
        const region = await regionsService.updateRegion(ctx, actor, req.params.code, req.body);
        if (req.body.geometry !== undefined) ctx.locator.invalidate(actor.cityId);
        ctx.cache.invalidate(actor.cityId);
        return region;
      },
    );
    app.post(
      '/api/import/regions',
      {
        bodyLimit: ctx.config.importLimitBytes,
        schema: {
          tags: ['import'],
          summary: 'Import regions from a GeoJSON FeatureCollection (all or nothing)',
          body: featureCollection,
          response: { 201: z.object({ created: z.number() }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        const result = await importRegionsGeoJson(ctx, actor, req.body);
        ctx.locator.invalidate(actor.cityId);
        ctx.cache.invalidate(actor.cityId);
        return reply.status(201).send({ created: result.created });
      },
    );

    const unitsTag = { tags: ['units'] };
    const unitQuery = page.extend({ region: regionCode.optional(), kind: unitKind.optional(), q: z.string().max(100).optional() });
    app.get(
      '/api/units',
      {
        schema: {
          ...unitsTag,
          summary: 'Units within your scope',
          querystring: unitQuery,
          response: { 200: z.object({ items: z.array(unitView), total: z.number() }), ...errorResponses },
        },
      },
      async (req) => unitsService.listUnits(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/units/:id',
      { schema: { ...unitsTag, summary: 'One unit', params: z.object({ id: z.uuid() }), response: { 200: unitView, ...errorResponses } } },
      async (req) => unitsService.getUnit(ctx, await authenticate(ctx, req), req.params.id),
    );
    app.post(
      '/api/units',
      { schema: { ...unitsTag, summary: 'Add a unit', body: unitCreate, response: { 201: unitView, ...errorResponses } } },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        const { ids } = await unitsService.createUnits(ctx, actor, [req.body], 'unit.create');
        return reply.status(201).send(await unitsService.getUnit(ctx, actor, ids[0]!));
      },
    );
    app.patch(
      '/api/units/:id',
      {
        schema: {
          ...unitsTag,
          summary: 'Change a unit',
          params: z.object({ id: z.uuid() }),
          body: unitUpdate,
          response: { 200: unitView, ...errorResponses },
        },
      },
      async (req) => unitsService.updateUnit(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.post(
      '/api/import/units',
      {
        bodyLimit: ctx.config.importLimitBytes,
        schema: {
          tags: ['import'],
          summary: 'Import units from CSV (name,kind,region_code,department_type; all or nothing)',
          consumes: ['text/csv'],
          body: z.string(),
          response: { 201: z.object({ created: z.number() }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const result = await importUnitsCsv(ctx, await authenticate(ctx, req), req.body);
        return reply.status(201).send({ created: result.created });
      },
    );
  };
}
