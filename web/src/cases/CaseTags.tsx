import { Tag, Tooltip } from 'antd';
import type { CaseStatus, CaseUrgency } from '@gongzhi/contracts/vocabulary';
import { formatDateTime } from '../components/format.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/index.tsx';

export type DueState = 'none' | 'ok' | 'due_soon' | 'overdue';

const STATUS_COLORS: Record<CaseStatus, string> = {
  received: 'blue',
  returned: 'volcano',
  dispatched: 'geekblue',
  accepted: 'cyan',
  handling: 'processing',
  suspended: 'orange',
  replied: 'purple',
  closed: 'success',
  withdrawn: 'default',
  merged: 'default',
};

const DUE_COLORS: Record<DueState, string | undefined> = { none: undefined, ok: undefined, due_soon: 'gold', overdue: 'red' };

export function StatusTag({ status }: { status: CaseStatus }) {
  const { tDynamic } = useLang();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {tDynamic('caseStatus', status)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: CaseUrgency }) {
  const { tDynamic } = useLang();
  if (urgency === 'normal') return null;
  return (
    <Tag color={urgency === 'emergency' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
      {tDynamic('urgency', urgency)}
    </Tag>
  );
}

/** `2026-12-08 17:00`: deadlines need no seconds. */
export function formatMinute(value: string): string {
  return formatDateTime(value).slice(0, 16);
}

/** How long until (or since) the deadline, in the largest two units: 3天4小时, 2 h 5 min. */
export function timeLeft(t: Translate, dueAt: string, now = Date.now()): string {
  const minutes = Math.round(Math.abs(new Date(dueAt).getTime() - now) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const text =
    days > 0
      ? t('due.daysHours', { days, hours })
      : hours > 0
        ? t('due.hoursMinutes', { hours, minutes: minutes % 60 })
        : t('due.minutes', { minutes });
  return new Date(dueAt).getTime() < now ? t('due.overdueBy', { text }) : t('due.left', { text });
}

/** The deadline with its state: red when overdue, gold when due soon. */
export function DueTag({ dueState, dueAt }: { dueState: DueState; dueAt: string | null }) {
  const t = useT();
  const { tDynamic } = useLang();
  if (!dueAt) return <span className="gz-muted">{t('common.none')}</span>;
  // A case out of the unit's hands (replied, closed) keeps its deadline, without a state.
  if (dueState === 'none') return <Tag style={{ marginInlineEnd: 0 }}>{formatMinute(dueAt)}</Tag>;
  return (
    <Tooltip title={`${tDynamic('dueState', dueState)} · ${timeLeft(t, dueAt)}`}>
      <Tag color={DUE_COLORS[dueState]} data-testid="due-tag" data-due={dueState} style={{ marginInlineEnd: 0 }}>
        {formatMinute(dueAt)}
      </Tag>
    </Tooltip>
  );
}
