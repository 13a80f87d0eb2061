import type { TalkView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { conflict, forbidden, notFound } from '../../lib/errors.ts';
import { newId, isUuid } from '../../lib/ids.ts';
import { cityRootPath, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { cityRefs, type Units } from '../cases/index.ts';
import { assessmentScope, mayHoldTalk, maySeeTalk, superiorPath } from './assessment.access.ts';
import * as repo from './assessment.repo.ts';
import { bottomOf, parsePeriod } from './assessment.rules.ts';
import { citySettings, rankLevel } from './assessment.service.ts';

// 约谈: the bottom N of each month's city-wide rankings (streets, departments) are listed for a talk
// with their superior; the talk is scheduled, held and recorded, and its rectification items are
// followed until done (open items show in the next months' bulletins).

const LEVEL_NAMES = { street: '街道（乡镇）', department: '部门' } as const;

/** Lists the month's talks for a city (idempotent: a subject already listed for the month is kept as it is). */
export async function generateTalksForCity(ctx: Context, cityId: string, period: string, by: string | null): Promise<number> {
  const { db } = ctx.database;
  const [settings, refs, city] = await Promise.all([citySettings(ctx, cityId), cityRefs(ctx, cityId), cityRoot(db, cityId)]);
  const month = parsePeriod(period);
  const now = ctx.now();
  const rows: Parameters<typeof repo.insertTalks>[1] = [];
  for (const level of ['street', 'department'] as const) {
    const ranking = await rankLevel(ctx, cityId, month, level, city);
    const ranked = ranking.rows.filter((r) => r.rank !== null).length;
    for (const row of bottomOf(ranking.rows, settings.talkBottomN)) {
      const subject = subjectUnits(refs.units, level, row.key);
      rows.push({
        cityId,
        id: newId(),
        period,
        level,
        subjectKey: row.key,
        subjectName: row.name,
        unitId: subject.unitId,
        superiorUnitId: subject.superiorUnitId,
        regionPath: subject.regionPath,
        reason: `${period} ${LEVEL_NAMES[level]}排名第 ${row.rank}/${ranked}，综合得分 ${row.score ?? '—'}`,
        rank: row.rank!,
        score: row.score,
        status: 'listed',
        createdBy: by,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  return db.transaction(async (tx) => {
    const created = await repo.insertTalks(tx, rows);
    if (by) {
      await appendAudit(tx, {
        cityId,
        actorId: by,
        action: 'assessment_talks.generate',
        entityType: 'assessment_talks',
        detail: { period, listed: rows.length, created },
      });
    }
    return created;
  });
}

async function cityRoot(db: Db, cityId: string): Promise<repo.RegionRow> {
  const [root] = await repo.regionsAtLevel(db, cityId, 'city', '');
  if (!root) throw notFound('city region');
  return root;
}

/** The unit talked to, its superior and the subject's territory. */
function subjectUnits(units: Units, level: 'street' | 'department', key: string) {
  if (level === 'department') {
    const unit = units.byId.get(key);
    const regionPath = unit?.regionPath ?? '';
    const superior = units.list.find((u) => u.kind === 'government' && u.regionPath === regionPath);
    return { unitId: unit?.id ?? null, superiorUnitId: superior?.id ?? null, regionPath };
  }
  const office = units.list.find((u) => u.kind === 'street_office' && u.regionCode === key);
  const regionPath = office?.regionPath ?? units.list.find((u) => u.regionCode === key)?.regionPath ?? '';
  const above = superiorPath({ level, regionPath });
  const superior = units.list.find((u) => u.kind === 'government' && u.regionPath === above);
  return { unitId: office?.id ?? null, superiorUnitId: superior?.id ?? null, regionPath };
}

/** POST /api/assessment/talks/generate: city-wide administrators list the month's bottom N. */
export async function generateTalks(ctx: Context, actor: Actor, period: string): Promise<{ created: number; items: TalkView[] }> {
  const scope = assessmentScope(actor);
  if (!scope.admin || !scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('Talks are listed by city-wide administrators');
  const created = await generateTalksForCity(ctx, actor.cityId, period, actor.accountId);
  return { created, ...(await listTalks(ctx, actor, period)) };
}

function present(actor: Actor, talk: repo.TalkRow, items: repo.TalkItemRow[], units: Units): TalkView {
  const ref = (id: string | null) => {
    const unit = id ? units.byId.get(id) : undefined;
    return unit ? { id: unit.id, name: unit.name } : null;
  };
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: talk.id,
    period: talk.period,
    level: talk.level,
    subjectKey: talk.subjectKey,
    subjectName: talk.subjectName,
    unit: ref(talk.unitId),
    superiorUnit: ref(talk.superiorUnitId),
    reason: talk.reason,
    rank: talk.rank,
    score: talk.score,
    status: talk.status,
    scheduledAt: iso(talk.scheduledAt),
    heldAt: iso(talk.heldAt),
    record: talk.record,
    items: items
      .filter((i) => i.talkId === talk.id)
      .map((i) => ({ id: i.id, text: i.text, owner: i.owner, dueAt: iso(i.dueAt), doneAt: iso(i.doneAt), evidence: i.evidence })),
    allowed: mayHoldTalk(actor, talk),
  };
}

/** The talks the actor may see (of one month, or all). */
export async function listTalks(ctx: Context, actor: Actor, period?: string): Promise<{ items: TalkView[] }> {
  const scope = assessmentScope(actor);
  const { db } = ctx.database;
  const talks = (await repo.listTalks(db, actor.cityId, period)).filter((t) => maySeeTalk(scope, t));
  const [items, refs] = await Promise.all([
    repo.itemsOfTalks(
      db,
      actor.cityId,
      talks.map((t) => t.id),
    ),
    cityRefs(ctx, actor.cityId),
  ]);
  return { items: talks.map((t) => present(actor, t, items, refs.units)) };
}

/** Loads a talk for a change: 404 when the actor may not see it, 403 when they may see but not hold it. */
async function changeTalk(
  ctx: Context,
  actor: Actor,
  talkId: string,
  change: (tx: Db, talk: repo.TalkRow) => Promise<{ action: string; detail: Record<string, unknown> }>,
): Promise<TalkView> {
  const scope = assessmentScope(actor);
  const { db } = ctx.database;
  await db.transaction(async (tx) => {
    const talk = isUuid(talkId) ? await repo.findTalk(tx, actor.cityId, talkId, true) : undefined;
    if (!talk || !maySeeTalk(scope, talk)) throw notFound('talk');
    if (!mayHoldTalk(actor, talk)) throw forbidden('Only the superior holds this talk');
    const { action, detail } = await change(tx, talk);
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action,
      entityType: 'assessment_talk',
      entityId: talk.id,
      detail,
    });
  });
  const talk = (await repo.findTalk(db, actor.cityId, talkId))!;
  const [items, refs] = await Promise.all([repo.itemsOfTalks(db, actor.cityId, [talkId]), cityRefs(ctx, actor.cityId)]);
  return present(actor, talk, items, refs.units);
}

export function scheduleTalk(ctx: Context, actor: Actor, talkId: string, scheduledAt: string): Promise<TalkView> {
  return changeTalk(ctx, actor, talkId, async (tx, talk) => {
    if (talk.status !== 'listed' && talk.status !== 'scheduled') throw conflict('talk_already_held', 'The talk was already held');
    await repo.updateTalk(tx, talk.cityId, talk.id, { status: 'scheduled', scheduledAt: new Date(scheduledAt), updatedAt: ctx.now() });
    return { action: 'assessment_talk.schedule', detail: { scheduledAt } };
  });
}

export function recordTalk(ctx: Context, actor: Actor, talkId: string, input: { heldAt: string; record: string }): Promise<TalkView> {
  return changeTalk(ctx, actor, talkId, async (tx, talk) => {
    if (talk.status === 'held' || talk.status === 'closed') throw conflict('talk_already_held', 'The talk was already recorded');
    await repo.updateTalk(tx, talk.cityId, talk.id, {
      status: 'held',
      heldAt: new Date(input.heldAt),
      record: input.record,
      updatedAt: ctx.now(),
    });
    return { action: 'assessment_talk.record', detail: { heldAt: input.heldAt } };
  });
}

export function addTalkItem(
  ctx: Context,
  actor: Actor,
  talkId: string,
  input: { text: string; owner: string; dueAt?: string | undefined },
): Promise<TalkView> {
  return changeTalk(ctx, actor, talkId, async (tx, talk) => {
    if (talk.status === 'closed') throw conflict('talk_closed', 'The talk is closed');
    const id = newId();
    await repo.insertItem(tx, {
      cityId: talk.cityId,
      id,
      talkId: talk.id,
      text: input.text,
      owner: input.owner,
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      createdAt: ctx.now(),
    });
    return { action: 'assessment_talk.item_add', detail: { itemId: id, text: input.text } };
  });
}

/** Marks an item done with its evidence; the last open item of a held talk closes it. */
export function completeTalkItem(ctx: Context, actor: Actor, talkId: string, itemId: string, evidence: string): Promise<TalkView> {
  return changeTalk(ctx, actor, talkId, async (tx, talk) => {
    const now = ctx.now();
    if (!isUuid(itemId) || !(await repo.completeItem(tx, talk.cityId, talk.id, itemId, evidence, now))) {
      throw conflict('item_not_open', 'No open item with this id on the talk');
    }
    const items = await repo.itemsOfTalks(tx, talk.cityId, [talk.id]);
    if (talk.status === 'held' && items.every((i) => i.doneAt !== null)) {
      await repo.updateTalk(tx, talk.cityId, talk.id, { status: 'closed', updatedAt: now });
    }
    return { action: 'assessment_talk.item_done', detail: { itemId, evidence } };
  });
}

export { present as presentTalk };
