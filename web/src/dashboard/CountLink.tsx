import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useLang, useT } from '../i18n/index.tsx';
import { casesHref } from './dashboardApi.ts';
import type { DashboardCount } from './dashboardApi.ts';
import { formatChange, formatCount } from './format.ts';

/** A number and, when a list can show them, the link to the cases behind it. */
export function CountLink({
  count,
  children,
  className,
  testId,
}: {
  count: Pick<DashboardCount, 'cases'> & { value: number | null };
  /** What to show in place of the plain count (a rate, a formatted figure). */
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  const { lang } = useLang();
  const text = children ?? (count.value === null ? '—' : formatCount(count.value, lang));
  const href = casesHref(count.cases);
  if (!href) {
    return (
      <span className={className} data-testid={testId}>
        {text}
      </span>
    );
  }
  return (
    <Link to={href} className={`gz-count-link ${className ?? ''}`} data-testid={testId}>
      {text}
    </Link>
  );
}

/** Which way is better for a figure: more satisfied residents is good, more overdue cases is not. */
export type Better = 'up' | 'down' | 'neither';

/** The change against the previous period, coloured by whether it is good news. */
export function Change({ change, unit, better, compared }: { change: number | null; unit: '%' | 'pt'; better: Better; compared?: string }) {
  const t = useT();
  if (change === null) return <span className="gz-change gz-change-none">{t('dash.momNone')}</span>;
  const rounded = Math.round(change * 10) / 10;
  const direction = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
  const tone = direction === 'flat' || better === 'neither' ? 'neutral' : direction === better ? 'good' : 'bad';
  const icon = direction === 'up' ? <ArrowUpOutlined /> : direction === 'down' ? <ArrowDownOutlined /> : <MinusOutlined />;
  const body = (
    <span className={`gz-change gz-change-${tone}`}>
      {t('dash.mom')} {icon} {formatChange(rounded, unit)}
    </span>
  );
  return compared ? <Tooltip title={compared}>{body}</Tooltip> : body;
}
