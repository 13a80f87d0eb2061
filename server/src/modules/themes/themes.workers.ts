import type { Context } from '../../context.ts';
import { repeatEvery } from '../../lib/repeat.ts';
import { sweepThemeActions } from './themes.service.ts';

/** Tells the units of actions that fell due, every minute (deadlines are days: a minute late is on time). */
export function startThemeWorkers(ctx: Context, log: (message: string, error?: unknown) => void): () => void {
  return repeatEvery(60_000, 'theme action sweep', () => sweepThemeActions(ctx), log);
}
