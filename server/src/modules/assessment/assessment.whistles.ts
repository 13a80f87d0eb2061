import type { Context } from '../../context.ts';
import { cityRefs } from '../cases/index.ts';
import { whistleFigures, type WhistleFigures } from '../whistles/index.ts';
import { zeroCounts, type PlaceCounts } from './assessment.figures.ts';
import type { Period } from './assessment.rules.ts';

// The whistle source ('whistles' in assessment.figures.ts): the whistle module's figures of a period
// (whistleFigures, whistles blown in [from, to)), turned into count rows that join the case facts' rows:
// a summoned unit's rows carry its unitId (they count for the department and unit levels), a street
// office's rows carry its street's region path (they count for the street and the territories above).

/** The whistle counts of one period as count rows, `current` as for the case rows. */
export function whistleRows(
  figures: WhistleFigures,
  regionPathOf: (unitId: string) => string | undefined,
  current: boolean,
): PlaceCounts[] {
  const rows: PlaceCounts[] = [];
  for (const [unitId, d] of figures.departments) {
    const counts = { ...zeroCounts(), summonsDue: d.due, arrivedOnTime: d.onTime, ratings: d.rated, ratingPoints: d.ratingPoints };
    rows.push({ unitId, regionPath: null, current, counts });
  }
  for (const [officeId, s] of figures.streets) {
    const regionPath = regionPathOf(officeId);
    if (!regionPath) continue;
    rows.push({ unitId: null, regionPath, current, counts: { ...zeroCounts(), whistles: s.whistles, casesReceived: s.casesReceived } });
  }
  return rows;
}

/** The whistle count rows of a period and the one before (deadlines passed as of the server's now). */
export async function whistleCounts(ctx: Context, cityId: string, period: Period, previous: Period): Promise<PlaceCounts[]> {
  const now = ctx.now();
  const [{ units }, current, before] = await Promise.all([
    cityRefs(ctx, cityId),
    whistleFigures(ctx.database.db, cityId, period, now),
    whistleFigures(ctx.database.db, cityId, previous, now),
  ]);
  const regionPathOf = (unitId: string) => units.byId.get(unitId)?.regionPath;
  return [...whistleRows(current, regionPathOf, true), ...whistleRows(before, regionPathOf, false)];
}
