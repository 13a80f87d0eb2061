import { z } from 'zod';

export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('stable snake_case code'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const importFailure = z.object({ row: z.number().int(), reason: z.string() });
export type ImportFailure = z.infer<typeof importFailure>;
