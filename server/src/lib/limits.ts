/**
 * Rate limits as token buckets keyed by string: a bucket holds `max` tokens and refills them evenly over
 * `windowMs`, so `max` requests pass at once and then one per `windowMs / max`. Memory is bounded: at most
 * `maxKeys` buckets per limit, the least recently used dropped first (a dropped bucket is as good as full,
 * and the least recently used ones are the fullest). Counts are per process.
 */

import type { Config } from '../config.ts';

/** Which limit a refusal came from: the API's message and details name it. */
export type LimitName = 'per_address' | 'per_account' | 'per_api_key' | 'per_username' | 'per_number';

export interface LimitRule {
  name: LimitName;
  max: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class Limit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly rule: LimitRule,
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until `key` may pass again (0: it may pass now), without taking a token. */
  waitMs(key: string, nowMs: number): number {
    const tokens = this.tokensAt(this.buckets.get(key), nowMs);
    if (tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * this.rule.windowMs) / this.rule.max);
  }

  /** Takes one token of `key`'s bucket (call after waitMs answered 0). */
  take(key: string, nowMs: number): void {
    const tokens = this.tokensAt(this.buckets.get(key), nowMs);
    // Re-inserted so that the map's order is the order of last use.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: Math.max(0, tokens - 1), atMs: nowMs });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(bucket: Bucket | undefined, nowMs: number): number {
    if (!bucket) return this.rule.max;
    const refilled = (Math.max(0, nowMs - bucket.atMs) * this.rule.max) / this.rule.windowMs;
    return Math.min(this.rule.max, bucket.tokens + refilled);
  }
}

/** The first limit (in the order given) whose key may not pass now, with its wait; undefined when all may pass. */
export function firstExceeded(checks: [Limit, string][], nowMs: number): { limit: LimitRule; retryAfterMs: number } | undefined {
  for (const [limit, key] of checks) {
    const waitMs = limit.waitMs(key, nowMs);
    if (waitMs > 0) return { limit: limit.rule, retryAfterMs: waitMs };
  }
  return undefined;
}

/**
 * Counts one request against every limit at once, or none when one of them is exhausted (a refused
 * request does not use up the other limits).
 */
export function consume(checks: [Limit, string][], nowMs: number): { limit: LimitRule; retryAfterMs: number } | undefined {
  const exceeded = firstExceeded(checks, nowMs);
  if (exceeded) return exceeded;
  for (const [limit, key] of checks) limit.take(key, nowMs);
  return undefined;
}

const MINUTE_MS = 60_000;

/** The abuse limits of one server (each Context has its own). */
export interface Limits {
  loginPerAddress: Limit;
  loginPerUsername: Limit;
  intakePerAccount: Limit;
  intakePerApiKey: Limit;
  intakePerAddress: Limit;
  publicIntakePerAddress: Limit;
  /** The public resident intake from a number flagged as malicious or repeated. */
  flaggedNumber: Limit;
}

export function createLimits(config: Pick<Config, 'loginRateLimitPerMinute' | 'limits'>): Limits {
  const { limits } = config;
  const perMinute = (name: LimitName, max: number) => new Limit({ name, max, windowMs: MINUTE_MS });
  return {
    loginPerAddress: perMinute('per_address', config.loginRateLimitPerMinute),
    loginPerUsername: perMinute('per_username', limits.loginPerUsernamePerMinute),
    intakePerAccount: perMinute('per_account', limits.intakePerAccountPerMinute),
    intakePerApiKey: perMinute('per_api_key', limits.intakePerApiKeyPerMinute),
    intakePerAddress: perMinute('per_address', limits.intakePerAddressPerMinute),
    publicIntakePerAddress: perMinute('per_address', limits.publicIntakePerAddressPerMinute),
    flaggedNumber: new Limit({ name: 'per_number', max: limits.flaggedNumberPerDay, windowMs: 24 * 60 * MINUTE_MS }),
  };
}
