import type { Bulletin } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../../lib/policy.ts';
import { cityRefs } from '../cases/index.ts';
import { assessmentScope, maySeeTalk } from './assessment.access.ts';
import * as repo from './assessment.repo.ts';
import { parsePeriod } from './assessment.rules.ts';
import { DEFINITIONS, presentRanking, rankLevel, readerRegion, territoryTotal } from './assessment.service.ts';
import { presentTalk } from './talks.service.ts';

// The monthly bulletin (调度通报) of a territory: its own figures, the ranking of its streets and of its
// departments with classes and changes, the month's talks, rectification items still open from earlier
// talks, and typical cases. The same data feeds the web page and the PDF.

/** GET /api/assessment/bulletin: for leaders, secretaries and administrators of the territory. */
export async function buildBulletin(ctx: Context, actor: Actor, query: { period: string; region?: string | undefined }): Promise<Bulletin> {
  const scope = assessmentScope(actor);
  if (scope.regionPaths.length === 0) throw forbidden('Bulletins are for the leaders of a territory');
  const region = await readerRegion(ctx, actor, scope, query.region);
  const period = parsePeriod(query.period);
  const { db } = ctx.database;
  const refs = await cityRefs(ctx, actor.cityId);
  const total = await territoryTotal(ctx, actor.cityId, period, region);
  const streets = await rankLevel(ctx, actor.cityId, period, 'street', region);
  const departments = await rankLevel(ctx, actor.cityId, period, 'department', region);
  const inRegion = (talk: repo.TalkRow) => talk.regionPath.startsWith(region.path) && maySeeTalk(scope, talk);
  const talks = (await repo.listTalks(db, actor.cityId, query.period)).filter(inRegion);
  const earlier = (await repo.talksWithOpenItemsBefore(db, actor.cityId, query.period)).filter(inRegion);
  const items = await repo.itemsOfTalks(
    db,
    actor.cityId,
    [...talks, ...earlier].map((t) => t.id),
  );
  const typical = await repo.typicalCases(db, actor.cityId, period, region.path);
  return {
    period: query.period,
    region: { code: region.code, name: region.name, level: region.level },
    generatedAt: ctx.now().toISOString(),
    definitions: DEFINITIONS,
    total,
    streets: presentRanking(streets, 'street', region),
    departments: presentRanking(departments, 'department', region),
    talks: talks.map((t) => presentTalk(actor, t, items, refs.units)),
    openItems: earlier.flatMap((talk) =>
      items
        .filter((i) => i.talkId === talk.id && i.doneAt === null)
        .map((i) => ({
          id: i.id,
          talkId: talk.id,
          subjectName: talk.subjectName,
          period: talk.period,
          text: i.text,
          owner: i.owner,
          dueAt: i.dueAt?.toISOString() ?? null,
          doneAt: null,
          evidence: null,
        })),
    ),
    typicalCases: typical.map((c) => ({
      id: c.id,
      trackingCode: c.tracking_code,
      text: c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text,
      unitName: c.lead_unit_id ? (refs.units.byId.get(c.lead_unit_id)?.name ?? null) : null,
      reopenCount: c.reopen_count,
      callback: c.callback,
    })),
  };
}
