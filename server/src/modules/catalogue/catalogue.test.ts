import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOGUE_URL, loadCatalogueFile } from './catalogue.data.ts';
import {
  type Catalogue,
  type CatalogueLeaf,
  DEADLINE_TIERS,
  DEPARTMENT_TYPES,
  flattenLeaves,
  UTILITY_TYPES,
  validateCatalogue,
  validateFieldValues,
} from './catalogue.rules.ts';

const BODIES_URL = new URL('../../../../../shared/data/complaints/tipdm2020c_bodies_train.csv', import.meta.url);

let shipped: Catalogue;

beforeAll(async () => {
  shipped = await loadCatalogueFile(DEMO_CATALOGUE_URL);
});

const leaf = (code: string, extra: Partial<CatalogueLeaf> = {}): CatalogueLeaf => ({
  code,
  name: `叶${code}`,
  deadlineTier: 'general',
  handler: { kind: 'street' },
  keywords: ['一', '二', '三'],
  ...extra,
});

/** A minimal valid tree to break in one place per test. */
const smallTree = () => ({
  categories: [
    { code: '01', name: '城乡建设', children: [{ code: '0101', name: '市政设施', children: [leaf('010101'), leaf('010102')] }] },
    { code: '02', name: '环境保护', children: [{ code: '0201', name: '噪声污染', children: [leaf('020101')] }] },
  ],
});

function refusal(tree: unknown) {
  const result = validateCatalogue(tree);
  if (result.ok) throw new Error('expected the catalogue to be refused');
  return result.errors;
}

describe('the shipped catalogue of 周口市', () => {
  it('validates', async () => {
    const tree: unknown = JSON.parse(await readFile(DEMO_CATALOGUE_URL, 'utf8'));
    const result = validateCatalogue(tree);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(tree).toMatchObject({ source: expect.stringContaining('TipDM 2020 C') });
  });

  it('has 12-16 first-level, 60-120 second-level and 250-500 leaf categories', () => {
    const second = shipped.categories.flatMap((first) => first.children);
    const leaves = flattenLeaves(shipped);
    console.info(`catalogue: ${shipped.categories.length} / ${second.length} / ${leaves.length}`);
    expect(shipped.categories.length).toBeGreaterThanOrEqual(12);
    expect(shipped.categories.length).toBeLessThanOrEqual(16);
    expect(second.length).toBeGreaterThanOrEqual(60);
    expect(second.length).toBeLessThanOrEqual(120);
    expect(leaves.length).toBeGreaterThanOrEqual(250);
    expect(leaves.length).toBeLessThanOrEqual(500);
  });

  it('gives every leaf a tier, a known handler and 3-8 keywords', () => {
    for (const { leaf: theLeaf, label } of flattenLeaves(shipped)) {
      expect(DEADLINE_TIERS, label).toContain(theLeaf.deadlineTier);
      const handler = theLeaf.handler;
      if (handler.kind === 'department') expect(DEPARTMENT_TYPES, label).toContain(handler.departmentType);
      if (handler.kind === 'utility') expect(UTILITY_TYPES, label).toContain(handler.utilityType);
      expect(theLeaf.keywords.length, label).toBeGreaterThanOrEqual(3);
      expect(theLeaf.keywords.length, label).toBeLessThanOrEqual(8);
    }
  });

  it('uses every handler kind and tier, and names leaves by their path', () => {
    const leaves = flattenLeaves(shipped);
    expect(new Set(leaves.map((l) => l.leaf.handler.kind))).toEqual(new Set(['street', 'community', 'department', 'utility']));
    expect(new Set(leaves.map((l) => l.leaf.deadlineTier))).toEqual(new Set(DEADLINE_TIERS));
    expect(leaves.map((l) => l.label)).toContain('城乡建设 / 市政设施 / 路灯不亮');
    const streetLamp = leaves.find((l) => l.label === '城乡建设 / 市政设施 / 路灯不亮');
    expect(streetLamp?.pathNames).toEqual(['城乡建设', '市政设施', '路灯不亮']);
    expect(streetLamp?.leaf.code).toBe('010103');
  });

  it('covers at least 60% of the first 300 real message bodies with some leaf keyword', async () => {
    const rows: { text: string }[] = parse(await readFile(BODIES_URL, 'utf8'), { columns: true, to: 300 });
    const keywords = [...new Set(flattenLeaves(shipped).flatMap((l) => l.leaf.keywords))];
    const covered = rows.filter((row) => keywords.some((keyword) => row.text.includes(keyword))).length;
    const share = covered / rows.length;
    console.info(`keyword coverage: ${covered} / ${rows.length} = ${(share * 100).toFixed(1)}%`);
    expect(rows).toHaveLength(300);
    expect(share).toBeGreaterThanOrEqual(0.6);
  });
});

describe('validateCatalogue refuses bad trees with paths', () => {
  it('accepts the small tree', () => {
    expect(validateCatalogue(smallTree()).ok).toBe(true);
  });

  it('refuses a fourth level', () => {
    const tree = smallTree();
    const third = tree.categories[0].children[0].children[0];
    Object.assign(third, { children: [leaf('01010101')] });
    expect(refusal(tree)).toContainEqual({
      path: 'categories[0].children[0].children[0]',
      reason: expect.stringContaining('three levels'),
    });
  });

  it('refuses a second-level node without children', () => {
    const tree = { categories: [{ code: '01', name: '城乡建设', children: [{ code: '0101', name: '市政设施' }] }] };
    expect(refusal(tree)).toContainEqual({ path: 'categories[0].children[0].children', reason: expect.stringContaining('three levels') });
  });

  it('refuses a duplicate code', () => {
    const tree = smallTree();
    tree.categories[0].children[0].children[1].code = '010101';
    expect(refusal(tree)).toEqual([
      {
        path: 'categories[0].children[0].children[1].code',
        reason: 'duplicate code 010101 (also at categories[0].children[0].children[0])',
      },
    ]);
  });

  it("refuses a code that does not extend its parent's", () => {
    const tree = smallTree();
    tree.categories[1].children[0].children[0].code = '010201';
    expect(refusal(tree)).toEqual([{ path: 'categories[1].children[0].children[0].code', reason: expect.stringContaining('parent') }]);
  });

  it('refuses codes of the wrong length', () => {
    const tree = smallTree();
    tree.categories[0].children[0].code = '011';
    expect(refusal(tree)).toContainEqual({ path: 'categories[0].children[0].code', reason: 'a second-level code has four digits' });
  });

  it('refuses leaf-only attributes on a branch', () => {
    const tree = smallTree();
    Object.assign(tree.categories[0].children[0], { deadlineTier: 'general' });
    expect(refusal(tree)).toEqual([{ path: 'categories[0].children[0]', reason: expect.stringContaining('deadlineTier') }]);
  });

  it('refuses options on a text field and duplicate field codes', () => {
    const tree = smallTree();
    tree.categories[0].children[0].children[0].fields = [
      { code: 'note', label: '说明', type: 'text', required: false, options: [{ value: 'a', label: 'A' }] },
      { code: 'note', label: '说明二', type: 'number', required: false },
    ];
    expect(refusal(tree)).toEqual([
      { path: 'categories[0].children[0].children[0].fields[0].options', reason: expect.stringContaining('only for single and multiple') },
      { path: 'categories[0].children[0].children[0].fields[1].code', reason: expect.stringContaining('duplicate field code note') },
    ]);
  });

  it('refuses a choice field without options, an unknown department and an unknown tier', () => {
    const tree = smallTree();
    const theLeaf = tree.categories[0].children[0].children[0];
    theLeaf.fields = [{ code: 'period', label: '时段', type: 'single', required: true }];
    expect(refusal(tree)).toEqual([
      { path: 'categories[0].children[0].children[0].fields[0].options', reason: 'a single field needs options' },
    ]);
    Object.assign(theLeaf, { handler: { kind: 'department', departmentType: '宣传部' }, deadlineTier: 'soon' });
    const paths = refusal(tree).map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'categories[0].children[0].children[0].handler.departmentType',
        'categories[0].children[0].children[0].deadlineTier',
      ]),
    );
  });

  it('refuses what is not a catalogue at all', () => {
    expect(refusal(null)).toEqual([{ path: '', reason: expect.any(String) }]);
    expect(refusal({ categories: [] })).toEqual([{ path: 'categories', reason: 'the catalogue needs at least one category' }]);
  });
});

describe('validateFieldValues', () => {
  const wages = leaf('070101', {
    fields: [
      { code: 'unpaid_worker_count', label: '欠薪人数', type: 'number', required: true },
      { code: 'unpaid_amount_yuan', label: '欠薪金额（元）', type: 'number', required: true },
      { code: 'unpaid_since', label: '欠薪起始日期', type: 'date', required: false },
      { code: 'employer_name', label: '用工单位', type: 'text', required: false },
      {
        code: 'noise_period',
        label: '噪声时段',
        type: 'single',
        required: false,
        options: [
          { value: 'day', label: '白天' },
          { value: 'night', label: '夜间' },
        ],
      },
      {
        code: 'noise_source',
        label: '噪声来源',
        type: 'multiple',
        required: false,
        options: [
          { value: 'square_dance', label: '广场舞' },
          { value: 'loudspeaker', label: '音响' },
        ],
      },
    ],
  });

  it('accepts good values, numbers given as strings and blank optional fields', () => {
    expect(
      validateFieldValues(wages, {
        unpaid_worker_count: 12,
        unpaid_amount_yuan: '86000.50',
        unpaid_since: '2024-02-29',
        employer_name: '',
      }),
    ).toEqual([]);
    expect(
      validateFieldValues(wages, { unpaid_worker_count: 1, unpaid_amount_yuan: 1, noise_period: 'night', noise_source: ['square_dance'] }),
    ).toEqual([]);
  });

  it('names missing required fields', () => {
    expect(validateFieldValues(wages, { unpaid_worker_count: null })).toEqual([
      { field: 'unpaid_worker_count', code: 'required', reason: '欠薪人数 is required' },
      { field: 'unpaid_amount_yuan', code: 'required', reason: '欠薪金额（元） is required' },
    ]);
  });

  it('names values of the wrong type', () => {
    const errors = validateFieldValues(wages, {
      unpaid_worker_count: '十二',
      unpaid_amount_yuan: Number.NaN,
      unpaid_since: '2023-02-29',
      employer_name: 7,
      noise_period: ['day'],
      noise_source: 'loudspeaker',
    });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['unpaid_worker_count', 'type'],
      ['unpaid_amount_yuan', 'type'],
      ['unpaid_since', 'type'],
      ['employer_name', 'type'],
      ['noise_period', 'type'],
      ['noise_source', 'type'],
    ]);
  });

  it('names values outside the options and unknown fields', () => {
    const errors = validateFieldValues(wages, {
      unpaid_worker_count: 3,
      unpaid_amount_yuan: 100,
      noise_period: 'dawn',
      noise_source: ['loudspeaker', 'drums'],
      plate_number: '豫P12345',
    });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['plate_number', 'unknown_field'],
      ['noise_period', 'option'],
      ['noise_source', 'option'],
    ]);
  });

  it('checks a shipped leaf: 噪声时段 is required for 社会生活噪声', () => {
    const noise = flattenLeaves(shipped).find((l) => l.label === '环境保护 / 噪声污染 / 社会生活噪声');
    expect(noise).toBeDefined();
    expect(validateFieldValues(noise!.leaf, {})).toEqual([{ field: 'noise_period', code: 'required', reason: '噪声时段 is required' }]);
    expect(validateFieldValues(noise!.leaf, { noise_period: 'night' })).toEqual([]);
  });
});
