import { sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { createRandom, type Random } from '../../lib/random.ts';
import { cityUnits } from '../cases/index.ts';
import { interiorPointOf, type ArealGeometry } from '../geo/index.ts';
import { arrivalDueAt, checkIn, type AttendanceState } from '../whistles/whistles.rules.ts';
import * as repo from '../whistles/whistles.repo.ts';
import { between, pick } from './demo.plan.ts';

// The demo city's whistles (吹哨报到): ~30 blown by the demo street and its community over the demo
// period, in every state: just blown, acknowledged, on site, late, far from the place, closed and
// rated, closed waiting for the rating. Rows are written through the whistles module's repository
// with the pure rules' lateness and distance, as the API would have written them.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const PROBLEMS: [problem: string, reason: 'beyond_street' | 'joint_enforcement' | 'emergency', types: string[]][] = [
  ['背街小巷占道经营、油烟扰民反复投诉，需联合执法整治', 'joint_enforcement', ['城管', '市场监管', '生态环境']],
  ['老旧小区外墙脱落，存在坠物伤人风险', 'emergency', ['住建', '应急管理']],
  ['雨后低洼路段积水严重，居民出行困难', 'beyond_street', ['城管', '水利', '交通运输']],
  ['建筑工地夜间施工噪声扰民，多次劝阻无效', 'joint_enforcement', ['住建', '生态环境', '公安']],
  ['小区地下管网破裂，多栋楼停水', 'emergency', ['住建', '水利']],
  ['违法建设侵占公共绿地，业主矛盾激化', 'joint_enforcement', ['城管', '自然资源']],
  ['校园周边无证摊贩聚集，食品安全隐患', 'joint_enforcement', ['市场监管', '教育', '城管']],
  ['废弃厂房堆放垃圾引发火情隐患', 'beyond_street', ['应急管理', '生态环境', '城管']],
];

const ACTS = [
  '已到场拉设警戒线',
  '现场勘查并拍照取证',
  '已联系产权单位限期整改',
  '调派车辆清运完毕',
  '依法下达责令整改通知书',
  '现场疏导群众，秩序恢复',
];

interface Spec {
  blownAt: Date;
  /** Minutes after the blow at which each department acknowledges and arrives (null: not yet). */
  reports: { ackMinutes: number | null; arriveMinutes: number | null; far: boolean }[];
  closeMinutes: number | null;
  rated: boolean;
}

interface DemoWhistleCity {
  cityId: string;
  accounts: { username: string; accountId: string; displayName: string; unitId: string }[];
  regions: { name: string; level: string; path: string; geometry: ArealGeometry }[];
}

/** The demo accounts and the regions of the demo street, as the demo city was just written. */
async function loadDemoWhistleCity(ctx: Context, cityId: string): Promise<DemoWhistleCity> {
  const { db } = ctx.database;
  const [accounts, regions] = await Promise.all([
    queryRows<{ username: string; account_id: string; display_name: string; unit_id: string }>(
      db,
      sql`SELECT a.username, a.id AS account_id, a.display_name, g.unit_id FROM accounts a
          JOIN role_assignments g ON g.city_id = a.city_id AND g.account_id = a.id WHERE a.city_id = ${cityId}::uuid`,
    ),
    queryRows<{ name: string; level: string; path: string; geometry: ArealGeometry }>(
      db,
      sql`SELECT r.name, r.level, r.path, r.geometry FROM regions r
          WHERE r.city_id = ${cityId}::uuid AND r.level = 'community' AND r.path LIKE (
            SELECT sr.path || '%' FROM accounts a JOIN role_assignments g ON g.city_id = a.city_id AND g.account_id = a.id
            JOIN units u ON u.city_id = g.city_id AND u.id = g.unit_id JOIN regions sr ON sr.city_id = u.city_id AND sr.id = u.region_id
            WHERE a.city_id = ${cityId}::uuid AND a.username = 'jd-secretary')`,
    ),
  ]);
  return {
    cityId,
    accounts: accounts.map((a) => ({ username: a.username, accountId: a.account_id, displayName: a.display_name, unitId: a.unit_id })),
    regions,
  };
}

/** Creates the demo whistles (after the demo cases); returns how many. */
export async function createDemoWhistles(ctx: Context, cityId: string, count = 30, seed = 411_601): Promise<number> {
  const rng = createRandom(seed);
  const city = await loadDemoWhistleCity(ctx, cityId);
  const units = await cityUnits(ctx, city.cityId);
  const account = (username: string) => city.accounts.find((a) => a.username === username)!;
  const street = units.byId.get(account('jd-secretary').unitId)!;
  const community = units.byId.get(account('sq-secretary').unitId)!;
  const places = city.regions.filter((r) => r.level === 'community' && r.path.startsWith(street.regionPath));
  // Departments above the street: the district's and the city's line departments.
  const departments = units.list.filter((u) => u.kind === 'department' && street.regionPath.startsWith(u.regionPath));
  const handlers = new Map(city.accounts.filter((a) => a.username.endsWith('handler')).map((a) => [a.unitId, a]));
  const now = ctx.now();
  const db = ctx.database.db;
  for (let i = 0; i < count; i++) {
    const spec = specFor(rng, i, now);
    const [problem, reason, types] = PROBLEMS[i % PROBLEMS.length]!;
    // The district's department of each type, the city's now and then; the district 城管局 nearly always.
    const summoned = [
      ...new Set(
        types
          .slice(0, spec.reports.length)
          .map((type) => departments.filter((d) => d.departmentType === type).sort((a, b) => b.regionPath.length - a.regionPath.length))
          .map((list) => (rng() < 0.8 ? list[0] : list.at(-1)))
          .filter((d) => d !== undefined)
          .map((d) => d.id),
      ),
    ];
    const blower = i % 5 === 4 && community.regionPath.startsWith(street.regionPath) ? account('sq-secretary') : account('jd-secretary');
    const region = blower.username === 'sq-secretary' ? city.regions.find((r) => r.path === community.regionPath)! : pick(rng, places);
    const [lng, lat] = interiorPointOf(region.geometry);
    const place = { lng: lng + (rng() - 0.5) * 0.001, lat: lat + (rng() - 0.5) * 0.001 };
    const blowingUnit = units.byId.get(blower.unitId)!;
    const row: repo.WhistleInsert = {
      cityId: city.cityId,
      id: newId(),
      status: 'open',
      reason,
      problem,
      unitId: blowingUnit.id,
      unitRegionPath: blowingUnit.regionPath,
      regionPath: region.path,
      regionName: region.name,
      address: `${region.name}${1 + Math.floor(rng() * 40)}号附近`,
      ...place,
      arrivalMinutes: 30,
      checkInRadiusMeters: 500,
      blownAt: spec.blownAt,
      dueAt: arrivalDueAt(spec.blownAt, 30),
      blownBy: blower.accountId,
      blownByName: blower.displayName,
      updatedAt: spec.blownAt,
    };
    const actor = (unitId: string, at: Date) => {
      const a = handlers.get(unitId);
      return {
        at,
        actorAccountId: a?.accountId ?? null,
        actorName: a?.displayName ?? '承办人',
        actorUnitId: unitId,
        actorUnitName: units.byId.get(unitId)?.name ?? null,
      };
    };
    const street_ = {
      at: spec.blownAt,
      actorAccountId: blower.accountId,
      actorName: blower.displayName,
      actorUnitId: blowingUnit.id,
      actorUnitName: blowingUnit.name,
    };
    const notice = (unitId: string): repo.NotificationInsert => ({
      cityId: city.cityId,
      id: newId(),
      unitId,
      whistleId: row.id,
      kind: 'whistle.blown',
      text: `${blowingUnit.name}吹哨：请于 30 分钟内到达 ${row.address ?? ''}：${problem.slice(0, 40)}`,
      createdAt: spec.blownAt,
    });
    await db.transaction(async (tx) => {
      await repo.insertWhistle(
        tx,
        row,
        summoned,
        { ...street_, type: 'whistle.blown', data: { reason, arrivalMinutes: 30, unitIds: summoned, caseId: null } },
        summoned.map(notice),
      );
      const events: (repo.NewWhistleEvent & { order: number })[] = [];
      for (const [k, unitId] of summoned.entries()) {
        const report = spec.reports[k]!;
        const state: AttendanceState = { acknowledgedAt: null, arrivedAt: null, leftAt: null, ratedAt: null };
        const patch: Partial<repo.AttendanceRow> = {};
        if (report.ackMinutes !== null) {
          const at = new Date(spec.blownAt.getTime() + report.ackMinutes * MINUTE_MS);
          patch.acknowledgedAt = state.acknowledgedAt = at;
          events.push({ ...actor(unitId, at), type: 'whistle.acknowledged', data: {}, order: at.getTime() });
        }
        if (report.arriveMinutes !== null) {
          const at = new Date(spec.blownAt.getTime() + report.arriveMinutes * MINUTE_MS);
          const offset = report.far ? 0.008 + rng() * 0.006 : rng() * 0.003;
          const position = { lng: place.lng + offset, lat: place.lat };
          const result = checkIn({ status: 'open', dueAt: row.dueAt, place, checkInRadiusMeters: 500 }, state, position, at);
          if (result.ok) {
            Object.assign(patch, result.value);
            const c = result.value;
            const data = { ...position, distanceMeters: c.checkInDistanceMeters, far: c.checkInFar, lateMinutes: c.lateMinutes };
            events.push({ ...actor(unitId, at), type: 'whistle.checked_in', data, order: at.getTime() });
            const actAt = new Date(at.getTime() + between(rng, [10, 40]) * MINUTE_MS);
            if (actAt < now && (spec.closeMinutes === null || actAt.getTime() < spec.blownAt.getTime() + spec.closeMinutes * MINUTE_MS)) {
              events.push({ ...actor(unitId, actAt), type: 'whistle.acted', data: { text: pick(rng, ACTS) }, order: actAt.getTime() });
            }
          }
        }
        if (spec.closeMinutes !== null && spec.rated) {
          const late = patch.lateMinutes ?? 60;
          Object.assign(patch, {
            ratingArrival: late === 0 ? 5 : late <= 15 ? 3 : 2,
            ratingAttitude: 3 + Math.floor(rng() * 3),
            ratingResult: 3 + Math.floor(rng() * 3),
            ratingComment: late === 0 ? '响应及时' : '到场偏慢',
            ratedAt: new Date(spec.blownAt.getTime() + spec.closeMinutes * MINUTE_MS),
          });
        }
        if (spec.closeMinutes !== null) patch.leftAt = new Date(spec.blownAt.getTime() + (spec.closeMinutes + 5) * MINUTE_MS);
        if (Object.keys(patch).length > 0) await repo.updateAttendance(tx, city.cityId, row.id, unitId, patch);
      }
      if (spec.closeMinutes !== null) {
        const at = new Date(spec.blownAt.getTime() + spec.closeMinutes * MINUTE_MS);
        const result = '问题已现场处置，后续由属地持续跟踪';
        events.push({ ...street_, at, type: 'whistle.closed', data: { result }, order: at.getTime() });
        await repo.updateWhistle(tx, city.cityId, row.id, { status: 'closed', result, closedAt: at, updatedAt: at, version: 2 });
      }
      events.sort((a, b) => a.order - b.order);
      await repo.appendEvents(
        tx,
        city.cityId,
        row.id,
        events.map(({ order: _order, ...event }) => event),
      );
    });
  }
  return count;
}

/** The state each demo whistle is in: the first four are still open, the others closed over the last 60 days. */
function specFor(rng: Random, i: number, now: Date): Spec {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE_MS);
  switch (i) {
    case 0: // just blown: nobody has answered yet
      return { blownAt: ago(8), reports: [nobody(), nobody()], closeMinutes: null, rated: false };
    case 1: // acknowledged, one on site
      return {
        blownAt: ago(22),
        reports: [{ ackMinutes: 3, arriveMinutes: 18, far: false }, { ackMinutes: 6, arriveMinutes: null, far: false }, nobody()],
        closeMinutes: null,
        rated: false,
      };
    case 2: // past the deadline: one came late and far from the place, one has not come
      return {
        blownAt: ago(55),
        reports: [
          { ackMinutes: 4, arriveMinutes: 41, far: true },
          { ackMinutes: 12, arriveMinutes: null, far: false },
        ],
        closeMinutes: null,
        rated: false,
      };
    case 3: // everyone on site, working, waiting for the street to close it
      return {
        blownAt: ago(150),
        reports: [
          { ackMinutes: 2, arriveMinutes: 20, far: false },
          { ackMinutes: 5, arriveMinutes: 28, far: false },
        ],
        closeMinutes: null,
        rated: false,
      };
    default: {
      const day = Math.floor(((i - 4) / 26) * 58) + 1;
      // In office hours in the city (UTC+8): 09:00–17:00 is 01:00–09:00 UTC.
      const date = new Date(now.getTime() - day * DAY_MS);
      const blownAt = new Date(
        Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + between(rng, [1, 9]) * 60 * MINUTE_MS,
      );
      const reports = Array.from({ length: 2 + Math.floor(rng() * 2) }, () => {
        const arriveMinutes = Math.round(between(rng, [12, rng() < 0.3 ? 65 : 30]));
        return { ackMinutes: Math.round(between(rng, [1, 8])), arriveMinutes, far: rng() < 0.12 };
      });
      // Two recent closes wait for the street's rating.
      return { blownAt, reports, closeMinutes: Math.round(between(rng, [90, 300])), rated: i > 5 };
    }
  }
}

const nobody = () => ({ ackMinutes: null, arriveMinutes: null, far: false });
