import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { errorCode, loginAs, makeAccount, makeCity, testApp, type TestCity } from '../../../test/harness.ts';
import { installCatalogue, loadCatalogueFile } from './index.ts';
import type { Catalogue } from './index.ts';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;

const small: Catalogue = {
  categories: [
    {
      code: '01',
      name: '城乡建设',
      children: [
        {
          code: '0101',
          name: '市政设施',
          children: [
            { code: '010101', name: '路灯不亮', deadlineTier: 'general', handler: { kind: 'street' }, keywords: ['路灯', '不亮', '黑'] },
            {
              code: '010102',
              name: '井盖缺失',
              deadlineTier: 'emergency',
              handler: { kind: 'department', departmentType: '城管' },
              keywords: ['井盖', '窨井', '掉下去'],
              fields: [{ code: 'depth', label: '深度', type: 'number', required: false }],
            },
          ],
        },
      ],
    },
  ],
};

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await makeAccount(ctx, city, 'cat-resident', [['resident', 'k1Committee']]);
});

describe('the stored catalogue', () => {
  it('gives every role of the city the tree exactly as installed, and no other city any of it', async () => {
    expect(await installCatalogue(ctx.database.db, city.id, small, null)).toBe(4);
    const resident = await loginAs(app, 'cat-resident', city.slug);
    expect((await resident.get('/api/catalogue')).json()).toEqual(small);
    const other = await makeCity(ctx);
    await makeAccount(ctx, other, 'cat-other', [['admin', 'cityGov']]);
    expect((await (await loginAs(app, 'cat-other', other.slug)).get('/api/catalogue')).json()).toEqual({ categories: [] });
  });

  it('refuses a second catalogue for the same city and keeps the first', async () => {
    await expect(installCatalogue(ctx.database.db, city.id, small, null)).rejects.toMatchObject({ code: 'catalogue_exists' });
    const resident = await loginAs(app, 'cat-resident', city.slug);
    expect((await resident.get('/api/catalogue')).json().categories[0].children[0].children).toHaveLength(2);
  });

  it('round-trips the demo catalogue of 343 leaves', async () => {
    const demo = await loadCatalogueFile();
    const third = await makeCity(ctx);
    await makeAccount(ctx, third, 'cat-third', [['operator', 'hotline']]);
    await installCatalogue(ctx.database.db, third.id, demo, null);
    const tree = (await (await loginAs(app, 'cat-third', third.slug)).get('/api/catalogue')).json();
    expect(tree.categories).toEqual(demo.categories);
  });

  it('needs a signed-in actor', async () => {
    expect(errorCode(await app.inject({ method: 'GET', url: '/api/catalogue' }))).toBe('unauthenticated');
  });
});
