// Set-based generation of many cases in the demo city (INSERT … SELECT FROM generate_series, one
// statement per chunk): a real text, a leaf of the catalogue, a grid's place and regions, the unit
// routing would pick (street office, committee, district or city department, utility), a status that
// depends on the case's age (recent ones open, old ones mostly closed, a few overdue stragglers), the
// clocks of its deadline tier and its first timeline events.
import type pg from 'pg';
import { interiorPointOf } from '../server/src/modules/geo/index.ts';
import { complaintTexts, demoGrids } from './case-bodies.ts';
import { withClient } from './lib.ts';

const firstUnit = (kind: string) =>
  `SELECT region_id, min(id::text)::uuid AS unit_id FROM units WHERE city_id = (SELECT id FROM cities WHERE code = '411600') AND kind = '${kind}' GROUP BY region_id`;

/** Helper tables the generator joins; small (grids, leaves, texts, department targets). */
export async function prepareGenerator(client: pg.Client): Promise<void> {
  const city = `(SELECT id FROM cities WHERE code = '411600')`;
  await client.query(`
    ANALYZE regions, units, categories;
    DROP TABLE IF EXISTS bench_grids, bench_leaves, bench_texts, bench_targets;
    CREATE TABLE bench_grids AS
      SELECT (row_number() OVER (ORDER BY g.code) - 1)::int AS n, g.path, d.path AS district_path,
             jsonb_build_array(
               jsonb_build_object('code', d.code, 'name', d.name, 'level', 'district'),
               jsonb_build_object('code', s.code, 'name', s.name, 'level', 'street'),
               jsonb_build_object('code', c.code, 'name', c.name, 'level', 'community'),
               jsonb_build_object('code', g.code, 'name', g.name, 'level', 'grid')) AS regions,
             so.unit_id AS street_office, cc.unit_id AS committee, 0::float8 AS lng, 0::float8 AS lat
      FROM regions g
      JOIN regions c ON c.city_id = g.city_id AND c.id = g.parent_id
      JOIN regions s ON s.city_id = c.city_id AND s.id = c.parent_id
      JOIN regions d ON d.city_id = s.city_id AND d.id = s.parent_id
      LEFT JOIN (${firstUnit('street_office')}) so ON so.region_id = s.id
      LEFT JOIN (${firstUnit('community_committee')}) cc ON cc.region_id = c.id
      WHERE g.city_id = ${city} AND g.level = 'grid';
    CREATE TABLE bench_leaves AS
      SELECT (row_number() OVER (ORDER BY c.code) - 1)::int AS n, c.code, c.deadline_tier AS tier,
             jsonb_build_object('code', c.code, 'name', c.name, 'path', jsonb_build_array(g.name, p.name, c.name),
                                'deadlineTier', c.deadline_tier, 'handler', c.handler) AS category,
             CASE c.handler->>'kind' WHEN 'department' THEN 'department:' || (c.handler->>'departmentType')
                                     WHEN 'utility' THEN 'utility:' || (c.handler->>'utilityType')
                                     ELSE c.handler->>'kind' END AS handler_key
      FROM categories c
      JOIN categories p ON p.city_id = c.city_id AND p.id = c.parent_id
      JOIN categories g ON g.city_id = p.city_id AND g.id = p.parent_id
      WHERE c.city_id = ${city} AND c.level = 3;
    -- Per district and department/utility type: the unit routing picks (the district's, else the city's).
    CREATE TABLE bench_targets AS
      SELECT DISTINCT ON (d.path, l.handler_key) d.path AS district_path, l.handler_key, u.id AS unit_id,
             l.handler_key || '@' || r.level AS rule_id
      FROM regions d
      CROSS JOIN (SELECT DISTINCT handler_key FROM bench_leaves WHERE handler_key LIKE '%:%') l
      JOIN units u ON u.city_id = d.city_id
        AND u.kind = split_part(l.handler_key, ':', 1) AND u.department_type = split_part(l.handler_key, ':', 2)
      JOIN regions r ON r.city_id = u.city_id AND r.id = u.region_id AND d.path LIKE r.path || '%'
      WHERE d.city_id = ${city} AND d.level = 'district'
      ORDER BY d.path, l.handler_key, length(r.path) DESC, u.id;
    CREATE TABLE bench_texts (n int PRIMARY KEY, text text NOT NULL);`);
  const texts = complaintTexts();
  await client.query(`INSERT INTO bench_texts SELECT i - 1, t FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i)`, [texts]);
  const grids = await demoGrids(client);
  const points = grids.map((g) => interiorPointOf(g.geometry));
  await client.query(
    `UPDATE bench_grids b SET lng = v.lng, lat = v.lat FROM unnest($1::text[], $2::float8[], $3::float8[]) AS v(path, lng, lat) WHERE b.path = v.path`,
    [grids.map((g) => g.path), points.map((p) => p[0]), points.map((p) => p[1])],
  );
  await client.query(
    `CREATE UNIQUE INDEX ON bench_grids (n); CREATE UNIQUE INDEX ON bench_leaves (n); ANALYZE bench_grids, bench_leaves, bench_texts, bench_targets`,
  );
}

export async function dropGenerator(client: pg.Client): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS bench_grids, bench_leaves, bench_texts, bench_targets`);
}

// Status by age: cumulative shares, the last bucket for cases older than 15 days.
const STATUS_BY_AGE = [
  {
    maxDays: 2,
    shares: [
      ['received', 0.1],
      ['returned', 0.12],
      ['dispatched', 0.5],
      ['accepted', 0.7],
      ['handling', 0.94],
      ['suspended', 0.97],
      ['withdrawn', 1],
    ],
  },
  {
    maxDays: 15,
    shares: [
      ['received', 0.02],
      ['returned', 0.03],
      ['dispatched', 0.06],
      ['accepted', 0.14],
      ['handling', 0.44],
      ['suspended', 0.49],
      ['replied', 0.74],
      ['closed', 0.94],
      ['withdrawn', 0.97],
      ['merged', 1],
    ],
  },
  {
    maxDays: Infinity,
    shares: [
      ['received', 0.001],
      ['returned', 0.002],
      ['dispatched', 0.004],
      ['accepted', 0.006],
      ['handling', 0.016],
      ['suspended', 0.02],
      ['replied', 0.03],
      ['closed', 0.93],
      ['withdrawn', 0.97],
      ['merged', 1],
    ],
  },
] as const;

const statusCase = (age: string, roll: string): string =>
  `CASE ${STATUS_BY_AGE.map(
    ({ maxDays, shares }) =>
      `${Number.isFinite(maxDays) ? `WHEN ${age} < ${maxDays} THEN` : 'ELSE'} CASE ${shares
        .map(([status, upTo], i) => (i === shares.length - 1 ? `ELSE '${status}'` : `WHEN ${roll} < ${upTo} THEN '${status}'`))
        .join(' ')} END`,
  ).join(' ')} END`;

const TIER_HOURS = `CASE tier WHEN 'emergency' THEN 2 WHEN 'utility' THEN 24 WHEN 'general' THEN 235 ELSE 504 END`;
const NAMES = `ARRAY['王秀英','李桂英','张建华','刘志强','陈丽','杨伟','黄敏','赵静','吴军','周磊','徐洋','孙勇','马艳','朱杰','胡娟','郭涛']`;

export interface ChunkOptions {
  first: number;
  count: number;
  /** The generated cases are received between `now - windowDays` and `now`. */
  now: Date;
  windowDays: number;
  /** Distinguishes tracking codes of separate generations in one database. */
  codePrefix: string;
}

/** Inserts one chunk of cases (numbered first … first+count-1) and their first events, in one statement. */
export async function generateChunk(client: pg.Client, o: ChunkOptions): Promise<void> {
  await client.query(
    `WITH src AS (
       SELECT g, r.*, $3::timestamptz - r.age_days * interval '1 day' AS received_at
       FROM generate_series($1::bigint, $2::bigint) g
       CROSS JOIN LATERAL (SELECT random() * $4 + 0 * g AS age_days, random() + 0 * g AS roll, random() + 0 * g AS r1,
                                  floor(random() * (SELECT count(*) FROM bench_grids))::int + 0 * g AS grid_n,
                                  floor(random() * (SELECT count(*) FROM bench_leaves))::int + 0 * g AS leaf_n) r),
     c1 AS (
       SELECT s.*, gr.path, gr.regions, gr.lng, gr.lat, gr.street_office, gr.committee, l.code, l.category, l.handler_key,
              CASE WHEN s.r1 < 0.02 THEN 'emergency' WHEN s.r1 < 0.1 THEN 'urgent' ELSE 'normal' END AS urgency,
              CASE WHEN s.r1 < 0.02 THEN 'emergency' WHEN s.r1 < 0.1 AND l.tier IN ('general', 'complex') THEN 'utility' ELSE l.tier END AS tier,
              CASE l.handler_key WHEN 'street' THEN gr.street_office WHEN 'community' THEN gr.committee ELSE t.unit_id END AS unit_id,
              CASE l.handler_key WHEN 'street' THEN 'direct_street' WHEN 'community' THEN 'community' ELSE t.rule_id END AS rule_id,
              ${statusCase('s.age_days', 's.roll')} AS status,
              (SELECT text FROM bench_texts WHERE n = s.g % (SELECT count(*) FROM bench_texts)) AS text,
              md5(s.g::text || $5) AS h
       FROM src s
       JOIN bench_grids gr ON gr.n = s.grid_n
       JOIN bench_leaves l ON l.n = s.leaf_n
       LEFT JOIN bench_targets t ON t.district_path = gr.district_path AND t.handler_key = l.handler_key),
     c2 AS (
       SELECT c1.*, received_at + (${TIER_HOURS}) * interval '1 hour' AS due_at, (${TIER_HOURS}) AS hours,
              status NOT IN ('received') AS led, status IN ('replied', 'closed') AS answered,
              CASE WHEN status IN ('replied', 'closed', 'withdrawn', 'merged')
                   THEN LEAST($3::timestamptz, received_at + r1 * (${TIER_HOURS}) * interval '1.1 hours') END AS done_at
       FROM c1),
     ins AS (
       INSERT INTO cases (city_id, id, tracking_code, channel, status, urgency, text, address, lng, lat, region_path, regions,
         category_code, category, deadline_tier, fields, reporter_name, reporter_phone, anonymous, lead_unit_id, co_handler_unit_ids,
         route_rule_id, route_reason, needs_dispatcher, pending_return, supporters, callback, received_at, dispatched_at,
         first_contact_due_at, first_contact_at, due_at, due_soon_at, overdue_at, suspended_at, replied_at, closed_at, version, updated_at)
       SELECT (SELECT id FROM cities WHERE code = '411600'),
         (lpad(to_hex((extract(epoch FROM received_at) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
         $5 || lpad(g::text, 9, '0'),
         (ARRAY['hotline','hotline','hotline','hotline','hotline','hotline','web','web','grid','api'])[1 + (g % 10)::int],
         status, urgency, text, CASE WHEN g % 2 = 0 THEN (g % 300) || '号院' END,
         lng + (r1 - 0.5) * 0.001, lat + (roll - 0.5) * 0.001, path, regions, code, category, tier, '{}'::jsonb,
         CASE WHEN g % 20 <> 0 THEN (${NAMES})[1 + (g % 16)::int] END, '1' || (30 + g % 70) || lpad((g % 99999999)::text, 8, '0'), g % 20 = 0,
         CASE WHEN led THEN unit_id END,
         CASE WHEN led AND status NOT IN ('returned') AND g % 33 = 0 AND unit_id <> committee THEN ARRAY[committee] ELSE '{}'::uuid[] END,
         CASE WHEN led THEN rule_id END, CASE WHEN led THEN 'generated by the benchmark' END,
         status IN ('received', 'returned'),
         CASE WHEN status = 'returned' THEN jsonb_build_object('unitId', unit_id, 'reason', '不属于本单位职责') END,
         CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END,
         CASE WHEN status = 'closed' THEN jsonb_build_object('contacted', true, 'solved', roll < 0.95, 'satisfied', roll < 0.9) END,
         received_at, CASE WHEN led THEN received_at END,
         received_at + interval '4 hours',
         CASE WHEN status NOT IN ('received', 'returned', 'dispatched') THEN received_at + r1 * interval '4 hours' END,
         due_at, due_at - hours * interval '15 minutes',
         CASE WHEN due_at < coalesce(done_at, $3::timestamptz) THEN due_at END,
         CASE WHEN status = 'suspended' THEN received_at + interval '1 hour' END,
         CASE WHEN answered THEN done_at END,
         CASE WHEN status IN ('closed', 'withdrawn', 'merged') THEN done_at END,
         1 + (g % 5),
         coalesce(done_at, LEAST($3::timestamptz, received_at + r1 * hours * interval '30 minutes'))
       FROM c2
       RETURNING city_id, id, received_at, dispatched_at, lead_unit_id, category_code, deadline_tier, due_at, route_rule_id, channel)
     INSERT INTO case_events (city_id, case_id, seq, type, at, actor_name, data)
     SELECT city_id, id, 1, 'case.received', received_at, '12345话务员',
            jsonb_build_object('channel', channel, 'categoryCode', category_code, 'tier', deadline_tier, 'dueAt', due_at)
     FROM ins
     UNION ALL
     SELECT city_id, id, 2, 'case.dispatched', dispatched_at, '自动派单',
            jsonb_build_object('unitId', lead_unit_id, 'ruleId', route_rule_id, 'automatic', true)
     FROM ins WHERE lead_unit_id IS NOT NULL`,
    [o.first, o.first + o.count - 1, o.now.toISOString(), o.windowDays, o.codePrefix],
  );
}

export interface GenerateOptions {
  count: number;
  windowDays: number;
  now?: Date;
  codePrefix: string;
  chunk?: number;
  /** Connections inserting chunks side by side (one core each). */
  parallel?: number;
  onChunk?(done: number): void;
}

/** Generates `count` cases into the demo city of the database at `url`, in chunks over parallel connections. */
export async function generateCases(url: string, options: GenerateOptions): Promise<void> {
  const { count, chunk = 250_000, parallel = 2, now = new Date() } = options;
  await withClient(url, prepareGenerator);
  let next = 0;
  let done = 0;
  const worker = () =>
    withClient(url, async (client) => {
      await client.query(`SET work_mem = '256MB'; SET synchronous_commit = off`);
      while (next < count) {
        const first = next;
        next += Math.min(chunk, count - first);
        await generateChunk(client, { ...options, first: first + 1, count: Math.min(chunk, count - first), now });
        done += Math.min(chunk, count - first);
        options.onChunk?.(done);
      }
    });
  await Promise.all(Array.from({ length: parallel }, worker));
  await withClient(url, dropGenerator);
}
