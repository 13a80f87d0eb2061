import { describe, expect, it } from 'vitest';
import { inlineParams, sqlLiteral } from './demo.recorder.ts';

describe('the statement recorder writes parameters in as literals', () => {
  it.each([
    [null, 'NULL'],
    [undefined, 'NULL'],
    [42, '42'],
    [-1.5, '-1.5'],
    [true, 'TRUE'],
    ["王's 'x'", "'王''s ''x'''"],
    ['back\\slash', "'back\\slash'"],
    [new Date('2026-03-01T16:00:00Z'), "'2026-03-01T16:00:00.000Z'"],
    [{ a: "it's" }, `'{"a":"it''s"}'`],
  ])('%j → %s', (value, literal) => expect(sqlLiteral(value)).toBe(literal));

  it('refuses what has no literal', () => expect(() => sqlLiteral(Number.NaN)).toThrow());

  it('replaces $10 as a whole, not as $1 followed by 0', () => {
    const params = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);
    expect(inlineParams('SELECT $1, $10::uuid', params)).toBe("SELECT 'p1', 'p10'::uuid");
    expect(() => inlineParams('SELECT $2', ['only one'])).toThrow(/no parameter \$2/);
  });
});
