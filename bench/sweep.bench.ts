// The deadline sweep over 1 million open cases on PostgreSQL: how long one sweep takes when N of
// them have come due, and proof that each due case was acted on once (one overdue event each, and
// a second sweep finds nothing).
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/src/config.ts';
import { createContext } from '../server/src/context.ts';
import { openDatabase, queryRows } from '../server/src/db/database.ts';
import { newId } from '../server/src/lib/ids.ts';
import { sweepDeadlines } from '../server/src/modules/cases/sweep.service.ts';
import { createCity, orgRepo } from '../server/src/modules/org/index.ts';
import { freshPostgres, isMain } from './lib.ts';

const OPEN_CASES = Number(process.env.BENCH_SWEEP_CASES ?? 1_000_000);
const DUE_COUNTS = [1_000, 10_000, 100_000];

export async function run(): Promise<Record<string, string | number>[]> {
  const pg = await freshPostgres();
  const database = await openDatabase({ url: pg.url });
  try {
    await database.migrate();
    const ctx = createContext(database, loadConfig({ NODE_ENV: 'test', DATABASE_URL: pg.url }));
    const { db } = database;
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [114, 33],
          [115, 33],
          [115, 34],
          [114, 34],
          [114, 33],
        ],
      ],
    };
    const city = await createCity(db, { code: '419900', slug: 'sweep', name: '时限市', geometry: square });
    const [gov, dept] = [newId(), newId()];
    await orgRepo.insertUnits(db, [
      { cityId: city.id, id: gov, name: '市政府', kind: 'government', departmentType: null, regionId: city.regionId },
      { cityId: city.id, id: dept, name: '城管局', kind: 'department', departmentType: '城管', regionId: city.regionId },
    ]);
    const generated = performance.now();
    // Open cases at the department, contacted, their deadlines days to weeks ahead.
    await db.execute(sql`
      INSERT INTO cases (city_id, id, tracking_code, channel, status, urgency, text, region_path, deadline_tier, lead_unit_id,
                         needs_dispatcher, received_at, dispatched_at, first_contact_due_at, first_contact_at, due_at, due_soon_at,
                         next_check_at, updated_at)
      SELECT ${city.id}::uuid, gen_random_uuid(), 'S' || lpad(g::text, 9, '0'), 'hotline', 'handling', 'normal', '道路破损需要修复',
             '419900/', 'general', ${dept}::uuid, false, now() - interval '1 day', now() - interval '1 day',
             now() - interval '20 hours', now() - interval '20 hours',
             now() + (g % 20 + 2) * interval '1 day', now() + (g % 20 + 1) * interval '1 day',
             now() + (g % 20 + 1) * interval '1 day', now()
      FROM generate_series(1, ${OPEN_CASES}) AS g`);
    await db.execute(sql`ANALYZE cases`);
    const generationS = (performance.now() - generated) / 1000;
    const figures: Record<string, string | number>[] = [];
    let offset = 0;
    for (const due of DUE_COUNTS) {
      // `due` cases whose deadline has just passed.
      await db.execute(sql`
        UPDATE cases SET due_at = now() - interval '1 minute', next_check_at = now() - interval '1 minute'
        WHERE city_id = ${city.id}::uuid AND tracking_code > ${`S${String(offset).padStart(9, '0')}`}
          AND tracking_code <= ${`S${String(offset + due).padStart(9, '0')}`}`);
      offset += due;
      const started = performance.now();
      const result = await sweepDeadlines(ctx);
      const ms = performance.now() - started;
      const again = await sweepDeadlines(ctx);
      const [events] = await queryRows<{ n: number; cases: number }>(
        db,
        sql`SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS cases FROM case_events WHERE type = 'case.overdue'`,
      );
      const once = events!.n === offset && events!.cases === offset && again.cases === 0;
      figures.push({
        'open cases': OPEN_CASES,
        'due now': due,
        'sweep ms': Math.round(ms),
        'acted on': result.cases,
        'marked overdue': result.marks.overdue,
        'second sweep acted on': again.cases,
        'each due case once': once ? 'yes' : 'NO',
        'generation s': Math.round(generationS),
      });
      if (!once) process.exitCode = 1;
    }
    return figures;
  } finally {
    await database.close();
    await pg.drop();
  }
}

if (isMain(import.meta.url)) console.table(await run());
