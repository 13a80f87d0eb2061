import { newId } from '../src/lib/ids.ts';
import type { Context } from '../src/context.ts';
import { cases } from '../src/modules/cases/index.ts';
import { orgRepo } from '../src/modules/org/index.ts';
import { square, type TestCity } from './harness.ts';

// Cases of known months, categories, places and verdicts for the monthly theme's tests: written as rows
// (the cases module's own table, its triggers firing), so that a month months ago can hold exactly what the test says.

export interface ThemeCase {
  categoryCode: string;
  regionPath: string;
  receivedAt: Date;
  repliedAt?: Date;
  satisfied?: boolean;
  reopenCount?: number;
  merged?: boolean;
  phone?: string;
  leadUnitId?: string;
}

/** Local noon (Beijing) of the given day of a YYYY-MM month. */
export const dayOf = (month: string, day: number): Date => new Date(`${month}-${String(day).padStart(2, '0')}T04:00:00Z`);

let serial = 0;

export async function insertThemeCases(ctx: Context, city: TestCity, rows: ThemeCase[]): Promise<void> {
  const values = rows.map((r) => {
    serial += 1;
    return {
      cityId: city.id,
      id: newId(),
      trackingCode: `TH${city.code}${String(serial).padStart(6, '0')}`,
      channel: 'hotline' as const,
      status: r.merged ? ('merged' as const) : r.repliedAt ? ('closed' as const) : ('dispatched' as const),
      urgency: 'normal' as const,
      text: '每月一题测试工单',
      regionPath: r.regionPath,
      categoryCode: r.categoryCode,
      deadlineTier: 'general' as const,
      reporterPhone: r.phone ?? `139${String(serial).padStart(8, '0')}`,
      leadUnitId: r.leadUnitId ?? null,
      needsDispatcher: false,
      reopenCount: r.reopenCount ?? 0,
      callback: r.repliedAt ? { contacted: true, solved: r.satisfied ?? false, satisfied: r.satisfied ?? false } : null,
      receivedAt: r.receivedAt,
      dispatchedAt: r.receivedAt,
      repliedAt: r.repliedAt ?? null,
      closedAt: r.repliedAt ?? null,
      updatedAt: r.repliedAt ?? r.receivedAt,
    };
  });
  for (let i = 0; i < values.length; i += 200) await ctx.database.db.insert(cases).values(values.slice(i, i + 200));
}

/** Three more streets (S4, S5 in D1, S6 in D2), so that a problem can spread over six. */
export async function addStreets(ctx: Context, city: TestCity): Promise<void> {
  const plan: [key: string, parent: string, suffix: string, lng: number][] = [
    ['S4', 'D1', '004', 100],
    ['S5', 'D1', '005', 100.5],
    ['S6', 'D2', '006', 101.5],
  ];
  const rows = plan.map(([key, parentKey, suffix, lng]) => {
    const parent = city.regions[parentKey]!;
    const code = `${parent.code}${suffix}`;
    const id = newId();
    city.regions[key] = { id, code, path: `${parent.path}${code}/` };
    return {
      cityId: city.id,
      id,
      parentId: parent.id,
      level: 'street',
      subtype: 'street',
      code,
      name: `${key}区域`,
      path: `${parent.path}${code}/`,
      geometry: square(lng, 30.5, 0.5),
      population: 1000,
    };
  });
  await orgRepo.insertRegions(ctx.database.db, rows);
}
