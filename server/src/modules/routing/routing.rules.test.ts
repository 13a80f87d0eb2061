import type { RegionLevel, UnitKind } from '@gongzhi/contracts';
import { describe, expect, it } from 'vitest';
import type { HandlerSpec } from '../catalogue/index.ts';
import type { RoutableUnit, RoutingDecision, RoutingRule } from './routing.rules.ts';
import { pickOverride, routeCase, splitLead, truncatePath } from './routing.rules.ts';

const CITY = '411600/';
const CHUANHUI = '411600/411602/'; // 川汇区: has 城管 and 生态环境
const HUAIYANG = '411600/411603/'; // 淮阳区: has neither department
const STREET = `${CHUANHUI}411602001/`;
const COMMUNITY = `${STREET}411602001001/`;
const GRID = `${COMMUNITY}411602001001001/`;
const HY_STREET = `${HUAIYANG}411603001/`;

const levels: RegionLevel[] = ['city', 'district', 'street', 'community', 'grid'];

function unit(id: string, kind: UnitKind, regionPath: string, departmentType: string | null = null): RoutableUnit {
  const codes = regionPath.split('/').filter(Boolean);
  return { id, kind, departmentType, regionCode: codes.at(-1) ?? '', regionLevel: levels[codes.length - 1] ?? 'grid', regionPath };
}

const units: RoutableUnit[] = [
  unit('city-gov', 'government', CITY),
  unit('city-cg', 'department', CITY, '城管'),
  unit('city-eco', 'department', CITY, '生态环境'),
  unit('city-water', 'utility', CITY, '供水'),
  unit('ch-gov', 'government', CHUANHUI),
  unit('ch-cg', 'department', CHUANHUI, '城管'),
  unit('ch-eco', 'department', CHUANHUI, '生态环境'),
  unit('ch-street', 'street_office', STREET),
  unit('ch-party', 'party_org', STREET),
  unit('ch-community', 'community_committee', COMMUNITY),
  unit('hy-gov', 'government', HUAIYANG),
  unit('hy-street', 'street_office', HY_STREET),
];

const street: HandlerSpec = { kind: 'street' };
const community: HandlerSpec = { kind: 'community' };
const chengguan: HandlerSpec = { kind: 'department', departmentType: '城管' };
const eco: HandlerSpec = { kind: 'department', departmentType: '生态环境' };
const water: HandlerSpec = { kind: 'utility', utilityType: '供水' };
const power: HandlerSpec = { kind: 'utility', utilityType: '供电' };

function route(path: string | null, handler: HandlerSpec | null, rules: RoutingRule[] = [], leafCode: string | null = '020101') {
  return routeCase({ units, place: path === null ? null : { path }, leafCode, handler, rules });
}

describe('paths', () => {
  it('truncates a path to a depth, or null when too shallow', () => {
    expect(truncatePath(GRID, 3)).toBe(STREET);
    expect(truncatePath(CHUANHUI, 3)).toBeNull();
  });
});

describe('routing by handler', () => {
  it('sends territorial categories straight to the street office (直派街乡), even from a grid', () => {
    expect(route(GRID, street)).toMatchObject({ unitId: 'ch-street', ruleId: 'direct_street', needsDispatcher: false });
  });

  it('sends community categories to the community committee', () => {
    expect(route(GRID, community)).toMatchObject({ unitId: 'ch-community', ruleId: 'community', needsDispatcher: false });
  });

  it('sends department categories to the district department when the district has one', () => {
    expect(route(STREET, chengguan)).toMatchObject({ unitId: 'ch-cg', ruleId: 'department:城管@district', needsDispatcher: false });
  });

  it('falls back to the city department when the district lacks it', () => {
    expect(route(HY_STREET, eco)).toMatchObject({ unitId: 'city-eco', ruleId: 'department:生态环境@city' });
  });

  it('sends utility categories to the covering company', () => {
    expect(route(COMMUNITY, water)).toMatchObject({ unitId: 'city-water', ruleId: 'utility:供水', needsDispatcher: false });
  });

  it('prefers the deepest covering utility', () => {
    const withDistrictWater = [...units, unit('ch-water', 'utility', CHUANHUI, '供水')];
    const place = { path: STREET };
    expect(routeCase({ units: withDistrictWater, place, leafCode: '0301', handler: water }).unitId).toBe('ch-water');
    expect(routeCase({ units: withDistrictWater, place: { path: HY_STREET }, leafCode: '0301', handler: water }).unitId).toBe('city-water');
  });
});

describe('区兜底 and no place', () => {
  it('sends to the district government when neither district nor city has the department', () => {
    const withoutCityEco = units.filter((u) => u.id !== 'city-eco');
    const decision = routeCase({ units: withoutCityEco, place: { path: HY_STREET }, leafCode: '020101', handler: eco });
    expect(decision).toMatchObject({ unitId: 'hy-gov', ruleId: 'district_fallback', needsDispatcher: true });
  });

  it('falls back when no utility of the type exists', () => {
    expect(route(STREET, power)).toMatchObject({ unitId: 'ch-gov', ruleId: 'district_fallback', needsDispatcher: true });
  });

  it('falls back when the place is not deep enough for the street or community', () => {
    expect(route(CHUANHUI, street)).toMatchObject({ unitId: 'ch-gov', ruleId: 'district_fallback' });
    expect(route(HY_STREET, community)).toMatchObject({ unitId: 'hy-gov', ruleId: 'district_fallback' });
  });

  it('falls back when the case has no category (unknown handler)', () => {
    expect(route(STREET, null, [], null)).toMatchObject({ unitId: 'ch-gov', ruleId: 'district_fallback', needsDispatcher: true });
  });

  it('leaves the unit empty when the place has no district', () => {
    expect(route(CITY, street)).toMatchObject({ unitId: null, ruleId: 'district_fallback', needsDispatcher: true });
  });

  it('leaves an unlocated case to the operator', () => {
    expect(route(null, street)).toEqual({
      unitId: null,
      ruleId: 'no_place',
      needsDispatcher: true,
      reason: expect.any(String) as string,
    });
  });
});

describe('explicit rules', () => {
  const ecoInChuanhui: RoutingRule = { id: 'r-eco', categoryCode: '0201', regionPathPrefix: CHUANHUI, unitId: 'city-eco', priority: 0 };

  it('override the handler when category and region match', () => {
    expect(route(STREET, eco, [ecoInChuanhui])).toMatchObject({ unitId: 'city-eco', ruleId: 'override:r-eco', needsDispatcher: false });
  });

  it('do not apply outside their category or region', () => {
    expect(route(STREET, eco, [ecoInChuanhui], '010101').ruleId).toBe('department:生态环境@district');
    expect(route(HY_STREET, street, [ecoInChuanhui]).ruleId).toBe('direct_street');
    expect(route(STREET, null, [ecoInChuanhui], null).ruleId).toBe('district_fallback');
  });

  it('match region prefixes on code boundaries, with or without a trailing slash', () => {
    const bare: RoutingRule = { id: 'bare', regionPathPrefix: '411600/411602', unitId: 'city-gov', priority: 0 };
    const partial: RoutingRule = { id: 'partial', regionPathPrefix: '411600/41160', unitId: 'city-gov', priority: 0 };
    expect(route(STREET, street, [bare]).ruleId).toBe('override:bare');
    expect(route(STREET, street, [partial]).ruleId).toBe('direct_street');
  });

  it('apply category-only rules to an unlocated case', () => {
    const anywhere: RoutingRule = { id: 'any', categoryCode: '02', unitId: 'city-eco', priority: 0 };
    expect(route(null, eco, [anywhere])).toMatchObject({ unitId: 'city-eco', ruleId: 'override:any' });
  });

  it('prefer the highest priority, then the longer category prefix, then the longer region prefix, then the id', () => {
    const rules: RoutingRule[] = [
      { id: 'b-region', categoryCode: '0201', regionPathPrefix: STREET, unitId: 'ch-street', priority: 1 },
      { id: 'a-region', categoryCode: '0201', regionPathPrefix: STREET, unitId: 'ch-gov', priority: 1 },
      { id: 'short-region', categoryCode: '0201', regionPathPrefix: CHUANHUI, unitId: 'ch-cg', priority: 1 },
      { id: 'leaf', categoryCode: '020101', unitId: 'ch-eco', priority: 1 },
      { id: 'top', categoryCode: '02', unitId: 'city-gov', priority: 5 },
    ];
    const pick = (subset: RoutingRule[]) => pickOverride(subset, units, '020101', { path: GRID })?.id;
    expect(pick(rules)).toBe('top');
    expect(pick(rules.slice(0, 4))).toBe('leaf');
    expect(pick(rules.slice(0, 3))).toBe('a-region');
    expect(pick(rules.slice(2, 3))).toBe('short-region');
  });

  it('skip rules naming a unit that does not exist', () => {
    const ghost: RoutingRule = { id: 'ghost', unitId: 'nowhere', priority: 9 };
    expect(route(STREET, street, [ghost]).ruleId).toBe('direct_street');
  });
});

describe('determinism', () => {
  it('decides the same whatever the order of units and rules', () => {
    const twins = [...units, unit('ch-street-b', 'street_office', STREET), unit('ch-street-0', 'street_office', STREET)];
    const rules: RoutingRule[] = [
      { id: 'y', categoryCode: '01', unitId: 'ch-cg', priority: 2 },
      { id: 'x', categoryCode: '01', unitId: 'ch-eco', priority: 2 },
    ];
    const cases: [HandlerSpec, string][] = [
      [street, '020101'],
      [chengguan, '010101'],
    ];
    for (const [handler, leafCode] of cases) {
      const forward = routeCase({ units: twins, place: { path: STREET }, leafCode, handler, rules });
      const backward = routeCase({ units: [...twins].reverse(), place: { path: STREET }, leafCode, handler, rules: [...rules].reverse() });
      expect(backward).toEqual(forward);
    }
    expect(routeCase({ units: twins, place: { path: STREET }, leafCode: '020101', handler: street, rules }).unitId).toBe('ch-street');
    expect(routeCase({ units: twins, place: { path: STREET }, leafCode: '010101', handler: street, rules }).ruleId).toBe('override:x');
  });
});

describe('首接负责', () => {
  const decision = (unitId: string | null, needsDispatcher = false): RoutingDecision => ({
    unitId,
    ruleId: 'direct_street',
    needsDispatcher,
    reason: '',
  });

  it('lets the first unit lead and the others co-handle, deduplicated', () => {
    expect(splitLead([decision('a'), decision('b'), decision('a'), decision('c'), decision('b')])).toEqual({
      leadUnitId: 'a',
      coHandlerUnitIds: ['b', 'c'],
      needsDispatcher: false,
    });
  });

  it('skips undecided units and flags the case for a dispatcher', () => {
    expect(splitLead([decision(null, true), decision('b')])).toEqual({ leadUnitId: 'b', coHandlerUnitIds: [], needsDispatcher: true });
    expect(splitLead([])).toEqual({ leadUnitId: null, coHandlerUnitIds: [], needsDispatcher: true });
  });
});
