import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createRandom, type Random } from '../../lib/random.ts';
import { polygonsOf, type ArealGeometry, type Position } from '../geo/index.ts';
import type { IntakeInput, Leaf, Submitter } from '../cases/index.ts';
import { STORIES, type Story } from './demo.stories.ts';

// The plan of the demo city's cases (pure, seeded): which story each case tells, when it came in,
// its text and category, where it is, who reported it and through which channel.

const MESSAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/cases/messages.csv');
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoCaseAccount {
  username: string;
  accountId: string;
  displayName: string;
  phone: string;
  unitId: string;
  unitName: string;
}

export interface DemoCaseCity {
  cityId: string;
  cityCode: string;
  /** The generated regions (district … grid) with their paths ('411600/411602/411602001/…/'). */
  regions: { code: string; name: string; level: string; path: string; geometry: ArealGeometry }[];
  /** The community of the demo accounts' branch (its path): more cases there, so their lists are full. */
  branchPath: string;
  accounts: DemoCaseAccount[];
}

export interface Plan {
  story: Story;
  submitter: Submitter;
  input: IntakeInput & { receivedAt: Date };
  /** Index in the plan list of the open case a duplicate joins. */
  mergeInto?: number;
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = ['秀英', '桂英', '建华', '志强', '海燕', '丽娟', '国庆', '红梅', '伟', '静', '磊', '敏', '军', '洋', '勇', '艳', '杰', '娜'];

export const pick = <T>(rng: Random, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
export const between = (rng: Random, [min, max]: readonly [number, number]): number => min + rng() * (max - min);

/** The leaf whose keywords the text holds most of (longer keywords weigh more), or null: the dispatcher classifies. */
export function bestLeaf(text: string, leaves: readonly Leaf[]): Leaf | null {
  let best: Leaf | null = null;
  let bestScore = 0;
  for (const leaf of leaves) {
    const score = leaf.keywords.reduce((sum, keyword) => sum + (text.includes(keyword) ? keyword.length : 0), 0);
    if (score > bestScore) [best, bestScore] = [leaf, score];
  }
  return best;
}

/** Values for a leaf's required extra fields, as an operator's form would fill them. */
function fieldValues(rng: Random, leaf: Leaf | null, receivedAt: Date): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of leaf?.fields ?? []) {
    if (!field.required) continue;
    const option = field.options ? pick(rng, field.options).value : '';
    values[field.code] = {
      text: '见诉求描述',
      number: 1 + Math.floor(rng() * 40),
      date: new Date(receivedAt.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10),
      single: option,
      multiple: [option],
    }[field.type];
  }
  return values;
}

function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A random point inside the polygon (rejection in its bounding box), or its first vertex after many misses. */
export function pointIn(rng: Random, geometry: ArealGeometry): { lng: number; lat: number } {
  const polygons = polygonsOf(geometry);
  const outer = polygons.flatMap((p) => p[0]!);
  const xs = outer.map((p) => p[0]!);
  const ys = outer.map((p) => p[1]!);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let tries = 0; tries < 50; tries++) {
    const x = minX + rng() * (maxX - minX);
    const y = minY + rng() * (maxY - minY);
    if (polygons.some(([ring, ...holes]) => inRing(ring!, x, y) && !holes.some((hole) => inRing(hole, x, y)))) {
      return { lng: Math.round(x * 1e6) / 1e6, lat: Math.round(y * 1e6) / 1e6 };
    }
  }
  return { lng: outer[0]![0]!, lat: outer[0]![1]! };
}

/** Plans `count` cases received over the last 180 days before `now` (each story has its age range). */
export function planCases(city: DemoCaseCity, leaves: readonly Leaf[], rng: Random, count: number, now: Date): Plan[] {
  const records = parse(fs.readFileSync(MESSAGES, 'utf8'), { bom: true, columns: true }) as { text: string }[];
  const texts = records.map(({ text }) => ({ text, leaf: bestLeaf(text, leaves) }));
  const names = new Map(city.regions.map((r) => [r.code, r.name]));
  const account = (username: string) => city.accounts.find((a) => a.username === username)!;
  const staff = (username: string): Submitter => {
    const { accountId, displayName } = account(username);
    return {
      cityId: city.cityId,
      cityCode: city.cityCode,
      principal: `account:${accountId}`,
      accountId,
      name: displayName,
      reporterAccountId: null,
    };
  };
  const unsigned = (name: string | null): Submitter => ({ ...staff('operator'), principal: 'demo', accountId: null, name });
  // The demo accounts' community, street and district get more cases than their share, so their lists are full.
  const branch = (levels: number) => `${city.branchPath.split('/').slice(0, levels).join('/')}/`;
  const grids = city.regions.filter((r) => r.level === 'grid');
  const areas = [0.08, 0.22, 0.3].map((weight, i) => ({ weight, grids: grids.filter((g) => g.path.startsWith(branch(4 - i))) }));
  areas.push({ weight: 0.4, grids });
  /** One case of a story in a grid at a time, its reporter, channel, place and fields drawn at random. */
  const planAt = (
    rng: Random,
    i: number,
    story: Story,
    grid: (typeof grids)[number],
    text: string,
    leaf: Leaf | null,
    receivedAt: Date,
  ): Plan => {
    const c = rng();
    const resident = i % 200 === 7;
    const [channel, submitter]: [IntakeInput['channel'], Submitter] = resident
      ? ['web', { ...staff('resident'), reporterAccountId: account('resident').accountId }]
      : grid.path.startsWith(branch(4)) && c < 0.5
        ? ['grid', staff('grid-worker')]
        : c < 0.75
          ? ['hotline', staff('operator')]
          : c < 0.92
            ? ['web', unsigned(null)]
            : ['api', unsigned('周口市政务服务网')];
    const [, district, street, community] = grid.path.split('/').map((code) => names.get(code) ?? '');
    const phone = `1${pick(rng, [3, 5, 8])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;
    const input: Plan['input'] = {
      text,
      categoryCode: leaf?.code,
      urgency: rng() < 0.02 ? 'urgent' : 'normal',
      location: pointIn(rng, grid.geometry),
      address: `${district}${street}${community}${1 + Math.floor(rng() * 30)}号楼附近`,
      reporter: resident
        ? { name: '张女士', phone: account('resident').phone, anonymous: false }
        : { name: pick(rng, SURNAMES) + pick(rng, GIVEN), phone, anonymous: rng() < 0.1 },
      fields: fieldValues(rng, leaf, receivedAt),
      channel,
      // An operator leaves to the dispatcher what the catalogue cannot place, and some calls on purpose.
      route: leaf !== null && !story.queue,
      receivedAt,
    };
    return { story, submitter, input };
  };
  const totalWeight = STORIES.reduce((sum, s) => sum + s.weight, 0);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    let r = rng() * totalWeight;
    const story = STORIES.find((s) => (r -= s.weight) < 0) ?? STORIES[0]!;
    let a = rng();
    const grid = pick(rng, (areas.find((area) => (a -= area.weight) < 0) ?? areas[3]!).grids);
    // Calls come in between 08:00 and 21:00 Beijing time.
    const day = Math.floor((now.getTime() + 8 * HOUR_MS) / DAY_MS - Math.floor(between(rng, story.ageDays)));
    const at = day * DAY_MS - 8 * HOUR_MS + between(rng, [8, 21]) * HOUR_MS;
    const receivedAt = new Date(Math.min(at, now.getTime() - between(rng, [0.2, 2]) * HOUR_MS));
    const { text, leaf } = pick(rng, texts);
    plans.push(planAt(rng, i, story, grid, text, leaf, receivedAt));
  }
  // A duplicate joins an older case that is still open: the same problem at the same place, a little later.
  const open = plans.flatMap((p, i) => (p.story.open && p.input.receivedAt.getTime() < now.getTime() - 3 * HOUR_MS ? [i] : []));
  for (const plan of plans) {
    if (plan.story.name !== 'merged' || open.length === 0) continue;
    const index = pick(rng, open);
    const target = plans[index]!.input;
    const room = Math.min(2 * DAY_MS, now.getTime() - HOUR_MS - target.receivedAt.getTime());
    const later = target.receivedAt.getTime() + between(rng, [0.05, 1]) * room;
    const { text, categoryCode, location, address, fields } = target;
    Object.assign(plan.input, { text, categoryCode, location, address, fields, receivedAt: new Date(later) });
    plan.mergeInto = index;
  }
  plans.push(...planSurge(city, leaves, texts, grids, now, planAt));
  return plans;
}

/** Water outages (停水) the last week in one grid of the demo accounts' community: the hotspot detection should find. */
export const SURGE_LEAF = '040101';
const SURGE_CASES = 14;

// A surge for the hotspots (未诉先办) to find by themselves: about fourteen times the grid's usual week, real texts
// about water, in the open states of a fresh case. Its own random numbers, so the rest of the demo stays as it was.
function planSurge(
  city: DemoCaseCity,
  leaves: readonly Leaf[],
  texts: readonly { text: string; leaf: Leaf | null }[],
  grids: DemoCaseCity['regions'],
  now: Date,
  planAt: (
    rng: Random,
    i: number,
    story: Story,
    grid: DemoCaseCity['regions'][number],
    text: string,
    leaf: Leaf | null,
    receivedAt: Date,
  ) => Plan,
): Plan[] {
  const leaf = leaves.find((l) => l.code === SURGE_LEAF);
  const grid = grids.find((g) => g.path.startsWith(city.branchPath));
  // The real messages about tap water (they say so in their first words: four in the fixture).
  const water = texts.filter((t) => /自来水|停水|水压|无水/.test(t.text.slice(0, 40))).map((t) => t.text);
  if (!leaf || !grid || water.length === 0) return [];
  const rng = createRandom(411_601);
  const stories = STORIES.filter((s) => ['dispatched', 'accepted', 'handling'].includes(s.name));
  return Array.from({ length: SURGE_CASES }, (_, i) => {
    const receivedAt = new Date(now.getTime() - between(rng, [0.1, 6]) * DAY_MS);
    return planAt(rng, 10_100 + i, pick(rng, stories), grid, pick(rng, water), leaf, receivedAt);
  });
}
