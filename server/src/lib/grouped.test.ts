import { describe, expect, it } from 'vitest';
import { grouped, groupedPerDb } from './grouped.ts';

/** A run that records its groups and answers when released, so the test decides what is in flight. */
function recorder(fail: (items: number[]) => boolean = () => false) {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (items: number[]) => {
    groups.push(items);
    return new Promise<number[]>((resolve, reject) => {
      pending.push(() => (fail(items) ? reject(new Error(`bad ${items.join(',')}`)) : resolve(items.map((i) => i * 10))));
    });
  };
  const releaseAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { groups, run, releaseAll };
}

describe('grouped', () => {
  it('sends a call alone when nothing is in flight, and groups the calls that arrive meanwhile', async () => {
    const r = recorder();
    const call = grouped(r.run, { maxInFlight: 1 });
    const answers = Promise.all([1, 2, 3, 4].map((i) => call(i)));
    expect(r.groups).toEqual([[1]]);
    await r.releaseAll();
    expect(await answers).toEqual([10, 20, 30, 40]);
    expect(r.groups).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps groups within maxGroup and runs up to maxInFlight at once', async () => {
    const r = recorder();
    const call = grouped(r.run, { maxInFlight: 2, maxGroup: 2 });
    const answers = Promise.all([1, 2, 3, 4, 5, 6].map((i) => call(i)));
    expect(r.groups).toEqual([[1], [2]]);
    await r.releaseAll();
    expect(await answers).toEqual([10, 20, 30, 40, 50, 60]);
    expect(r.groups.slice(2).every((g) => g.length <= 2)).toBe(true);
    expect(r.groups.flat().filter((i, n, all) => all.indexOf(i) === n)).toHaveLength(6);
  });

  it('runs a failed group one by one: each call gets its own answer', async () => {
    const r = recorder((items) => items.includes(3));
    const call = grouped(r.run, { maxInFlight: 1 });
    const answers = [1, 2, 3, 4].map((i) => call(i).then(String, (e: Error) => e.message));
    await r.releaseAll();
    expect(await Promise.all(answers)).toEqual(['10', '20', 'bad 3', '40']);
    expect(r.groups).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('per database: calls for different databases never share a group', async () => {
    const r = recorder();
    const call = groupedPerDb((db: { name: string }, items: number[]) => r.run(items.map((i) => (db.name === 'a' ? i : i + 100))), {
      maxInFlight: 1,
    });
    const [a, b] = [{ name: 'a' }, { name: 'b' }];
    const answers = Promise.all([call(a, 1), call(b, 1), call(a, 2), call(b, 2), call(a, 3)]);
    await r.releaseAll();
    expect(await answers).toEqual([10, 1010, 20, 1020, 30]);
    expect(r.groups).toEqual([[1], [101], [2, 3], [102]]);
  });
});
