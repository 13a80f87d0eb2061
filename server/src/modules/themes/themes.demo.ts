import { sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { citySettings } from '../assessment/index.ts';
import { cityUnits } from '../cases/index.ts';
import { categoryCounts, currentMonth } from './themes.proposals.ts';
import * as repo from './themes.repo.ts';
import { addMonths, scoreCategories } from './themes.rules.ts';

// The demo city's monthly themes, made from its own proposals: last month's top proposal (an action done,
// one open, one overdue) and the month before's top one (one done, one open), both led by the city-level
// department that handles the category's leaves, with the same department of the districts it spread to.

const DAY_MS = 86_400_000;

const PLANS = [
  {
    monthsAgo: 1,
    createdDaysAgo: 20,
    actions: [
      { title: '全面排查问题点位，建立台账，逐一明确责任单位', ownerIndex: 0, dueDaysFromCreation: 7, doneAfterDays: 6 },
      { title: '对重复投诉点位开展联合整治，集中攻坚', ownerIndex: 1, dueDaysFromCreation: 17, doneAfterDays: null },
      { title: '建立长效管理机制，出台管理办法', ownerIndex: 0, dueDaysFromCreation: 40, doneAfterDays: null },
    ],
  },
  {
    monthsAgo: 2,
    createdDaysAgo: 50,
    actions: [
      { title: '召开专题推进会，明确牵头和配合单位分工', ownerIndex: 0, dueDaysFromCreation: 5, doneAfterDays: 3 },
      { title: '对不满意工单逐件回访复核，督促整改到位', ownerIndex: 1, dueDaysFromCreation: 60, doneAfterDays: null },
    ],
  },
];

/** Two programmes from the demo city's own proposals (after its cases). */
export async function seedDemoThemes(ctx: Context, cityId: string): Promise<void> {
  const { db } = ctx.database;
  const now = ctx.now();
  const [units, current, settings] = await Promise.all([cityUnits(ctx, cityId), currentMonth(ctx, cityId), citySettings(ctx, cityId)]);
  const city = units.list.find((u) => u.kind === 'government' && u.regionLevel === 'city');
  const taken = new Set<string>();
  for (const plan of PLANS) {
    const month = addMonths(current, -plan.monthsAgo);
    const [top] = scoreCategories(await categoryCounts(ctx, cityId, month), taken, settings.minRated);
    if (!top || !city) continue;
    taken.add(top.categoryCode);
    const [handler] = await queryRows<{ type: string }>(
      db,
      sql`SELECT leaf.handler->>'departmentType' AS type FROM categories leaf JOIN categories l2 ON l2.city_id = leaf.city_id AND l2.id = leaf.parent_id
          WHERE leaf.city_id = ${cityId}::uuid AND l2.code = ${top.categoryCode} AND leaf.handler->>'kind' = 'department' LIMIT 1`,
    );
    const type = handler?.type ?? '城管';
    const streetPaths = await repo.streetPaths(db, cityId, month, top.categoryCode);
    const lead = units.list.find((u) => u.kind === 'department' && u.departmentType === type && u.regionLevel === 'city') ?? city;
    const districts = [...new Set(streetPaths.map((p) => p.split('/').slice(0, 2).join('/') + '/'))];
    const coUnits = units.list
      .filter(
        (u) => u.kind === 'department' && u.departmentType === type && u.regionLevel === 'district' && districts.includes(u.regionPath),
      )
      .slice(0, 2)
      .map((u) => u.id);
    const owners = [lead.id, coUnits[0] ?? lead.id];
    const createdAt = new Date(now.getTime() - plan.createdDaysAgo * DAY_MS);
    const id = newId();
    const title = `${top.categoryName}专项治理`;
    const programme: repo.ProgrammeInsert = {
      cityId,
      id,
      month,
      categoryCode: top.categoryCode,
      categoryName: top.categoryName,
      title,
      target: `${top.categoryName}类诉求月均件数下降三成，满意率提高到 90% 以上`,
      targetReductionPercent: 30,
      status: 'active',
      leadUnitId: lead.id,
      coUnitIds: coUnits,
      streetPaths,
      createdBy: null,
      createdByName: '市领导',
      createdAt,
      updatedAt: createdAt,
    };
    const by = { actorAccountId: null, actorName: '市领导' };
    await db.transaction(async (tx) => {
      await repo.insertProgramme(
        tx,
        programme,
        {
          type: 'theme.created',
          at: createdAt,
          ...by,
          data: { month, categoryCode: top.categoryCode, leadUnitId: lead.id, coUnitIds: coUnits },
        },
        [lead.id, ...coUnits].map((unitId) => ({
          cityId,
          id: newId(),
          unitId,
          kind: 'theme.created',
          text: `每月一题「${title}」（${month} ${top.categoryName}）已立项，请按分工落实。`,
          createdAt,
        })),
      );
      // The timeline in time order: the actions as added at creation, then each done one when it was done.
      const added: repo.NewThemeEvent[] = [];
      const finished: repo.NewThemeEvent[] = [];
      for (const a of plan.actions) {
        const action: repo.ActionInsert = {
          cityId,
          programmeId: id,
          id: newId(),
          title: a.title,
          ownerUnitId: owners[a.ownerIndex]!,
          dueAt: new Date(createdAt.getTime() + a.dueDaysFromCreation * DAY_MS),
          status: a.doneAfterDays === null ? 'open' : 'done',
          doneAt: a.doneAfterDays === null ? null : new Date(createdAt.getTime() + a.doneAfterDays * DAY_MS),
          note: a.doneAfterDays === null ? null : '已完成，台账和照片已上传。',
          createdAt,
        };
        await repo.insertAction(tx, action);
        added.push({
          type: 'theme.action_added',
          at: createdAt,
          ...by,
          data: { actionId: action.id, title: a.title, dueAt: action.dueAt.toISOString() },
        });
        if (action.doneAt)
          finished.push({
            type: 'theme.action_done',
            at: action.doneAt,
            ...by,
            data: { actionId: action.id, title: a.title, note: action.note },
          });
      }
      await repo.appendEvents(tx, cityId, id, [...added, ...finished.sort((x, y) => x.at.getTime() - y.at.getTime())]);
    });
  }
}
