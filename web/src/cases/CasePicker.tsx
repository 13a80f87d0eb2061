import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { listCases } from './caseApi.ts';
import type { CaseSummary } from './caseApi.ts';

interface CasePickerProps {
  id?: string;
  value?: string;
  onChange?: (caseId: string | undefined) => void;
  /** The case being merged: never offered as its own target. */
  excludeId: string;
  placeholder?: string;
}

const OPEN: readonly string[] = ['received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended', 'replied'];

/** Finds an open case by tracking code or text, to merge a duplicate into it. */
export function CasePicker({ id, value, onChange, excludeId, placeholder }: CasePickerProps) {
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<CaseSummary[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      setLoading(true);
      listCases({ view: 'all', q: query.trim() || undefined, limit: 20 })
        .then((page) => current && setOptions(page.items.filter((item) => item.id !== excludeId && OPEN.includes(item.status))))
        .catch(() => current && setOptions([]))
        .finally(() => current && setLoading(false));
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [query, excludeId]);

  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(next) => onChange?.(next)}
      placeholder={placeholder}
      loading={loading}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      options={options.map((item) => ({ value: item.id, label: `${item.trackingCode} · ${item.text.slice(0, 40)}` }))}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
