import { sql, type SQL } from 'drizzle-orm';
import { territorialUnitKinds } from '@gongzhi/contracts';
import { roleAbilities, type Actor, type Grant } from '../../lib/policy.ts';
import { whistleAttendance, whistles } from './whistles.schema.ts';

// Who may see and do what on a whistle. The blowing unit (a territorial unit of a street or community:
// its office, committee or party committee, through staff holding whistle.blow there) blows, closes,
// rates and spawns cases; staff of a summoned unit holding whistle.report report for it; the blowing
// unit's staff, the summoned units' staff, and leaders and administrators whose territory covers the
// place read it.

export interface WhistleAccessFacts {
  unitId: string;
  regionPath: string;
  summonedUnitIds: readonly string[];
}

const BLOWING_LEVELS = new Set(['street', 'community']);
const OVERSEERS = new Set(['leader', 'admin']);

/**
 * The street and community units (the office or committee, or the party committee where the 书记 sits) in
 * which the actor may blow a whistle, deepest territory first.
 */
export function blowingGrants(actor: Actor): Grant[] {
  return actor.grants
    .filter(
      (g) => territorialUnitKinds.has(g.unitKind) && BLOWING_LEVELS.has(g.regionLevel) && roleAbilities[g.role].includes('whistle.blow'),
    )
    .sort((a, b) => b.regionPath.length - a.regionPath.length);
}

/** The units the actor reports for (staff holding whistle.report there). */
export function reportingUnitIds(actor: Actor): string[] {
  return [...new Set(actor.grants.filter((g) => roleAbilities[g.role].includes('whistle.report')).map((g) => g.unitId))];
}

const staffUnitIds = (actor: Actor): string[] => [...new Set(actor.grants.filter((g) => g.role !== 'resident').map((g) => g.unitId))];

/** Leaders' and administrators' territories (held in territorial units: a department oversees no territory). */
function overseenPaths(actor: Actor): string[] {
  return actor.grants.filter((g) => OVERSEERS.has(g.role) && territorialUnitKinds.has(g.unitKind)).map((g) => g.regionPath);
}

export function canReadWhistle(actor: Actor, w: WhistleAccessFacts): boolean {
  const units = staffUnitIds(actor);
  if (units.includes(w.unitId) || w.summonedUnitIds.some((id) => units.includes(id))) return true;
  return overseenPaths(actor).some((p) => w.regionPath.startsWith(p));
}

/** Staff of the blowing unit who may blow there: they close, rate and spawn cases. */
export function mayManageWhistle(actor: Actor, w: WhistleAccessFacts): boolean {
  return blowingGrants(actor).some((g) => g.unitId === w.unitId);
}

/** The summoned units the actor reports for on this whistle. */
export function actingUnitIds(actor: Actor, w: WhistleAccessFacts): string[] {
  return reportingUnitIds(actor).filter((id) => w.summonedUnitIds.includes(id));
}

/** The SQL condition for whistles the actor may read (lists). */
export function whistleReadCondition(actor: Actor): SQL {
  const parts: SQL[] = [];
  const units = staffUnitIds(actor);
  if (units.length > 0) {
    const ids = sql.join(
      units.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    parts.push(sql`${whistles.unitId} IN (${ids})`);
    parts.push(
      sql`EXISTS (SELECT 1 FROM ${whistleAttendance} a WHERE a.city_id = ${whistles.cityId} AND a.whistle_id = ${whistles.id} AND a.unit_id IN (${ids}))`,
    );
  }
  for (const p of overseenPaths(actor)) parts.push(sql`${whistles.regionPath} LIKE ${p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  if (parts.length === 0) return sql`FALSE`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** The SQL condition for the whistles the actor's own units blew or were summoned to. */
export function whistleMineCondition(actor: Actor): SQL {
  const units = staffUnitIds(actor);
  if (units.length === 0) return sql`FALSE`;
  const ids = sql.join(
    units.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return sql`(${whistles.unitId} IN (${ids}) OR EXISTS (SELECT 1 FROM ${whistleAttendance} a WHERE a.city_id = ${whistles.cityId} AND a.whistle_id = ${whistles.id} AND a.unit_id IN (${ids})))`;
}
