import type { Context } from '../../context.ts';
import { repeatEvery } from '../../lib/repeat.ts';
import { sendPendingSms } from './sms.service.ts';
import { sweepDeadlines } from './sweep.service.ts';

/** The background work of a server process: the deadline sweep and the SMS sender, on timers. */
export function startCaseWorkers(ctx: Context, log: (message: string, error?: unknown) => void): () => void {
  const stops = [
    repeatEvery(15_000, 'deadline sweep', () => sweepDeadlines(ctx), log),
    repeatEvery(1_000, 'sms sender', () => sendPendingSms(ctx), log),
  ];
  return () => stops.forEach((stop) => stop());
}
