import { describe, expect, it } from 'vitest';
import { cosine, textVector } from '../classifier/index.ts';
import { distanceMetres, findDuplicates } from './duplicates.rules.ts';

describe('duplicate detection', () => {
  it('scores Chinese texts by the cosine of their character-gram vectors', () => {
    const a = textVector('文昌路口路灯不亮，晚上很黑');
    expect(cosine(a, textVector('文昌路口路灯不亮，晚上很黑'))).toBeCloseTo(1, 5);
    expect(cosine(a, textVector('文昌路口的路灯坏了不亮'))).toBeGreaterThan(0.3);
    expect(cosine(a, textVector('小区噪音扰民严重'))).toBe(0);
    expect(cosine(textVector(''), a)).toBe(0);
  });

  it('measures distances in metres', () => {
    const d = distanceMetres({ lng: 114.65, lat: 33.62 }, { lng: 114.651, lat: 33.62 });
    expect(d).toBeGreaterThan(85);
    expect(d).toBeLessThan(100);
  });

  const here = { lng: 114.65, lat: 33.62 };
  const candidates = [
    { id: 'near-same', text: '文昌路口路灯不亮很黑', lng: 114.6505, lat: 33.6201, regionPath: 'a/b/' },
    { id: 'far-same', text: '文昌路口路灯不亮很黑', lng: 114.7, lat: 33.62, regionPath: 'a/b/' },
    { id: 'near-other', text: '楼下餐馆油烟太大', lng: 114.65, lat: 33.62, regionPath: 'a/b/' },
    { id: 'no-point-same-region', text: '文昌路口路灯不亮', lng: null, lat: null, regionPath: 'a/c/' },
  ];

  it('offers near and similar open cases, most similar first', () => {
    const found = findDuplicates({ text: '文昌路口路灯不亮，晚上很黑', location: here, regionPath: 'a/b/' }, candidates);
    expect(found.map((c) => c.id)).toEqual(['near-same']);
  });

  it('compares a case without a point by its region', () => {
    const found = findDuplicates({ text: '文昌路口路灯不亮', location: null, regionPath: 'a/c/' }, candidates);
    expect(found.map((c) => c.id)).toEqual(['no-point-same-region']);
  });
});
