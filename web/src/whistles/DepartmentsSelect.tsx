import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';

interface SummonableUnit {
  id: string;
  name: string;
  kind: string;
  departmentType: string | null;
}

interface DepartmentsSelectProps {
  id?: string;
  value?: string[];
  onChange?: (unitIds: string[]) => void;
  placeholder?: string;
}

/** Picks the departments to summon (any level); the server searches the units a street may summon by name. */
export function DepartmentsSelect({ id, value, onChange, placeholder }: DepartmentsSelectProps) {
  const [options, setOptions] = useState<SummonableUnit[]>([]);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(false);
  const known = useRef(new Map<string, SummonableUnit>());

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      setLoading(true);
      api
        .get<{ items: SummonableUnit[] }>('/api/whistles/units', { q: query, limit: 30 })
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

  const selected = (value ?? []).flatMap((unitId) => known.current.get(unitId) ?? []);
  const shown = [...selected.filter((unit) => !options.some((o) => o.id === unit.id)), ...options];
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      data-testid="whistle-departments"
      value={value}
      onChange={(next) => onChange?.(next)}
      placeholder={placeholder}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      onOpenChange={(open) => {
        if (!open) setQuery('');
      }}
      options={shown.map((unit) => ({ value: unit.id, label: unit.name }))}
    />
  );
}
