import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import type { Page, Unit } from '../types.ts';

interface UnitSelectProps<V extends string | string[]> {
  /** Set by Form.Item, so its label points at the input. */
  id?: string;
  value?: V;
  onChange?: (unitId: V | undefined) => void;
  /** Several units (the value is then a list). */
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

const PAGE = 20;

/** A searchable unit picker: the server filters by name as the user types. */
export function UnitSelect<V extends string | string[] = string>({
  id,
  value,
  onChange,
  multiple,
  placeholder,
  allowClear,
  style,
  'data-testid': testId,
}: UnitSelectProps<V>) {
  const t = useT();
  const [options, setOptions] = useState<Unit[]>([]);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<string, Unit>());

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      setLoading(true);
      api
        .get<Page<Unit>>('/api/units', { q: query, limit: PAGE })
        .then((page) => {
          if (!current) return;
          page.items.forEach((unit) => known.current.set(unit.id, unit));
          setOptions(page.items);
        })
        .catch(() => current && setOptions([]))
        .finally(() => current && setLoading(false));
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query]);

  const selected = (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((unitId) => known.current.get(unitId) ?? []);
  const shown = [...selected.filter((unit) => !options.some((o) => o.id === unit.id)), ...options];

  return (
    <Select<V>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      data-testid={testId}
      style={style}
      value={value}
      onChange={(next) => onChange?.(next)}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      onOpenChange={(open) => {
        if (!open) setQuery('');
      }}
      options={shown.map((unit) => ({
        value: unit.id,
        label: t('units.option', { name: unit.name, region: unit.region.name }),
      }))}
      popupMatchSelectWidth={false}
    />
  );
}
