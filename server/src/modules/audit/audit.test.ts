import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { engine, loginAs, makeAccount, makeCity, testApp, type TestCity } from '../../../test/harness.ts';
import { appendAudit, verifyAuditChain } from './index.ts';
import type { FastifyInstance } from 'fastify';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await makeAccount(ctx, city, 'audit-admin', [['admin', 'cityGov']]);
});

describe('audit log', () => {
  it('records changes with their actor, chained, and verifies', async () => {
    const admin = await loginAs(app, 'audit-admin', city.slug);
    await admin.post('/api/units', { name: '审计测试单位', kind: 'department', regionCode: city.code });
    const entries = (await admin.get('/api/audit?limit=10')).json().items as {
      seq: number;
      action: string;
      prevHash: string;
      hash: string;
      actorId: string;
    }[];
    expect(entries[0]!.action).toBe('unit.create');
    expect(entries[0]!.prevHash).toBe(entries[1]!.hash);
    const report = (await admin.get('/api/audit/verify')).json();
    expect(report).toMatchObject({ ok: true, checked: entries[0]!.seq });
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    const other = await makeCity(ctx);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.database.db.transaction((tx) =>
          appendAudit(tx, {
            cityId: other.id,
            actorId: null,
            action: 'test.concurrent',
            entityType: 'test',
            entityId: String(i),
            detail: { i, nested: { b: 1, a: [1, 'x'] } },
          }),
        ),
      ),
    );
    const report = await verifyAuditChain(ctx.database.db, other.id);
    expect(report).toEqual({ cityId: other.id, checked: 41, ok: true });
  });

  it('refuses UPDATE and DELETE of entries', async () => {
    await expect(ctx.database.db.execute(sql`UPDATE audit_log SET action = 'forged' WHERE city_id = ${city.id}::uuid`)).rejects.toThrow();
    await expect(ctx.database.db.execute(sql`DELETE FROM audit_log WHERE city_id = ${city.id}::uuid`)).rejects.toThrow();
  });

  it('reports the first broken link when an entry is altered behind its back', async () => {
    // Only the embedded test database may have its trigger lifted: the PostgreSQL one is shared by parallel workers.
    if (engine() !== 'pglite') return;
    const victim = await makeCity(ctx);
    for (let i = 0; i < 5; i++)
      await ctx.database.db.transaction((tx) =>
        appendAudit(tx, { cityId: victim.id, actorId: null, action: 'test.entry', entityType: 'test', entityId: String(i) }),
      );
    await ctx.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    try {
      await ctx.database.db.execute(sql`UPDATE audit_log SET detail = '{"forged":true}' WHERE city_id = ${victim.id}::uuid AND seq = 3`);
    } finally {
      await ctx.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete`);
    }
    const report = await verifyAuditChain(ctx.database.db, victim.id);
    expect(report).toEqual({
      cityId: victim.id,
      checked: 2,
      ok: false,
      firstBroken: { seq: 3, reason: 'entry content does not match its hash' },
    });
    const rows = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE city_id = ${victim.id}::uuid`,
    );
    expect(rows[0]!.n).toBe(6);
  });
});
