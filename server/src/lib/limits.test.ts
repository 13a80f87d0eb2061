import { describe, expect, it } from 'vitest';
import { Limit, consume } from './limits.ts';

const MINUTE = 60_000;

describe('Limit (token bucket per key)', () => {
  it('lets max requests pass at once and refuses the next, with the wait until one token is back', () => {
    const limit = new Limit({ name: 'per_account', max: 3, windowMs: MINUTE });
    const passed = [0, 1, 2, 3].map(() => consume([[limit, 'a']], 0) === undefined);
    expect(passed).toEqual([true, true, true, false]);
    expect(consume([[limit, 'a']], 0)).toEqual({ limit: limit.rule, retryAfterMs: 20_000 });
  });

  it('refills evenly: one request per window / max, and all of them after a whole window', () => {
    const limit = new Limit({ name: 'per_account', max: 3, windowMs: MINUTE });
    for (let i = 0; i < 3; i++) consume([[limit, 'a']], 0);
    expect(limit.waitMs('a', 19_999)).toBe(1);
    expect(consume([[limit, 'a']], 20_000)).toBeUndefined();
    expect(consume([[limit, 'a']], 20_000)).toBeDefined();
    const after = [0, 1, 2, 3].map(() => consume([[limit, 'a']], 20_000 + MINUTE) === undefined);
    expect(after).toEqual([true, true, true, false]);
  });

  it('keeps keys apart', () => {
    const limit = new Limit({ name: 'per_address', max: 1, windowMs: MINUTE });
    expect(consume([[limit, 'a']], 0)).toBeUndefined();
    expect(consume([[limit, 'b']], 0)).toBeUndefined();
    expect(consume([[limit, 'a']], 0)?.limit.name).toBe('per_address');
  });

  it('counts a request against every limit or none: a refused request uses up nothing', () => {
    const account = new Limit({ name: 'per_account', max: 5, windowMs: MINUTE });
    const address = new Limit({ name: 'per_address', max: 1, windowMs: MINUTE });
    expect(
      consume(
        [
          [account, 'x'],
          [address, 'ip'],
        ],
        0,
      ),
    ).toBeUndefined();
    expect(
      consume(
        [
          [account, 'x'],
          [address, 'ip'],
        ],
        0,
      )?.limit.name,
    ).toBe('per_address');
    expect(account.waitMs('x', 0)).toBe(0);
    for (let i = 0; i < 4; i++) expect(consume([[account, 'x']], 0)).toBeUndefined();
    expect(
      consume(
        [
          [account, 'x'],
          [address, 'other'],
        ],
        0,
      )?.limit.name,
    ).toBe('per_account');
    expect(address.waitMs('other', 0)).toBe(0);
  });

  it('holds at most maxKeys buckets, dropping the least recently used', () => {
    const limit = new Limit({ name: 'per_address', max: 1, windowMs: MINUTE }, 3);
    for (const key of ['a', 'b', 'c']) limit.take(key, 0);
    limit.take('a', 1);
    limit.take('d', 2);
    expect(limit.size).toBe(3);
    // b was the least recently used: dropped, so it is as good as new; a, c and d are still counted.
    expect(['a', 'b', 'c', 'd'].map((key) => limit.waitMs(key, 2) === 0)).toEqual([false, true, false, false]);
  });
});
