// Pure rules of the org module.
import { AppError } from '../../lib/errors.ts';

/** One refused row of a batch: its number and why. */
export type Failure = { row: number; reason: string };

/** All or nothing: one refused row refuses the batch, and every refused row is named. */
export const importFailed = (failures: Failure[]): AppError =>
  new AppError(
    400,
    'import_failed',
    `${failures.length} row(s) refused; nothing was imported`,
    [...failures].sort((a, b) => a.row - b.row),
  );
