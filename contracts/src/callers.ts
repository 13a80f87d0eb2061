import { z } from 'zod';
import { phone } from './accounts.ts';
import { callerFlagReasons, callerMarkReasons } from './vocabulary.ts';

export const callerMarkCreate = z.strictObject({
  reason: z.enum(callerMarkReasons),
  note: z.string().trim().max(1000).optional(),
});
export type CallerMarkCreate = z.infer<typeof callerMarkCreate>;

export const callerFlagView = z.object({
  id: z.string(),
  phone: z.string().describe('masked: 138****5678'),
  reason: z.enum(callerFlagReasons),
  markCount: z.number().int().describe('marks in the marks window when last counted'),
  caseCount: z.number().int().describe('cases taken in within the cases window when last counted'),
  since: z.string(),
  updatedAt: z.string(),
  clearedAt: z.string().nullable(),
  clearedBy: z.string().nullable().describe('the name of who cleared it'),
  clearReason: z.string().nullable(),
});
export type CallerFlagView = z.infer<typeof callerFlagView>;

export const callerFlagList = z.object({ items: z.array(callerFlagView) });
export type CallerFlagList = z.infer<typeof callerFlagList>;

export const callerFlagListQuery = z.strictObject({
  status: z.enum(['active', 'cleared', 'all']).default('active'),
  phone: phone.optional().describe("a caller's number in clear: its flags (the answer masks it)"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type CallerFlagListQuery = z.infer<typeof callerFlagListQuery>;

export const callerFlagClear = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const callerMarkResult = z.object({
  markCount: z.number().int().describe("the caller's marks in the window, this one included"),
  flag: callerFlagView.nullable().describe('the flag of the number, when it is flagged'),
});
export type CallerMarkResult = z.infer<typeof callerMarkResult>;

/** Per city: when a number is flagged. */
export const callerSettings = z.strictObject({
  marksToFlag: z.number().int().min(1).max(1000),
  marksWindowDays: z.number().int().min(1).max(365),
  casesToFlag: z.number().int().min(2).max(10_000),
  casesWindowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
});
export type CallerSettings = z.infer<typeof callerSettings>;
