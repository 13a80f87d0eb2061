import { describe, expect, it } from 'vitest';
import { CLUSTER_TEXTS, EXAMPLE_NOW, exampleCases, exampleGrid, REPEATED_PHONE, SEASONAL, SPARSE, SURGE } from './hotspots.example.ts';
import {
  benjaminiHochberg,
  commonPrefix,
  detectHotspots,
  detectRepeatedPlaces,
  normaliseAddress,
  poissonTail,
  topTerms,
  type CaseFact,
} from './hotspots.rules.ts';

const DAY_MS = 86_400_000;

describe('hotspot rules', () => {
  it('computes Poisson tails, including tiny ones', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(poissonTail(2, 1)).toBeCloseTo(1 - 2 * Math.exp(-1), 10);
    expect(poissonTail(30, 1)).toBeGreaterThan(0);
    expect(poissonTail(30, 1)).toBeLessThan(1e-30);
  });

  it('rejects by Benjamini-Hochberg', () => {
    expect([...benjaminiHochberg([0.001, 0.5, 0.02, 0.03], 0.1)].sort()).toEqual([0, 2, 3]);
    expect(benjaminiHochberg([0.2, 0.5], 0.05).size).toBe(0);
  });

  it('folds addresses and finds common regions', () => {
    expect(normaliseAddress('文昌路 １８ 号')).toBe(normaliseAddress('文昌路18号'));
    expect(normaliseAddress('1号')).toBeNull();
    expect(commonPrefix(['1/2/3/', '1/2/4/'])).toBe('1/2/');
    expect(topTerms(['排水管破裂', '排水管坏了'], ['排水管破裂', '排水管坏了', '路灯不亮', '路灯坏了'])[0]).toMatch(/排水|水管/);
  });

  it('finds exactly the planted hotspots of the constructed city', () => {
    const cases = exampleCases();
    const found = detectHotspots(
      cases,
      EXAMPLE_NOW,
      cases.reduce((min, c) => (c.receivedAt < min ? c.receivedAt : min), EXAMPLE_NOW),
    );
    const summary = found.map((h) => `${h.kind}:${h.kind === 'rise' ? h.key : h.observed}`).sort();
    expect(summary).toEqual(['person:3', 'place:4', 'place:4', 'rise:' + `${exampleGrid(SURGE.grid)}|${SURGE.category}`, 'text:4'].sort());

    const rise = found.find((h) => h.kind === 'rise')!;
    expect(rise.observed).toBeGreaterThanOrEqual(15);
    expect(rise.expected).toBeGreaterThanOrEqual(1);
    expect(rise.expected).toBeLessThan(4);
    expect(rise.score).toBeGreaterThan(5);
    expect(rise.windowEnd).toEqual(EXAMPLE_NOW);
    expect(rise.windowStart).toEqual(new Date(EXAMPLE_NOW.getTime() - 7 * DAY_MS));
    const surgeIds = cases.filter(
      (c) => c.grid === SURGE.grid && c.categoryCode === SURGE.category && EXAMPLE_NOW.getTime() - c.receivedAt.getTime() < 7 * DAY_MS,
    );
    expect(rise.caseIds.sort()).toEqual(surgeIds.map((c) => c.id).sort());
    expect(rise.figures.season).not.toBeNull();

    const person = found.find((h) => h.kind === 'person')!;
    expect(person.figures.phone).toBe('138****1111');
    expect(JSON.stringify(person)).not.toContain(REPEATED_PHONE);

    const address = found.find((h) => h.kind === 'place' && h.figures.address !== null)!;
    expect(address.figures.address).toBe('文昌路18号');
    const points = found.find((h) => h.kind === 'place' && h.figures.address === null)!;
    expect(points.figures.centre).toEqual({ lng: 114.65015, lat: 33.620075 });

    const text = found.find((h) => h.kind === 'text')!;
    expect(text.figures.grids).toHaveLength(4);
    expect((text.figures.terms as string[]).join('')).toMatch(/排水|污水|幸福/);
    expect(text.caseIds).toHaveLength(CLUSTER_TEXTS.length);
  });

  it('lets the seasonal rise and the sparse cell pass, and would fire on the seasonal rise without last year', () => {
    const cases = exampleCases();
    const historyStart = cases.reduce((min, c) => (c.receivedAt < min ? c.receivedAt : min), EXAMPLE_NOW);
    const seasonalKey = `${exampleGrid(SEASONAL.grid)}|${SEASONAL.category}`;
    const sparseKey = `${exampleGrid(SPARSE.grid)}|${SPARSE.category}`;
    const withSeason = detectHotspots(cases, EXAMPLE_NOW, historyStart).map((h) => h.key);
    expect(withSeason).not.toContain(seasonalKey);
    expect(withSeason).not.toContain(sparseKey);
    // Without a year of history the same rise is unlikely by chance: the season is what explains it.
    const recentOnly = cases.filter((c) => EXAMPLE_NOW.getTime() - c.receivedAt.getTime() < 200 * DAY_MS);
    expect(
      detectHotspots(
        recentOnly,
        EXAMPLE_NOW,
        recentOnly.reduce((m, c) => (c.receivedAt < m ? c.receivedAt : m), EXAMPLE_NOW),
      ).map((h) => h.key),
    ).toContain(seasonalKey);
  });

  it('is stable over seeds: the planted rise always, noise never', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const cases = exampleCases(seed);
      const rises = detectHotspots(cases, EXAMPLE_NOW, new Date(0)).filter((h) => h.kind === 'rise');
      expect(rises.map((h) => h.key)).toEqual([`${exampleGrid(SURGE.grid)}|${SURGE.category}`]);
    }
  });

  it('takes a place for a hotspot only when it stands out from its busy community', () => {
    const cases: CaseFact[] = [];
    const add = (building: number, n: number) => {
      for (let i = 0; i < n; i++)
        cases.push({
          id: `b${building}-${i}`,
          receivedAt: new Date(EXAMPLE_NOW.getTime() - (1 + i) * DAY_MS),
          regionPath: exampleGrid(1 + (building % 3)),
          categoryCode: null,
          text: '',
          address: `幸福社区${building}号楼`,
          lng: null,
          lat: null,
          reporterPhone: null,
        });
    };
    for (let b = 1; b <= 20; b++) add(b, 8); // every building complains about 8 times a month
    add(21, 12); // a little more: not unusual here
    add(22, 28); // far more
    const found = detectRepeatedPlaces(cases, EXAMPLE_NOW);
    expect(found.map((h) => h.figures.address)).toEqual(['幸福社区22号楼']);
    expect(found[0]!.expected).toBeGreaterThan(8);
  });
});
