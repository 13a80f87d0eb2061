import { z } from 'zod';
import { lngLat } from './cases.ts';
import { unitKind } from './org.ts';
import { caseUrgencies, whistleActionTypes, whistleReasons, whistleStatuses } from './vocabulary.ts';

// 吹哨报到: a street or community summons departments to a place; each reports (acknowledge, check in
// on site, act) and stays until the street closes the whistle and rates it.

export const whistleReason = z.enum(whistleReasons);
export const whistleStatus = z.enum(whistleStatuses);

const id = z.string().min(1).max(60);
const text = z.string().trim().min(1).max(2000);

/** A whistle on a case (its place is the case's) or on a new problem (text and place given). */
export const whistleCreate = z.strictObject({
  caseId: id.optional().describe('the case the whistle is blown on; its text and place are used when not given'),
  problem: z.string().trim().min(5).max(2000).optional().describe('the problem; required without a case'),
  location: lngLat.optional().describe('GCJ-02 longitude/latitude of the place; required without a located case'),
  address: z.string().trim().min(1).max(300).optional(),
  unitIds: z.array(id).min(1).max(20).describe('the departments summoned (any level)'),
  arrivalMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional()
    .describe("the arrival deadline; default: the city's whistle settings (30)"),
  reason: whistleReason,
});
export type WhistleCreate = z.input<typeof whistleCreate>;

export const whistleRating = z.strictObject({
  arrival: z.number().int().min(1).max(5),
  attitude: z.number().int().min(1).max(5),
  result: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
export type WhistleRating = z.infer<typeof whistleRating>;

const unitRatingInput = whistleRating.extend({ unitId: id });

/** One step on a whistle: reports by a summoned department, close / rate / spawn by the blowing unit. */
export const whistleAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('acknowledge') }),
  z.strictObject({ type: z.literal('check_in'), position: lngLat.describe('where the department stands, GCJ-02') }),
  z.strictObject({ type: z.literal('act'), text }),
  z.strictObject({ type: z.literal('leave') }),
  z.strictObject({ type: z.literal('close'), result: text, ratings: z.array(unitRatingInput).max(20).default([]) }),
  z.strictObject({ type: z.literal('rate'), ratings: z.array(unitRatingInput).min(1).max(20) }),
  z.strictObject({
    type: z.literal('spawn_case'),
    text: z.string().trim().min(5).max(5000),
    categoryCode: z.string().min(1).max(40).optional(),
    urgency: z.enum(caseUrgencies).default('normal'),
  }),
]);
export type WhistleActionInput = z.input<typeof whistleAction>;

/** Acting for which summoned unit, when the user belongs to several of them. */
export const whistleActionRequest = z.intersection(whistleAction, z.object({ unitId: id.optional() }));

const unitRef = z.object({ id: z.string(), name: z.string(), kind: unitKind });

export const whistleAttendance = z.object({
  unit: unitRef,
  acknowledgedAt: z.string().nullable(),
  arrivedAt: z.string().nullable().describe('the on-site check-in'),
  checkIn: z
    .object({
      lng: z.number(),
      lat: z.number(),
      at: z.string(),
      distanceMeters: z.number().int(),
      far: z.boolean().describe('checked in farther than the city’s radius from the place'),
    })
    .nullable(),
  lateMinutes: z.number().int().nullable().describe('minutes after the deadline; null before arrival, or while still in time'),
  leftAt: z.string().nullable(),
  actions: z.array(z.object({ at: z.string(), text: z.string(), by: z.string().nullable() })),
  rating: whistleRating.extend({ comment: z.string().nullable() }).nullable(),
});
export type WhistleAttendance = z.infer<typeof whistleAttendance>;

export const whistleSummary = z.object({
  id: z.string(),
  status: whistleStatus,
  reason: whistleReason,
  problem: z.string(),
  address: z.string().nullable(),
  regionName: z.string().nullable(),
  blowingUnit: unitRef,
  blownAt: z.string(),
  dueAt: z.string().describe('the arrival deadline'),
  arrivalMinutes: z.number().int(),
  summoned: z.number().int(),
  arrived: z.number().int(),
  closedAt: z.string().nullable(),
});
export type WhistleSummary = z.infer<typeof whistleSummary>;

export const whistleEventView = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ name: z.string().nullable(), unitName: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});

export const whistleView = whistleSummary.extend({
  caseId: z.string().nullable().describe('the case the whistle was blown on'),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  blownBy: z.string().nullable(),
  result: z.string().nullable(),
  attendance: z.array(whistleAttendance),
  spawnedCaseIds: z.array(z.string()),
  checkInRadiusMeters: z.number().int(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(whistleActionTypes)).describe('the steps this user may take now'),
  actingUnitIds: z.array(z.string()).describe('the summoned units this user reports for'),
  timeline: z.array(whistleEventView),
});
export type WhistleView = z.infer<typeof whistleView>;

export const whistleListQuery = z.strictObject({
  status: whistleStatus.optional(),
  mine: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe("true: the whistles the user's units blew or were summoned to"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const whistleList = z.object({ items: z.array(whistleSummary) });
export type WhistleList = z.infer<typeof whistleList>;

export const whistleSettings = z.strictObject({
  arrivalMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  checkInRadiusMeters: z.number().int().min(50).max(10_000),
});
export type WhistleSettings = z.infer<typeof whistleSettings>;
