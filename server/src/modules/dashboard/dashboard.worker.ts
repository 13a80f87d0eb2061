import type { Context } from '../../context.ts';
import { repeatEvery } from '../../lib/repeat.ts';
import { fold } from './dashboard.repo.ts';

/** Folds the pending rollup changes every second (one process at a time does it); returns the stop. */
export function startDashboardFold(ctx: Context, log: (message: string, error?: unknown) => void): () => void {
  return repeatEvery(1_000, 'dashboard fold', () => fold(ctx.database.db), log);
}
