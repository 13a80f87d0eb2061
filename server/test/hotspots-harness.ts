import type { Context } from '../src/context.ts';
import { newId } from '../src/lib/ids.ts';
import { casesRepo, cityUnits, prepareCase, type Submitter } from '../src/modules/cases/index.ts';
import * as hotspotsRepo from '../src/modules/hotspots/hotspots.repo.ts';
import type { TestCity } from './harness.ts';

// Cases at chosen times (through the real prepareCase and insert, as the demo makes its history) and hotspot rows.

const DAY_MS = 86_400_000;

/** Fourteen random ideographs: a text like no other (so cases do not cluster by text unless a test wants them to). */
const unrelatedText = (): string =>
  Array.from({ length: 14 }, () => String.fromCharCode(0x4e00 + Math.floor(Math.random() * 20_000))).join('');

export interface PastCase {
  daysAgo: number;
  categoryCode?: string;
  location: { lng: number; lat: number };
  text?: string;
  phone?: string;
  address?: string;
}

export async function insertPastCases(ctx: Context, city: TestCity, list: readonly PastCase[]): Promise<string[]> {
  const submitter: Submitter = {
    cityId: city.id,
    cityCode: city.code,
    principal: 'test',
    accountId: null,
    name: '测试',
    reporterAccountId: null,
  };
  const units = await cityUnits(ctx, city.id);
  const now = ctx.now().getTime();
  const rows: casesRepo.NewCase[] = [];
  for (const c of list) {
    const prepared = await prepareCase(
      ctx,
      submitter,
      {
        text: c.text ?? unrelatedText(),
        categoryCode: c.categoryCode,
        urgency: 'normal',
        location: c.location,
        address: c.address,
        reporter: c.phone ? { name: '李先生', phone: c.phone, anonymous: false } : undefined,
        channel: 'hotline',
        route: true,
        receivedAt: new Date(now - c.daysAgo * DAY_MS),
      },
      units,
    );
    rows.push({ row: prepared.row, events: prepared.events, key: null, notices: [], sms: null });
  }
  await casesRepo.insertNewCases(ctx.database.db, rows);
  return rows.map((r) => r.row.id);
}

/** A stored hotspot (as detection would leave it) at a grid of the test city. */
export async function insertHotspot(
  ctx: Context,
  city: TestCity,
  grid: string,
  centre: { lng: number; lat: number },
  caseIds: string[] = [],
): Promise<string> {
  const id = newId();
  const now = ctx.now();
  await hotspotsRepo.insertHotspots(ctx.database.db, [
    {
      cityId: city.id,
      id,
      kind: 'place',
      key: `test:${id}`,
      regionPath: city.regions[grid]!.path,
      categoryCode: '010301',
      windowStart: new Date(now.getTime() - 30 * DAY_MS),
      windowEnd: now,
      score: 2.5,
      observed: 5,
      expected: null,
      figures: { address: '测试路1号', centre },
      caseIds,
      firstSeenAt: now,
      lastSeenAt: now,
    },
  ]);
  return id;
}
