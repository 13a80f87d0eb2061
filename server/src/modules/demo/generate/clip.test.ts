import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from '../../geo/index.ts';
import { clipHalfPlane } from './clip.ts';
import { createRandom } from './prng.ts';
import type { Shape } from './shape.ts';
import { shapeAreaSqDeg, shapeContains, shapeFromGeometry } from './shape.ts';

const square = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x1, y0, x1, y1, x0, y1];

describe('clipHalfPlane', () => {
  it('cuts a U shape through both arms into two separate parts, not one bridged ring', () => {
    // A U opening upwards: arms at x 0-1 and 2-3, joined below y = 1.
    const u: Shape = [[[0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3]]];
    const upper = clipHalfPlane(u, 0, -1, -2); // keep y > 2
    expect(upper).toHaveLength(2);
    expect(shapeAreaSqDeg(upper)).toBeCloseTo(2, 12);
    const lower = clipHalfPlane(u, 0, 1, 2); // keep y < 2
    expect(lower).toHaveLength(1);
    expect(shapeAreaSqDeg(lower) + shapeAreaSqDeg(upper)).toBeCloseTo(shapeAreaSqDeg(u), 12);
  });

  it('keeps holes on the kept side and opens holes the line crosses', () => {
    const clockwiseHole = [2, 2, 2, 4, 4, 4, 4, 2];
    const holed: Shape = [[square(0, 0, 10, 10), clockwiseHole]];
    expect(shapeAreaSqDeg(holed)).toBeCloseTo(96, 12);
    const left = clipHalfPlane(holed, 1, 0, 5); // keep x < 5: the hole stays whole
    expect(shapeAreaSqDeg(left)).toBeCloseTo(46, 12);
    expect(left[0]).toHaveLength(2);
    expect(shapeContains(left, 3, 3)).toBe(false);
    const cut = clipHalfPlane(holed, 1, 0, 3); // keep x < 3: the line runs through the hole
    expect(shapeAreaSqDeg(cut)).toBeCloseTo(28, 12);
    expect(shapeContains(cut, 2.5, 3)).toBe(false);
    expect(shapeContains(cut, 1, 3)).toBe(true);
  });

  it('splits a real district into complementary halves along random lines', () => {
    const url = new URL('../../../../../fixtures/geo/zhoukou_411600_districts.geojson', import.meta.url);
    const districts = JSON.parse(readFileSync(url, 'utf8')) as FeatureCollection;
    const random = createRandom(5);
    for (const feature of districts.features) {
      const shape = shapeFromGeometry(feature.geometry);
      const area = shapeAreaSqDeg(shape);
      for (let k = 0; k < 20; k++) {
        const angle = random() * Math.PI * 2;
        const [nx, ny] = [Math.cos(angle), Math.sin(angle)];
        const [x, y] = [shape[0][0][0] + (random() - 0.5) * 0.3, shape[0][0][1] + (random() - 0.5) * 0.3];
        const c = nx * x + ny * y;
        const a = shapeAreaSqDeg(clipHalfPlane(shape, nx, ny, c));
        const b = shapeAreaSqDeg(clipHalfPlane(shape, -nx, -ny, -c));
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(Math.abs(a + b - area) / area).toBeLessThan(1e-9);
      }
    }
  });
});
