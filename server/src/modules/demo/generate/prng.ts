// Seeded randomness. Every region draws from its own stream derived from (seed, code), so a
// change in one district's generation never reshuffles the others: demo data stays stable across
// releases unless the code that shapes that very region changes.

import { createRandom, type Random } from '../../../lib/random.ts';

export { createRandom, type Random };

/** FNV-1a over the seed and a label, so streams for different regions are independent. */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= seed >>> 16;
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
}

/** Uniform integer in [min, max], both inclusive. */
export const randomInt = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

export const pick = <T>(random: Random, list: ReadonlyArray<T>): T => list[Math.floor(random() * list.length)];
