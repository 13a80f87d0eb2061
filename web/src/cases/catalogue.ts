// The dispatch catalogue (派单目录) as GET /api/catalogue sends it: three levels, typed extra fields on leaves.
import type { DeadlineTier } from '@gongzhi/contracts/vocabulary';

export type ExtraFieldType = 'text' | 'number' | 'date' | 'single' | 'multiple';

export interface ExtraField {
  code: string;
  label: string;
  type: ExtraFieldType;
  required: boolean;
  options?: { value: string; label: string }[];
}

export type HandlerSpec =
  { kind: 'street' } | { kind: 'community' } | { kind: 'department'; departmentType: string } | { kind: 'utility'; utilityType: string };

export interface CatalogueLeaf {
  code: string;
  name: string;
  nameEn?: string;
  deadlineTier: DeadlineTier;
  handler: HandlerSpec;
  keywords: string[];
  fields?: ExtraField[];
}

export interface CatalogueBranch<Child> {
  code: string;
  name: string;
  nameEn?: string;
  children: Child[];
}

export type CatalogueFirstLevel = CatalogueBranch<CatalogueBranch<CatalogueLeaf>>;

export interface Catalogue {
  categories: CatalogueFirstLevel[];
}

export interface LeafEntry {
  leaf: CatalogueLeaf;
  /** The codes from the first level down to the leaf (a cascader value). */
  codes: [string, string, string];
  names: [string, string, string];
}

/** Every leaf with its path, by code. */
export function indexLeaves(catalogue: Catalogue): Map<string, LeafEntry> {
  const index = new Map<string, LeafEntry>();
  for (const first of catalogue.categories) {
    for (const second of first.children) {
      for (const leaf of second.children) {
        index.set(leaf.code, { leaf, codes: [first.code, second.code, leaf.code], names: [first.name, second.name, leaf.name] });
      }
    }
  }
  return index;
}

/** Whether a leaf matches what the operator typed: its name, path or keywords. */
export function leafMatches(entry: LeafEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [...entry.names, entry.leaf.code, ...entry.leaf.keywords, entry.leaf.nameEn ?? ''].some((text) => text.toLowerCase().includes(q));
}

/** The cascader value of a leaf: its code holds its parents' (01 → 0101 → 010101). */
export function leafPath(code: string): string[] {
  return code.length === 6 ? [code.slice(0, 2), code.slice(0, 4), code] : [code];
}
