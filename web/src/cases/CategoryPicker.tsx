import { Cascader, Typography } from 'antd';
import { useMemo } from 'react';
import { useLang, useT } from '../i18n/index.tsx';
import type { Catalogue, HandlerSpec, LeafEntry } from './catalogue.ts';

interface CategoryOption {
  value: string;
  label: string;
  /** Searched with the names: a leaf's keywords (占道, 噪音 …). */
  keywords?: string[];
  children?: CategoryOption[];
}

interface CategoryPickerProps {
  id?: string;
  catalogue: Catalogue | undefined;
  value?: string[];
  onChange?: (codes: string[] | undefined) => void;
  placeholder?: string;
  'data-testid'?: string;
}

/** The three-level catalogue as a cascader; typing searches names and keywords across all levels. */
export function CategoryPicker({ id, catalogue, value, onChange, placeholder, 'data-testid': testId }: CategoryPickerProps) {
  const { lang } = useLang();
  const name = (node: { name: string; nameEn?: string }) => (lang === 'en' && node.nameEn ? node.nameEn : node.name);
  const options = useMemo<CategoryOption[]>(
    () =>
      (catalogue?.categories ?? []).map((first) => ({
        value: first.code,
        label: name(first),
        children: first.children.map((second) => ({
          value: second.code,
          label: name(second),
          children: second.children.map((leaf) => ({ value: leaf.code, label: name(leaf), keywords: leaf.keywords })),
        })),
      })),
    // `name` follows the language
    [catalogue, lang],
  );
  return (
    <Cascader<CategoryOption>
      id={id}
      data-testid={testId}
      options={options}
      value={value}
      onChange={(codes) => onChange?.(codes?.length ? (codes as string[]) : undefined)}
      placeholder={placeholder}
      allowClear
      expandTrigger="hover"
      showSearch={{
        filter: (input, path) => {
          const q = input.trim().toLowerCase();
          return path.some((option) => option.label.toLowerCase().includes(q) || option.keywords?.some((k) => k.includes(q)));
        },
        limit: 30,
      }}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}

function handlerText(handler: HandlerSpec, tDynamic: (prefix: string, value: string) => string): string {
  switch (handler.kind) {
    case 'street':
    case 'community':
      return tDynamic('handlerKind', handler.kind);
    case 'department':
      return `${tDynamic('handlerKind', 'department')} · ${handler.departmentType}`;
    case 'utility':
      return `${tDynamic('handlerKind', 'utility')} · ${handler.utilityType}`;
  }
}

/** The chosen leaf's time limit and the kind of unit that handles it. */
export function LeafHint({ entry }: { entry: LeafEntry | undefined }) {
  const t = useT();
  const { tDynamic } = useLang();
  if (!entry) return null;
  return (
    <Typography.Text type="secondary" data-testid="leaf-hint">
      {t('intake.leafHint', { tier: tDynamic('tier', entry.leaf.deadlineTier), handler: handlerText(entry.leaf.handler, tDynamic) })}
    </Typography.Text>
  );
}
