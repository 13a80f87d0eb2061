import type { Context } from '../../context.ts';
import { sendPendingSms } from './sms.service.ts';
import { sweepDeadlines } from './sweep.service.ts';

/** The background work of a server process: the deadline sweep and the SMS sender, on timers. */
export function startCaseWorkers(ctx: Context, log: (message: string, error?: unknown) => void): () => void {
  let stopped = false;
  const every = (ms: number, name: string, work: () => Promise<unknown>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running || stopped) return;
      running = true;
      work()
        .catch((error: unknown) => log(`${name} failed`, error))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [every(15_000, 'deadline sweep', () => sweepDeadlines(ctx)), every(1_000, 'sms sender', () => sendPendingSms(ctx))];
  return () => {
    stopped = true;
    for (const timer of timers) clearInterval(timer);
  };
}
