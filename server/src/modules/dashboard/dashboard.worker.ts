import type { Context } from '../../context.ts';
import { fold } from './dashboard.repo.ts';

const FOLD_EVERY_MS = 1_000;

/** Folds the pending rollup changes every second (one process at a time does it); returns the stop. */
export function startDashboardFold(ctx: Context, log: (message: string, error?: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    fold(ctx.database.db)
      .catch((error: unknown) => log('dashboard fold failed', error))
      .finally(() => (running = false));
  }, FOLD_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
