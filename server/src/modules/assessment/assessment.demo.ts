import type { Context } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { DEFAULT_SETTINGS } from './assessment.figures.ts';
import * as repo from './assessment.repo.ts';
import { monthOf, parsePeriod, previousPeriod } from './assessment.rules.ts';
import { generateTalksForCity } from './talks.service.ts';

// The demo city's assessment: a fairness minimum suited to its few thousand cases, the talks of the last
// two months (the older ones held, with rectification items, one of each still open so that it shows in
// the next bulletin; last month's listed, the first scheduled).

const DAY_MS = 86_400_000;

const PLAN = [
  { text: '建立回访不满意工单复核机制，每周研判', owner: '分管副主任', done: true },
  { text: '对超期工单逐件倒查原因，压实承办人责任', owner: '办公室主任', done: false },
];

/** Settings and talks for the demo city (after its cases). */
export async function seedDemoAssessment(ctx: Context, cityId: string): Promise<void> {
  const { db } = ctx.database;
  const now = ctx.now();
  await repo.saveSettings(db, cityId, { ...DEFAULT_SETTINGS, minRated: 5 }, null, now);
  const lastMonth = previousPeriod(parsePeriod(monthOf(now)));
  const monthBefore = previousPeriod(lastMonth);
  for (const period of [monthBefore, lastMonth]) await generateTalksForCity(ctx, cityId, period.key, null);
  const talks = await repo.listTalks(db, cityId);
  const at = (period: { to: Date }, days: number) => new Date(period.to.getTime() + days * DAY_MS + 2 * 3_600_000);
  for (const talk of talks.filter((t) => t.period === monthBefore.key)) {
    const heldAt = at(monthBefore, 6);
    await repo.updateTalk(db, cityId, talk.id, {
      status: 'held',
      scheduledAt: heldAt,
      heldAt,
      record: `约谈${talk.subjectName}主要负责人，通报${monthBefore.key}排名靠后情况，要求一周内报送整改方案。`,
      updatedAt: heldAt,
    });
    for (const item of PLAN) {
      await repo.insertItem(db, {
        cityId,
        id: newId(),
        talkId: talk.id,
        text: item.text,
        owner: item.owner,
        dueAt: at(monthBefore, 30),
        doneAt: item.done ? at(monthBefore, 20) : null,
        evidence: item.done ? '复核台账及周研判会议纪要已报送' : null,
        createdAt: heldAt,
      });
    }
  }
  const first = talks.find((t) => t.period === lastMonth.key);
  if (first) {
    const scheduledAt = new Date(Math.max(now.getTime() + 2 * DAY_MS, at(lastMonth, 7).getTime()));
    await repo.updateTalk(db, cityId, first.id, { status: 'scheduled', scheduledAt, updatedAt: now });
  }
}
