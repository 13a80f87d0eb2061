import { Tag } from 'antd';
import { useT } from '../i18n/index.tsx';
import type { ThemeAction, ThemeSummary } from './themeApi.ts';

/** 0.613 → "61.3%". */
export const percent = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

export function ThemeStatusTag({ status }: { status: ThemeSummary['status'] }) {
  const t = useT();
  return (
    <Tag color={status === 'active' ? 'blue' : 'default'} data-testid="theme-status" data-status={status}>
      {t(`theme.status.${status}`)}
    </Tag>
  );
}

const ACTION_COLORS = { open: 'processing', done: 'success', overdue: 'error' } as const;

export function ActionStatusTag({ status }: { status: ThemeAction['status'] }) {
  const t = useT();
  return (
    <Tag color={ACTION_COLORS[status]} data-testid="theme-action-status" data-status={status}>
      {t(`theme.action.${status}`)}
    </Tag>
  );
}
