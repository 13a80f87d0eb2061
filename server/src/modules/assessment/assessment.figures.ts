import type { AssessmentSettings, FigureDefinition } from '@gongzhi/contracts';

// Every figure of the assessment, defined once: its names, its formula and the counts it is made
// of. Pure functions over counts; the counts come from two sources: the case aggregation in
// assessment.repo.ts ('cases') and the whistle module's whistleFigures ('whistles', assessment.whistles.ts).
//
// What is counted (decided here, documented once):
// - A case belongs to the period of its LAST reply (办结, `cases.replied_at`, in the city's time zone):
//   a reopened case leaves its first period and counts when it is replied again, so every case counts
//   once, with its final callback. Its callback (回访) is the row's `callback`: the last answers given.
// - It is attributed to the unit that led it at that reply (`lead_unit_id`: only the lead unit can
//   reply) and to every territory containing its place (`region_path`: grid, community, street,
//   district, city). A case placed only by an address counts for the city alone.
// - Overdue: cases that went overdue (`overdue_at`) in the period, attributed the same way.
// - Returns (退单): `case.returned` timeline events in the period, attributed to the unit that returned
//   the case (the event's unitId) and to the territories of the case's place.
// - Handling time: working minutes (the city's work calendar, workingHoursBetween) from dispatch (派单,
//   `dispatched_at`, else receipt) to the last reply; a suspension's time is included.
// - Whistles (吹哨报到, PRODUCT.md §3), counted by the whistle module for whistles BLOWN in the period:
//   - a summoned unit's summons whose arrival deadline has passed (`summonsDue`; a summons still within its
//     time counts only once the unit has arrived, on time), its arrivals by the deadline among them
//     (`arrivedOnTime`), and the street's ratings of it (`ratings`, with their points arrival + attitude
//     + result summed in `ratingPoints`); attributed to the summoned unit only (not to a territory);
//   - a street's whistles (blown by the street office or its communities) and the cases received in its
//     territory in the period (`casesReceived`), attributed to the street (and summed above it).

/** The counts of one unit or territory in one period. Every figure is a function of these. */
export interface Counts {
  /** Cases last replied in the period. */
  replied: number;
  /** Of those, cases with a callback (rated cases). */
  rated: number;
  /** Rated cases whose resident was contacted (响应). */
  contacted: number;
  /** Rated cases the resident said were solved (解决). */
  solved: number;
  /** Rated cases whose resident was satisfied (满意). */
  satisfied: number;
  /** Replied cases replied by their deadline (`replied_at <= due_at`). */
  onTime: number;
  /** Replied cases that were reopened at least once (`reopen_count > 0`). */
  reopened: number;
  /** Working minutes from dispatch to the last reply, summed over the replied cases. */
  handlingMinutes: number;
  /** Cases that went overdue in the period. */
  overdue: number;
  /** Returns (退单) made in the period. */
  returned: number;
  /** Whistles: summons of the unit whose arrival deadline has passed (or that it met early). */
  summonsDue: number;
  /** Whistles: of those, arrivals (check-ins) at or before the deadline. */
  arrivedOnTime: number;
  /** Whistles: the streets' ratings of the unit (each rates arrival, attitude and result 1–5). */
  ratings: number;
  /** Whistles: arrival + attitude + result, summed over the ratings. */
  ratingPoints: number;
  /** Whistles blown by the street office or its communities. */
  whistles: number;
  /** Cases received in the street's territory (the whistle rate's base). */
  casesReceived: number;
}

export const COUNT_KEYS = [
  'replied',
  'rated',
  'contacted',
  'solved',
  'satisfied',
  'onTime',
  'reopened',
  'handlingMinutes',
  'overdue',
  'returned',
  'summonsDue',
  'arrivedOnTime',
  'ratings',
  'ratingPoints',
  'whistles',
  'casesReceived',
] as const satisfies readonly (keyof Counts)[];

/** The counts that come from the cases (the rest come from the whistles). */
export const CASE_COUNT_KEYS = COUNT_KEYS.slice(0, COUNT_KEYS.indexOf('returned') + 1);

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as Counts;

export function addCounts(a: Counts, b: Counts): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, a[k] + b[k]])) as unknown as Counts;
}

/** The counts of one lead unit or of one place (region path), in a period (`current`) or the one before. */
export interface PlaceCounts {
  unitId: string | null;
  regionPath: string | null;
  current: boolean;
  counts: Counts;
}

/** A ranking's level, or the city as a whole (a bulletin's total). */
export type CountLevel = 'department' | 'unit' | 'city' | 'district' | 'street' | 'community' | 'grid';

const DEPTH = { city: 1, district: 2, street: 3, community: 4, grid: 5 } as const;

/**
 * Sums the counts of a period by unit (lead unit) or by territory (the code at that depth of the place's
 * path; a case placed higher up counts only for the levels above). Territories outside `underPath` are left out.
 */
export function rollUp(rows: readonly PlaceCounts[], level: CountLevel, current: boolean, underPath = ''): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const row of rows) {
    if (row.current !== current) continue;
    let key: string | null | undefined;
    if (level === 'department' || level === 'unit') key = row.unitId;
    else if (row.regionPath?.startsWith(underPath)) key = row.regionPath.split('/')[DEPTH[level] - 1];
    if (!key) continue;
    out.set(key, addCounts(out.get(key) ?? zeroCounts(), row.counts));
  }
  return out;
}

/** Which cases a figure is made of, as filters of GET /api/cases (the time field bounds the period). */
export interface CaseSelection {
  on: 'replied' | 'overdue';
  flag?: 'rated';
}

export interface Figure extends FigureDefinition {
  numerator: (c: Counts) => number;
  /** null for a plain count. */
  denominator: ((c: Counts) => number) | null;
  /** Numerator / denominator, scaled (minutes → hours, × 1000, points → mean of three). */
  scale?: number;
  /** The cases behind the figure; null for the whistle figures (no case list behind them). */
  cases: CaseSelection | null;
  /** For scored figures: the value as a share of the best (0 worst .. 1 best), weighted in the composite score. */
  toScore?: (value: number) => number;
}

const rate = (
  key: string,
  nameZh: string,
  nameEn: string,
  formula: string,
  numerator: Figure['numerator'],
  denominator: (c: Counts) => number,
  higherIsBetter: boolean,
  cases: CaseSelection,
): Figure => ({
  key,
  nameZh,
  nameEn,
  kind: 'rate',
  higherIsBetter,
  formula,
  formulaZh: FORMULAS_ZH[key]!,
  source: 'cases',
  scored: true,
  numerator,
  denominator,
  cases,
  toScore: higherIsBetter ? (v) => v : (v) => 1 - v,
});

/** The formulas in Chinese, for the pages (the English ones are beside each figure). */
const FORMULAS_ZH: Record<string, string> = {
  responseRate: '回访中表示已被联系的件数 ÷ 本期最后办结且已回访的件数',
  resolutionRate: '回访中表示问题已解决的件数 ÷ 本期最后办结且已回访的件数',
  satisfactionRate: '回访中表示满意的件数 ÷ 本期最后办结且已回访的件数',
  onTimeRate: '在办理时限内最后办结的件数 ÷ 本期最后办结的件数',
  overdueCount: '本期超期的件数',
  returnRate: '本期退单次数 ÷（本期退单次数 + 本期最后办结的件数）',
  reopenRate: '本期最后办结的件数中曾被重办的件数 ÷ 本期最后办结的件数',
  handlingHours: '派单至最后办结的工作时长之和 ÷ 本期最后办结的件数',
  arrivalOnTimeRate: '本期吹哨中在报到时限内到场签到的次数 ÷ 本期吹哨中报到时限已过（或已按时到场）的被召集次数',
  streetRating: '街道对部门每次评价（到场、态度、结果三项 1–5 分）的平均分之和 ÷ 评价次数',
  whistleRate: '本期街道（含所辖社区）吹哨次数 ÷ 本期辖区受理的工单件数 × 1000',
};

/** The figures, in the order the pages show them. */
export const FIGURES: readonly Figure[] = [
  rate(
    'responseRate',
    '响应率',
    'Response rate',
    'rated cases whose resident says they were contacted ÷ rated cases (callback answered) last replied in the period',
    (c) => c.contacted,
    (c) => c.rated,
    true,
    { on: 'replied', flag: 'rated' },
  ),
  rate(
    'resolutionRate',
    '解决率',
    'Resolution rate',
    'rated cases the resident says are solved ÷ rated cases last replied in the period',
    (c) => c.solved,
    (c) => c.rated,
    true,
    { on: 'replied', flag: 'rated' },
  ),
  rate(
    'satisfactionRate',
    '满意率',
    'Satisfaction rate',
    'rated cases whose resident is satisfied ÷ rated cases last replied in the period',
    (c) => c.satisfied,
    (c) => c.rated,
    true,
    { on: 'replied', flag: 'rated' },
  ),
  rate(
    'onTimeRate',
    '按时办结率',
    'On-time rate',
    'cases last replied by their deadline (replied_at ≤ due_at) ÷ cases last replied in the period',
    (c) => c.onTime,
    (c) => c.replied,
    true,
    { on: 'replied' },
  ),
  {
    key: 'overdueCount',
    nameZh: '超期件数',
    nameEn: 'Overdue cases',
    kind: 'count',
    higherIsBetter: false,
    formula: 'cases that went overdue in the period',
    formulaZh: FORMULAS_ZH.overdueCount!,
    source: 'cases',
    scored: false,
    numerator: (c) => c.overdue,
    denominator: null,
    cases: { on: 'overdue' },
  },
  rate(
    'returnRate',
    '退单率',
    'Return rate',
    'returns made in the period ÷ (returns made + cases last replied in the period)',
    (c) => c.returned,
    (c) => c.returned + c.replied,
    false,
    { on: 'replied' },
  ),
  rate(
    'reopenRate',
    '重办率',
    'Reopen rate',
    'cases last replied in the period that were reopened at least once ÷ cases last replied in the period',
    (c) => c.reopened,
    (c) => c.replied,
    false,
    { on: 'replied' },
  ),
  {
    key: 'handlingHours',
    nameZh: '平均办理时长',
    nameEn: 'Average handling time',
    kind: 'hours',
    higherIsBetter: false,
    formula: 'working hours from dispatch to the last reply, summed ÷ cases last replied in the period',
    formulaZh: FORMULAS_ZH.handlingHours!,
    source: 'cases',
    scored: false,
    numerator: (c) => c.handlingMinutes,
    denominator: (c) => c.replied,
    scale: 1 / 60,
    cases: { on: 'replied' },
  },
  // The whistle figures (吹哨报到, PRODUCT.md §3). A unit not summoned in the period (no deadline passed,
  // no rating) has no value: "not applicable", dropped from its score like any figure without a value.
  {
    key: 'arrivalOnTimeRate',
    nameZh: '报到及时率',
    nameEn: 'Whistle on-time arrival rate',
    kind: 'rate',
    higherIsBetter: true,
    formula:
      'summons (whistles blown in the period) the unit checked in at by the arrival deadline ÷ its summons in the period whose deadline has passed (or that it met early)',
    formulaZh: FORMULAS_ZH.arrivalOnTimeRate!,
    source: 'whistles',
    scored: true,
    numerator: (c) => c.arrivedOnTime,
    denominator: (c) => c.summonsDue,
    cases: null,
    toScore: (v) => v,
  },
  {
    key: 'streetRating',
    nameZh: '街道评价',
    nameEn: "Streets' rating",
    kind: 'rating',
    higherIsBetter: true,
    formula:
      "the streets' ratings of the unit for whistles blown in the period, each the mean of arrival, attitude and result (1–5): sum of (arrival + attitude + result) ÷ 3 ÷ number of ratings",
    formulaZh: FORMULAS_ZH.streetRating!,
    source: 'whistles',
    scored: true,
    numerator: (c) => c.ratingPoints,
    denominator: (c) => c.ratings,
    scale: 1 / 3,
    cases: null,
    // 1 (worst) → 0, 5 (best) → 1.
    toScore: (v) => (v - 1) / 4,
  },
  // Informational, never scored: too few whistles may mean a street handles what it cannot alone (or does not
  // summon when it should), too many that it passes its own work on; neither end is better, so it is shown
  // for the reader to judge, not ranked.
  {
    key: 'whistleRate',
    nameZh: '吹哨率',
    nameEn: 'Whistle rate',
    kind: 'perThousand',
    higherIsBetter: false,
    formula:
      'whistles blown in the period by the street office or its communities ÷ cases received in its territory in the period × 1000 (above the street: summed over its streets)',
    formulaZh: FORMULAS_ZH.whistleRate!,
    source: 'whistles',
    scored: false,
    numerator: (c) => c.whistles,
    denominator: (c) => c.casesReceived,
    scale: 1000,
    cases: null,
  },
];

export const FIGURE_KEYS = FIGURES.map((f) => f.key);

export interface FigureResult {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** One figure's value: the rate (0..1), the count, the hours, the mean rating or the rate per 1,000; null when the denominator is 0. */
export function figureValue(figure: Figure, counts: Counts): FigureResult {
  const numerator = figure.numerator(counts);
  if (!figure.denominator) return { key: figure.key, value: numerator, numerator, denominator: null };
  const denominator = figure.denominator(counts);
  const value = denominator === 0 ? null : (numerator / denominator) * (figure.scale ?? 1);
  return { key: figure.key, value, numerator, denominator };
}

/**
 * Defaults (documented in the README): satisfaction weighs most, as in the 12345 assessments; the
 * three callback rates make 75 of 100; on time 15; returns and reopens 5 each (as 1 − rate). The whistle
 * figures add 5 each on top (报到及时率 as the rate, 街道评价 as (mean − 1) ÷ 4): 110 in all, so a unit
 * summoned in the period has 100/110 of its score from the cases and 10/110 from the whistles, and a unit
 * never summoned scores exactly as before. Counts, hours and the whistle rate are shown, not scored. A
 * figure without a value (no cases; no summons or rating) drops out and the others' weights are scaled up.
 */
export const DEFAULT_SETTINGS: AssessmentSettings = {
  weights: {
    satisfactionRate: 35,
    resolutionRate: 25,
    responseRate: 15,
    onTimeRate: 15,
    returnRate: 5,
    reopenRate: 5,
    arrivalOnTimeRate: 5,
    streetRating: 5,
  },
  minRated: 10,
  advancedShare: 0.2,
  rectifyShare: 0.1,
  progressPlaces: 3,
  governBottomN: 3,
  talkBottomN: 3,
};

/** Only the scored figures (the rates and the streets' rating) can be weighted. */
export const SCORABLE_KEYS = FIGURES.filter((f) => f.scored).map((f) => f.key);

/**
 * The composite score, 0..100: the weighted mean of the scored figures with a value, each as a share of
 * the best (a rate as it is when higher is better and as 1 − rate otherwise; the rating as (mean − 1) ÷ 4);
 * null when no scored figure has a value.
 */
export function compositeScore(results: readonly FigureResult[], weights: Readonly<Record<string, number>>): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const result of results) {
    const weight = weights[result.key] ?? 0;
    const figure = FIGURES.find((f) => f.key === result.key);
    if (weight <= 0 || result.value === null || !figure?.scored || !figure.toScore) continue;
    sum += weight * figure.toScore(result.value);
    weightSum += weight;
  }
  return weightSum === 0 ? null : Math.round((10_000 * sum) / weightSum) / 100;
}

/**
 * Fairness: a unit with fewer rated cases than `minRated` is marked insufficient and not ranked (a
 * minimum count rather than a credible interval: simple to explain to a street office, and with the
 * default 10 one answer moves a rate by at most 10 points).
 */
export const isInsufficient = (counts: Counts, minRated: number): boolean => counts.rated < minRated;
