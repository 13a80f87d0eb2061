import type { Context } from '../../context.ts';
import { repeatEvery } from '../../lib/repeat.ts';
import { detectAllCities } from './hotspots.service.ts';

/** Detects hotspots every ten minutes (one process per city at a time: an advisory lock); returns the stop. */
export function startHotspotDetection(ctx: Context, log: (message: string, error?: unknown) => void, ms = 10 * 60_000): () => void {
  return repeatEvery(ms, 'hotspot detection', () => detectAllCities(ctx), log);
}
