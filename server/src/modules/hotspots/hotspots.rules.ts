// Hotspot detection (热点发现, 未诉先办): pure rules over the city's recent cases. Four kinds:
// - rise: a grid × category whose count in the last days is unlikely under Poisson(expected), expected being the
//   cell's own recent baseline rate, scaled by the season (the same window last year against its own baseline)
//   when a year of history exists, with a floor so sparse cells do not fire on two cases; Benjamini-Hochberg over
//   the cells tested;
// - place: the same normalised address or points within ~50 m, several cases within 30 days (any category), more
//   than its community's cases per place make likely;
// - person: the same reporter phone several times within 30 days (only a masked phone leaves the rules);
// - text: similar texts (cosine of the classifier's gram vectors) in at least two grids in the recent window.
import { createHash } from 'node:crypto';
import type { HotspotKind } from '@gongzhi/contracts';
import { maskPhone } from '../accounts/index.ts';
import { distanceMetres } from '../cases/index.ts';
import { cosine, plainWeight, textVector, type GramWeight } from '../classifier/index.ts';

const DAY_MS = 86_400_000;

export interface CaseFact {
  id: string;
  receivedAt: Date;
  /** The deepest region the case lies in (a grid when it has a point). */
  regionPath: string;
  categoryCode: string | null;
  text: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  reporterPhone: string | null;
}

export interface DetectOptions {
  riseWindowDays: number;
  baselineWeeks: number;
  /** Expected cases per window at least: a cell that had none still needs several to rise. */
  minExpected: number;
  minObserved: number;
  /** Benjamini-Hochberg false discovery rate over the cells tested. */
  falseDiscoveryRate: number;
  repeatDays: number;
  placeMetres: number;
  minPlaceCases: number;
  /** A place is a hotspot when so many cases there are this unlikely, given its community's cases per place. */
  placeAlpha: number;
  minPersonCases: number;
  textDays: number;
  textMinCosine: number;
  minTextCases: number;
  minTextGrids: number;
}

export const defaultDetectOptions: DetectOptions = {
  riseWindowDays: 7,
  baselineWeeks: 8,
  minExpected: 1,
  minObserved: 4,
  falseDiscoveryRate: 0.001,
  repeatDays: 30,
  placeMetres: 50,
  minPlaceCases: 4,
  placeAlpha: 0.05,
  minPersonCases: 3,
  textDays: 7,
  textMinCosine: 0.5,
  minTextCases: 4,
  minTextGrids: 2,
};

/** How far back detection reads: the rise's window, its baseline, and the same a year before. */
export function historyDays(o: DetectOptions = defaultDetectOptions): number {
  return 365 + o.riseWindowDays + 7 * o.baselineWeeks;
}

export interface Detected {
  kind: HotspotKind;
  /** What the hotspot is about (cell, address, hashed phone, first case of a text cluster): its identity with the window. */
  key: string;
  regionPath: string;
  categoryCode: string | null;
  windowStart: Date;
  windowEnd: Date;
  score: number;
  observed: number;
  expected: number | null;
  figures: Record<string, unknown>;
  caseIds: string[];
}

// ---- Poisson -------------------------------------------------------------------------------------------------

const logFactorials = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/** P(X ≥ k) for X ~ Poisson(λ), summed over the upper tail (accurate for tiny probabilities). */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  let sum = 0;
  for (let i = k; i < k + 1000; i++) {
    const term = Math.exp(-lambda + i * Math.log(lambda) - logFactorial(i));
    sum += term;
    if (i > lambda && term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}

/** −log10 p, the score of a hotspot (capped at 300 where p underflows). */
export const scoreOf = (p: number): number => Math.min(300, -Math.log10(Math.max(p, 1e-300)));

/** Indexes of the p-values the Benjamini-Hochberg procedure rejects at rate q. */
export function benjaminiHochberg(pValues: readonly number[], q: number): Set<number> {
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  let cut = -1;
  order.forEach((index, rank) => {
    if (pValues[index]! <= ((rank + 1) / pValues.length) * q) cut = rank;
  });
  return new Set(order.slice(0, cut + 1));
}

// ---- rise of a grid × category --------------------------------------------------------------------------------

export function detectRises(
  cases: readonly CaseFact[],
  now: Date,
  historyStart: Date | null,
  o: DetectOptions = defaultDetectOptions,
): Detected[] {
  const t = now.getTime();
  const windowMs = o.riseWindowDays * DAY_MS;
  const baselineMs = 7 * o.baselineWeeks * DAY_MS;
  const windows = baselineMs / windowMs;
  const year = 365 * DAY_MS;
  // A season needs last year's window and its baseline in the history.
  const seasonal = historyStart !== null && historyStart.getTime() <= t - year - windowMs - baselineMs;
  interface Cell {
    regionPath: string;
    categoryCode: string;
    observed: string[];
    baseline: number;
    lastYear: number;
    lastYearBaseline: number;
  }
  const cells = new Map<string, Cell>();
  for (const c of cases) {
    if (!c.categoryCode) continue;
    const age = t - c.receivedAt.getTime();
    if (age < 0 || age >= year + windowMs + baselineMs) continue;
    const key = `${c.regionPath}|${c.categoryCode}`;
    let cell = cells.get(key);
    if (!cell)
      cells.set(
        key,
        (cell = { regionPath: c.regionPath, categoryCode: c.categoryCode, observed: [], baseline: 0, lastYear: 0, lastYearBaseline: 0 }),
      );
    if (age < windowMs) cell.observed.push(c.id);
    else if (age < windowMs + baselineMs) cell.baseline++;
    else if (age >= year && age < year + windowMs) cell.lastYear++;
    else if (age >= year + windowMs) cell.lastYearBaseline++;
  }
  const tested = [...cells.values()].filter((c) => c.observed.length > 0 || c.baseline > 0);
  const figures = tested.map((cell) => {
    const rate = cell.baseline / windows;
    // Last year's window against last year's baseline rate, both smoothed by one case.
    const season = seasonal ? (cell.lastYear + 1) / (cell.lastYearBaseline / windows + 1) : 1;
    const expected = Math.max(o.minExpected, rate * season);
    return { cell, rate, season, expected, p: poissonTail(cell.observed.length, expected) };
  });
  const rejected = benjaminiHochberg(
    figures.map((f) => f.p),
    o.falseDiscoveryRate,
  );
  return figures.flatMap((f, i) => {
    if (!rejected.has(i) || f.cell.observed.length < o.minObserved) return [];
    const { cell } = f;
    return [
      {
        kind: 'rise' as const,
        key: `${cell.regionPath}|${cell.categoryCode}`,
        regionPath: cell.regionPath,
        categoryCode: cell.categoryCode,
        windowStart: new Date(t - windowMs),
        windowEnd: now,
        score: scoreOf(f.p),
        observed: cell.observed.length,
        expected: round(f.expected),
        figures: {
          p: f.p,
          baselineRate: round(f.rate),
          baselineWeeks: o.baselineWeeks,
          season: seasonal ? round(f.season) : null,
          lastYear: seasonal ? cell.lastYear : null,
          cellsTested: tested.length,
        },
        caseIds: cell.observed,
      },
    ];
  });
}

const round = (x: number): number => Math.round(x * 100) / 100;

// ---- repeated place, repeated person ---------------------------------------------------------------------------

/** An address folded for comparison: full-width to ASCII, lower case, no spaces or punctuation. */
export function normaliseAddress(address: string | null): string | null {
  if (!address) return null;
  const folded = address
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
  return folded.length >= 4 ? folded : null;
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    this.parent.forEach((_, i) => {
      const root = this.find(i);
      byRoot.set(root, [...(byRoot.get(root) ?? []), i]);
    });
    return [...byRoot.values()];
  }
}

const mode = <T>(values: readonly T[]): T => {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
};

const recent = (cases: readonly CaseFact[], now: Date, days: number) =>
  cases
    .filter((c) => c.receivedAt.getTime() <= now.getTime() && c.receivedAt.getTime() > now.getTime() - days * DAY_MS)
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : 1));

/** Score of a count with no baseline: as if one such case in the window were usual. */
const countScore = (n: number): number => scoreOf(poissonTail(n, 1));

function countHotspot(
  kind: HotspotKind,
  key: string,
  members: readonly CaseFact[],
  now: Date,
  days: number,
  figures: Record<string, unknown>,
): Detected {
  const categories = members.flatMap((m) => (m.categoryCode ? [m.categoryCode] : []));
  return {
    kind,
    key,
    regionPath: mode(members.map((m) => m.regionPath)),
    categoryCode: categories.length > 0 ? mode(categories) : null,
    windowStart: new Date(now.getTime() - days * DAY_MS),
    windowEnd: now,
    score: countScore(members.length),
    observed: members.length,
    expected: null,
    figures: { ...figures, categories: [...new Set(categories)] },
    caseIds: members.map((m) => m.id),
  };
}

/**
 * Cases at one place: the same normalised address, or within `placeMetres` of the place's first located case (leader
 * clustering in time order: a chain of neighbours across a dense grid does not make one place).
 */
export function detectRepeatedPlaces(cases: readonly CaseFact[], now: Date, o: DetectOptions = defaultDetectOptions): Detected[] {
  const list = recent(cases, now, o.repeatDays);
  const places: { leader: { lng: number; lat: number } | null; members: CaseFact[] }[] = [];
  const byAddress = new Map<string, number>();
  const cellDeg = o.placeMetres / 111_000;
  const cellOf = (p: { lng: number; lat: number }) => [
    Math.floor(p.lng / (cellDeg / Math.cos((p.lat * Math.PI) / 180))),
    Math.floor(p.lat / cellDeg),
  ];
  const leaders = new Map<string, number[]>();
  for (const c of list) {
    const address = normaliseAddress(c.address);
    const point = c.lng !== null && c.lat !== null ? { lng: c.lng, lat: c.lat } : null;
    let place = address !== null ? byAddress.get(address) : undefined;
    if (place === undefined && point) {
      const [x, y] = cellOf(point);
      for (let dx = -1; dx <= 1 && place === undefined; dx++)
        for (let dy = -1; dy <= 1 && place === undefined; dy++)
          place = (leaders.get(`${x! + dx},${y! + dy}`) ?? []).find((p) => distanceMetres(point, places[p]!.leader!) <= o.placeMetres);
    }
    if (place === undefined) {
      place = places.push({ leader: point, members: [] }) - 1;
      if (point) {
        const key = cellOf(point).join(',');
        leaders.set(key, [...(leaders.get(key) ?? []), place]);
      }
    }
    places[place]!.members.push(c);
    if (address !== null && !byAddress.has(address)) byAddress.set(address, place);
  }
  // A place stands out from its community: its count against the community's cases per place in the window.
  const community = (c: CaseFact) => c.regionPath.replace(/[^/]+\/$/, '');
  const perCommunity = new Map<string, { cases: number; places: number }>();
  for (const { members } of places) {
    const key = community(members[0]!);
    const entry = perCommunity.get(key) ?? { cases: 0, places: 0 };
    perCommunity.set(key, { cases: entry.cases + members.length, places: entry.places + 1 });
  }
  return places.flatMap(({ members }) => {
    if (members.length < o.minPlaceCases) return [];
    const around = perCommunity.get(community(members[0]!))!;
    const expected = Math.max(1, around.cases / around.places);
    const p = poissonTail(members.length, expected);
    if (p > o.placeAlpha) return [];
    const addresses = members.flatMap((m) => (m.address ? [m.address] : []));
    const first = members[0]!;
    const address = addresses.length > 0 ? mode(addresses) : null;
    const key = normaliseAddress(address) ?? `@${first.lng?.toFixed(4)},${first.lat?.toFixed(4)}`;
    const points = members.filter((m) => m.lng !== null && m.lat !== null);
    const centre =
      points.length > 0
        ? {
            lng: round6(points.reduce((s, m) => s + m.lng!, 0) / points.length),
            lat: round6(points.reduce((s, m) => s + m.lat!, 0) / points.length),
          }
        : null;
    return [
      {
        ...countHotspot('place', key, members, now, o.repeatDays, { address, centre, p }),
        score: scoreOf(p),
        expected: round(expected),
      },
    ];
  });
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function detectRepeatedPeople(cases: readonly CaseFact[], now: Date, o: DetectOptions = defaultDetectOptions): Detected[] {
  const byPhone = new Map<string, CaseFact[]>();
  for (const c of recent(cases, now, o.repeatDays)) {
    const digits = c.reporterPhone?.replace(/\D/g, '') ?? '';
    if (digits.length < 5) continue;
    byPhone.set(digits, [...(byPhone.get(digits) ?? []), c]);
  }
  return [...byPhone.entries()].flatMap(([phone, members]) => {
    if (members.length < o.minPersonCases) return [];
    // The key is a hash: the phone itself stays in the case rows, behind the cases module's reveal rules.
    const key = `phone:${createHash('sha256').update(phone).digest('hex').slice(0, 24)}`;
    return [countHotspot('person', key, members, now, o.repeatDays, { phone: maskPhone(phone) })];
  });
}

// ---- clusters of similar text ----------------------------------------------------------------------------------

/** Character bigrams of a text's letters, ideographs and digits (for naming a cluster; the hashes cannot be read). */
function readableBigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const run of text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

/** The bigrams that most set the cluster apart from the other texts of the window (in-cluster share × idf). */
export function topTerms(clusterTexts: readonly string[], allTexts: readonly string[], max = 5): string[] {
  const df = new Map<string, number>();
  for (const text of allTexts) for (const g of readableBigrams(text)) df.set(g, (df.get(g) ?? 0) + 1);
  const inCluster = new Map<string, number>();
  for (const text of clusterTexts) for (const g of readableBigrams(text)) inCluster.set(g, (inCluster.get(g) ?? 0) + 1);
  return [...inCluster.entries()]
    .map(([g, n]) => ({ g, score: (n / clusterTexts.length) * Math.log((1 + allTexts.length) / (1 + (df.get(g) ?? 0))) }))
    .sort((a, b) => b.score - a.score || (a.g < b.g ? -1 : 1))
    .slice(0, max)
    .map((t) => t.g);
}

/**
 * Groups of texts joined by cosine ≥ t (connected components); each group as indexes, groups of one left out.
 * Exact, without comparing all pairs: the dot products over the grams that at most max(50, 5 %) of the texts hold are
 * summed through an inverted index; the common grams (的, 小区 …) can add at most the product of the two texts' norms
 * over them (Cauchy-Schwarz), so only the pairs that could still reach t are compared in full.
 */
export function textClusters(texts: readonly string[], minCosine: number, weight: GramWeight = plainWeight): number[][] {
  const vectors = texts.map((text) => textVector(text, weight));
  const frequency = new Map<number, number>();
  for (const v of vectors) for (const h of v.hashes) frequency.set(h, (frequency.get(h) ?? 0) + 1);
  const limit = Math.max(50, Math.ceil(0.05 * texts.length));
  const postings = new Map<number, { docs: number[]; values: number[] }>();
  const commonNorm = new Float64Array(texts.length);
  vectors.forEach((v, i) => {
    let common = 0;
    for (let k = 0; k < v.hashes.length; k++) {
      const h = v.hashes[k]!;
      if (frequency.get(h)! > limit) {
        common += v.values[k]! ** 2;
        continue;
      }
      let list = postings.get(h);
      if (!list) postings.set(h, (list = { docs: [], values: [] }));
      list.docs.push(i);
      list.values.push(v.values[k]!);
    }
    commonNorm[i] = Math.sqrt(common);
  });
  const uf = new UnionFind(texts.length);
  const partial = new Float64Array(texts.length);
  const touched: number[] = [];
  vectors.forEach((v, i) => {
    for (let k = 0; k < v.hashes.length; k++) {
      const list = postings.get(v.hashes[k]!);
      if (!list) continue;
      for (let p = 0; p < list.docs.length; p++) {
        const j = list.docs[p]!;
        if (j <= i) continue;
        if (partial[j] === 0) touched.push(j);
        partial[j] += v.values[k]! * list.values[p]!;
      }
    }
    for (let j = i + 1; j < texts.length; j++) {
      // Pairs sharing no rarer gram can still meet on common grams alone (short texts of common words).
      if (partial[j] === 0 && commonNorm[i]! * commonNorm[j]! < minCosine) continue;
      if (partial[j]! + commonNorm[i]! * commonNorm[j]! < minCosine) continue;
      if (uf.find(i) !== uf.find(j) && cosine(v, vectors[j]!) >= minCosine) uf.union(i, j);
    }
    for (const j of touched) partial[j] = 0;
    touched.length = 0;
  });
  return uf.groups().filter((g) => g.length > 1);
}

export function detectTextClusters(
  cases: readonly CaseFact[],
  now: Date,
  weight: GramWeight = plainWeight,
  o: DetectOptions = defaultDetectOptions,
): Detected[] {
  const list = recent(cases, now, o.textDays);
  const texts = list.map((c) => c.text);
  return textClusters(texts, o.textMinCosine, weight).flatMap((group) => {
    const members = group.map((i) => list[i]!);
    const grids = [...new Set(members.map((m) => m.regionPath))].sort();
    if (members.length < o.minTextCases || grids.length < o.minTextGrids) return [];
    const terms = topTerms(
      members.map((m) => m.text),
      texts,
    );
    const common = commonPrefix(grids);
    return [
      {
        ...countHotspot('text', `text:${members[0]!.id}`, members, now, o.textDays, {
          terms,
          grids,
          sample: members[0]!.text.slice(0, 120),
        }),
        regionPath: common,
      },
    ];
  });
}

/** The deepest region holding every path (paths end in '/'). */
export function commonPrefix(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; i < parts[0]!.length; i++) {
    const part = parts[0]![i]!;
    if (parts.every((p) => p[i] === part)) out.push(part);
    else break;
  }
  return out.length > 0 ? `${out.join('/')}/` : '';
}

/** Every kind at once. */
export function detectHotspots(
  cases: readonly CaseFact[],
  now: Date,
  historyStart: Date | null,
  weight: GramWeight = plainWeight,
  o: DetectOptions = defaultDetectOptions,
): Detected[] {
  return [
    ...detectRises(cases, now, historyStart, o),
    ...detectRepeatedPlaces(cases, now, o),
    ...detectRepeatedPeople(cases, now, o),
    ...detectTextClusters(cases, now, weight, o),
  ].sort((a, b) => b.score - a.score);
}

// ---- identity across runs ---------------------------------------------------------------------------------------

export interface Known {
  id: string;
  kind: HotspotKind;
  key: string;
  windowStart: Date;
  windowEnd: Date;
  caseIds: readonly string[];
}

/**
 * The stored hotspot a detection continues: the same kind, a window that overlaps, and the same key or (for the
 * kinds whose members drift: places and text clusters) a case in common. Each stored hotspot continues at most once.
 */
export function matchKnown(found: readonly Detected[], known: readonly Known[]): (string | null)[] {
  const taken = new Set<string>();
  return found.map((d) => {
    const match = known.find(
      (k) =>
        !taken.has(k.id) &&
        k.kind === d.kind &&
        k.windowStart <= d.windowEnd &&
        k.windowEnd >= d.windowStart &&
        (k.key === d.key || ((d.kind === 'place' || d.kind === 'text') && d.caseIds.some((id) => k.caseIds.includes(id)))),
    );
    if (!match) return null;
    taken.add(match.id);
    return match.id;
  });
}
