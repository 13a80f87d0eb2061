import { z } from 'zod';
import { deadlineTiers, type DeadlineTier } from '@gongzhi/contracts';

// The dispatch catalogue (派单目录): exactly three levels; only leaves carry a deadline tier, a
// default handler and extra intake fields (like Open311 service attributes).

export const DEADLINE_TIERS = deadlineTiers;
export type { DeadlineTier };

export const DEPARTMENT_TYPES = [
  '城管',
  '住建',
  '生态环境',
  '交通运输',
  '水利',
  '市场监管',
  '公安',
  '教育',
  '卫健',
  '人社',
  '民政',
  '自然资源',
  '应急管理',
] as const;
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

export const UTILITY_TYPES = ['供水', '供电', '燃气', '供热'] as const;
export type UtilityType = (typeof UTILITY_TYPES)[number];

export const FIELD_TYPES = ['text', 'number', 'date', 'single', 'multiple'] as const;
export type ExtraFieldType = (typeof FIELD_TYPES)[number];

export type HandlerSpec =
  | { kind: 'street' }
  | { kind: 'community' }
  | { kind: 'department'; departmentType: DepartmentType }
  | { kind: 'utility'; utilityType: UtilityType };

export interface FieldOption {
  value: string;
  label: string;
}

export interface ExtraField {
  code: string;
  label: string;
  type: ExtraFieldType;
  required: boolean;
  options?: FieldOption[];
}

export interface CatalogueLeaf {
  code: string;
  name: string;
  nameEn?: string;
  deadlineTier: DeadlineTier;
  handler: HandlerSpec;
  keywords: string[];
  fields?: ExtraField[];
}

/** A first- or second-level node; the children of a second-level node are leaves. */
export interface CatalogueBranch<Child> {
  code: string;
  name: string;
  nameEn?: string;
  children: Child[];
}

export type CatalogueSecondLevel = CatalogueBranch<CatalogueLeaf>;
export type CatalogueFirstLevel = CatalogueBranch<CatalogueSecondLevel>;
export type CatalogueNode = CatalogueFirstLevel | CatalogueSecondLevel | CatalogueLeaf;

export interface Catalogue {
  source?: string;
  city?: string;
  version?: number;
  categories: CatalogueFirstLevel[];
}

export interface CatalogueError {
  path: string;
  reason: string;
}

export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; errors: CatalogueError[] };

const THREE_LEVELS = 'the catalogue has exactly three levels';
const name = z.string().trim().min(1, 'a name is required');
const nameEn = z.string().trim().min(1).optional();

const optionSchema = z.strictObject({ value: z.string().min(1), label: z.string().min(1) });

const fieldSchema: z.ZodType<ExtraField> = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a field code is snake_case latin'),
  label: name,
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  options: z.array(optionSchema).min(1, 'a choice field needs at least one option').optional(),
});

const handlerSchema: z.ZodType<HandlerSpec> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('street') }),
  z.strictObject({ kind: z.literal('community') }),
  z.strictObject({ kind: z.literal('department'), departmentType: z.enum(DEPARTMENT_TYPES) }),
  z.strictObject({ kind: z.literal('utility'), utilityType: z.enum(UTILITY_TYPES) }),
]);

const leafSchema: z.ZodType<CatalogueLeaf> = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'a leaf code has six digits'),
  name,
  nameEn,
  deadlineTier: z.enum(DEADLINE_TIERS),
  handler: handlerSchema,
  keywords: z.array(z.string().trim().min(1)).min(3, 'a leaf needs 3 to 8 keywords').max(8, 'a leaf needs 3 to 8 keywords'),
  fields: z.array(fieldSchema).optional(),
});

const secondLevelSchema: z.ZodType<CatalogueSecondLevel> = z.strictObject({
  code: z.string().regex(/^\d{4}$/, 'a second-level code has four digits'),
  name,
  nameEn,
  children: z.array(leafSchema, { error: `a second-level node needs leaves: ${THREE_LEVELS}` }).min(1, 'a second-level node needs leaves'),
});

export const firstLevelSchema: z.ZodType<CatalogueFirstLevel> = z.strictObject({
  code: z.string().regex(/^\d{2}$/, 'a first-level code has two digits'),
  name,
  nameEn,
  children: z
    .array(secondLevelSchema, { error: `a first-level node needs children: ${THREE_LEVELS}` })
    .min(1, 'a first-level node needs children'),
});

const catalogueSchema: z.ZodType<Catalogue> = z.strictObject({
  source: z.string().optional(),
  city: z.string().optional(),
  version: z.number().int().positive().optional(),
  categories: z.array(firstLevelSchema).min(1, 'the catalogue needs at least one category'),
});

const LEAF_ONLY_KEYS = new Set(['deadlineTier', 'handler', 'keywords', 'fields']);

/** `categories.0.children.2` → `categories[0].children[2]`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Depth of the node a path points into: 1 for a first-level node, 3 for a leaf. */
function depthOf(path: readonly PropertyKey[]): number {
  return path.filter((key) => key === 'categories' || key === 'children').length;
}

function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const depth = depthOf(issue.path);
  if (depth === 3 && issue.keys.includes('children')) return `a leaf may not have children: ${THREE_LEVELS}`;
  const leafOnly = issue.keys.filter((key) => LEAF_ONLY_KEYS.has(key));
  if (depth > 0 && depth < 3 && leafOnly.length > 0) return `leaf-only attributes on a non-leaf node: ${leafOnly.join(', ')}`;
  return `unknown attributes: ${issue.keys.join(', ')}`;
}

const isChoice = (type: ExtraFieldType): boolean => type === 'single' || type === 'multiple';

function checkFields(leaf: CatalogueLeaf, at: string, errors: CatalogueError[]): void {
  const codes = new Set<string>();
  (leaf.fields ?? []).forEach((field, i) => {
    const path = `${at}.fields[${i}]`;
    if (codes.has(field.code)) errors.push({ path: `${path}.code`, reason: `duplicate field code ${field.code} in leaf ${leaf.code}` });
    codes.add(field.code);
    if (!isChoice(field.type) && field.options)
      errors.push({ path: `${path}.options`, reason: 'options are only for single and multiple fields' });
    if (isChoice(field.type) && !field.options) errors.push({ path: `${path}.options`, reason: `a ${field.type} field needs options` });
    const values = (field.options ?? []).map((option) => option.value);
    if (new Set(values).size !== values.length) errors.push({ path: `${path}.options`, reason: 'duplicate option value' });
  });
}

/** Checks what the schema cannot see: unique codes, codes that extend their parent's, field rules. */
function checkTree(catalogue: Catalogue): CatalogueError[] {
  const errors: CatalogueError[] = [];
  const seen = new Map<string, string>();
  const checkCode = (code: string, parentCode: string, path: string) => {
    const earlier = seen.get(code);
    if (earlier) errors.push({ path: `${path}.code`, reason: `duplicate code ${code} (also at ${earlier})` });
    else seen.set(code, path);
    if (!code.startsWith(parentCode)) errors.push({ path: `${path}.code`, reason: `${code} must start with its parent's ${parentCode}` });
  };
  catalogue.categories.forEach((first, i) => {
    const firstPath = `categories[${i}]`;
    checkCode(first.code, '', firstPath);
    first.children.forEach((second, j) => {
      const secondPath = `${firstPath}.children[${j}]`;
      checkCode(second.code, first.code, secondPath);
      second.children.forEach((leaf, k) => {
        const leafPath = `${secondPath}.children[${k}]`;
        checkCode(leaf.code, second.code, leafPath);
        if (new Set(leaf.keywords).size !== leaf.keywords.length)
          errors.push({ path: `${leafPath}.keywords`, reason: 'duplicate keyword' });
        checkFields(leaf, leafPath, errors);
      });
    });
  });
  return errors;
}

/** Validates a catalogue tree; every refusal names the path of the offending node or attribute. */
export function validateCatalogue(tree: unknown): CatalogueValidation {
  const parsed = catalogueSchema.safeParse(tree);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), reason: reasonOf(issue) })) };
  }
  const errors = checkTree(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, catalogue: parsed.data };
}

export interface FlatLeaf {
  leaf: CatalogueLeaf;
  /** Names from the top, e.g. ['城乡建设', '市政设施', '路灯不亮']. */
  pathNames: [string, string, string];
  /** e.g. `城乡建设 / 市政设施 / 路灯不亮`. */
  label: string;
}

/** Every leaf in catalogue order, with the names of its ancestors. */
export function flattenLeaves(catalogue: Catalogue): FlatLeaf[] {
  return catalogue.categories.flatMap((first) =>
    first.children.flatMap((second) =>
      second.children.map((leaf): FlatLeaf => {
        const pathNames: [string, string, string] = [first.name, second.name, leaf.name];
        return { leaf, pathNames, label: pathNames.join(' / ') };
      }),
    ),
  );
}

export type FieldValueErrorCode = 'required' | 'type' | 'option' | 'unknown_field';

export interface FieldValueError {
  field: string;
  code: FieldValueErrorCode;
  reason: string;
}

const isBlank = (value: unknown): boolean =>
  value == null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Numbers arrive as JSON numbers or, from form-encoded Open311 posts, as decimal strings. */
function isNumberValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim());
}

function checkValue(field: ExtraField, value: unknown): FieldValueError | undefined {
  const fail = (code: FieldValueErrorCode, reason: string): FieldValueError => ({ field: field.code, code, reason });
  const allowed = new Set((field.options ?? []).map((option) => option.value));
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? undefined : fail('type', `${field.label} must be text`);
    case 'number':
      return isNumberValue(value) ? undefined : fail('type', `${field.label} must be a number`);
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : fail('type', `${field.label} must be a date (YYYY-MM-DD)`);
    case 'single':
      if (typeof value !== 'string') return fail('type', `${field.label} must be one option`);
      return allowed.has(value) ? undefined : fail('option', `${field.label}: ${value} is not an option`);
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
        return fail('type', `${field.label} must be a list of options`);
      const outside = value.filter((item) => !allowed.has(item));
      if (outside.length > 0) return fail('option', `${field.label}: ${outside.join(', ')} not among the options`);
      return new Set(value).size === value.length ? undefined : fail('option', `${field.label}: an option is chosen twice`);
    }
  }
}

/** Checks the extra field values of an intake against its leaf: required, type, option membership, unknown codes. */
export function validateFieldValues(leaf: CatalogueLeaf, values: Record<string, unknown>): FieldValueError[] {
  const fields = leaf.fields ?? [];
  const known = new Set(fields.map((field) => field.code));
  const errors: FieldValueError[] = Object.keys(values)
    .filter((code) => !known.has(code))
    .map((code) => ({ field: code, code: 'unknown_field', reason: `${leaf.name} has no field ${code}` }));
  for (const field of fields) {
    const value = values[field.code];
    if (isBlank(value)) {
      if (field.required) errors.push({ field: field.code, code: 'required', reason: `${field.label} is required` });
      continue;
    }
    const error = checkValue(field, value);
    if (error) errors.push(error);
  }
  return errors;
}
