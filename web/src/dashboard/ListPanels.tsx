import { Empty, Skeleton, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { ClassTag, RankChange } from '../assessment/RankingTable.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { CountLink } from './CountLink.tsx';
import type { DashboardFeedItem, DashboardMapRow, DashboardPoints, DashboardRanking, DashboardWhistles } from './dashboardApi.ts';
import { formatClock, formatCount, formatRate, formatShortDateTime } from './format.ts';

const FEED_COLORS: Record<DashboardFeedItem['kind'], string> = {
  'case.created': 'blue',
  'case.overdue': 'red',
  'case.replied': 'green',
  'case.closed': 'cyan',
  whistle: 'magenta',
};

function feedHref(item: DashboardFeedItem): string | undefined {
  if (item.whistleId) return `/whistles/${item.whistleId}`;
  if (item.caseId) return `/cases/${item.caseId}`;
  return undefined;
}

/** New cases, whistles and overdue events, the newest first (live items arrive on top). */
export function FeedPanel({ items, loading, limit = 30 }: { items: DashboardFeedItem[]; loading: boolean; limit?: number }) {
  const t = useT();
  if (loading && items.length === 0) return <Skeleton active />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.feed.empty')} />;
  return (
    <ul className="gz-feed" data-testid="dash-feed">
      {items.slice(0, limit).map((item) => {
        const href = feedHref(item);
        const text = item.text || item.trackingCode || '';
        return (
          <li key={`${item.kind}|${item.caseId ?? item.whistleId}|${item.at}`} className="gz-feed-item">
            <span className="gz-feed-time">{formatClock(item.at)}</span>
            <Tag color={FEED_COLORS[item.kind]} className="gz-feed-kind">
              {t(`dash.feed.${item.kind}`)}
            </Tag>
            <span className="gz-feed-body">
              {href ? <Link to={href}>{text}</Link> : text}
              <span className="gz-feed-meta">{[item.region, item.category].filter(Boolean).join(' · ')}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The units below ranked this month, with their class (先进/进步/整改/治理). */
export function RankingPanel({ data, limit = 10 }: { data: DashboardRanking | undefined; limit?: number }) {
  const t = useT();
  if (!data) return <Skeleton active />;
  const items = data.items.slice(0, limit);
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.ranking.empty')} />;
  const columns: ColumnsType<DashboardRanking['items'][number]> = [
    { title: t('dash.ranking.rank'), dataIndex: 'rank', width: 56, align: 'center', render: (rank: number | null) => rank ?? '—' },
    { title: t('dash.ranking.name'), dataIndex: 'name', ellipsis: true },
    {
      title: t('dash.ranking.class'),
      dataIndex: 'class',
      width: 72,
      render: (value: DashboardRanking['items'][number]['class']) => <ClassTag value={value} />,
    },
    {
      title: t('dash.ranking.score'),
      dataIndex: 'score',
      width: 64,
      align: 'right',
      render: (score: number | null) => (score === null ? '—' : score.toFixed(1)),
    },
    {
      title: t('dash.ranking.satisfaction'),
      dataIndex: 'satisfaction',
      width: 80,
      align: 'right',
      render: (value: number | null) => formatRate(value),
    },
    { title: '', dataIndex: 'rankChange', width: 56, render: (change: number | null) => <RankChange change={change} /> },
  ];
  return (
    <Table
      className="gz-dash-table"
      data-testid="dash-ranking"
      rowKey="key"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={items}
    />
  );
}

const ARRIVAL_COLORS = { awaited: 'processing', on_time: 'success', late: 'warning', missed: 'error' } as const;

/** Whistles still open and, for each summoned department, whether it has arrived. */
export function WhistlesPanel({ data, limit = 6 }: { data: DashboardWhistles | undefined; limit?: number }) {
  const t = useT();
  if (!data) return <Skeleton active />;
  if (data.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.whistles.empty')} />;
  return (
    <ul className="gz-whistles" data-testid="dash-whistles">
      {data.items.slice(0, limit).map((whistle) => {
        const arrived = whistle.summons.filter((summons) => summons.arrival === 'on_time' || summons.arrival === 'late').length;
        return (
          <li key={whistle.id} className="gz-whistle">
            <div className="gz-whistle-head">
              <Link to={`/whistles/${whistle.id}`} className="gz-whistle-title">
                {whistle.problem}
              </Link>
              <span className="gz-whistle-arrived">{t('dash.whistles.arrived', { arrived, total: whistle.summons.length })}</span>
            </div>
            <div className="gz-whistle-meta">
              {[whistle.blowingUnit, whistle.regionName].filter(Boolean).join(' · ')} · {formatShortDateTime(whistle.blownAt)} ·{' '}
              {t('dash.whistles.arriveBy', { time: formatClock(whistle.arriveBy) })}
            </div>
            <div className="gz-whistle-summons">
              {whistle.summons.map((summons) => (
                <Tag key={summons.unitName} color={ARRIVAL_COLORS[summons.arrival]} className="gz-summons">
                  {summons.unitName} · {t(`dash.arrival.${summons.arrival}`)}
                  {summons.checkedInAt ? ` ${formatClock(summons.checkedInAt)}` : ''}
                </Tag>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The areas below as a table: the same figures as the map, each name drilling down, each count linked to its cases. */
export function ChildrenTable({
  rows,
  hrefFor,
  compact,
}: {
  rows: DashboardMapRow[];
  hrefFor: (code: string) => string;
  compact?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  const columns: ColumnsType<DashboardMapRow> = [
    {
      title: t('dash.children.name'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, row) => (
        <Link to={hrefFor(row.code)} data-testid={`child-${row.code}`}>
          {name}
        </Link>
      ),
    },
    {
      title: t('dash.children.open'),
      key: 'open',
      align: 'right',
      sorter: (a, b) => a.open.value - b.open.value,
      render: (_, row) => <CountLink count={row.open} />,
    },
    {
      title: t('dash.children.overdue'),
      key: 'overdue',
      align: 'right',
      sorter: (a, b) => a.overdue.value - b.overdue.value,
      render: (_, row) => <CountLink count={row.overdue} className={row.overdue.value > 0 ? 'gz-text-danger' : undefined} />,
    },
    {
      title: t('dash.children.received'),
      key: 'received',
      align: 'right',
      sorter: (a, b) => a.received.value - b.received.value,
      render: (_, row) => <CountLink count={row.received} />,
    },
    ...(compact
      ? []
      : [
          {
            title: t('dash.children.per10k'),
            key: 'per10k',
            align: 'right' as const,
            sorter: (a: DashboardMapRow, b: DashboardMapRow) => (a.receivedPer10k ?? -1) - (b.receivedPer10k ?? -1),
            render: (_: unknown, row: DashboardMapRow) => (row.receivedPer10k === null ? '—' : formatCount(row.receivedPer10k, lang)),
          },
        ]),
    {
      title: t('dash.children.satisfaction'),
      key: 'satisfaction',
      align: 'right',
      sorter: (a, b) => (a.satisfaction ?? -1) - (b.satisfaction ?? -1),
      render: (_, row) => formatRate(row.satisfaction),
    },
  ];
  return (
    <Table
      className="gz-dash-table"
      data-testid="dash-children"
      rowKey="code"
      size="small"
      pagination={rows.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
      columns={columns}
      dataSource={rows}
    />
  );
}

/** A grid's latest cases (where nothing lies below to list). */
export function RecentCases({ points }: { points: DashboardPoints | undefined }) {
  const t = useT();
  const { tDynamic } = useLang();
  if (!points) return <Skeleton active />;
  if (points.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.empty')} />;
  const columns: ColumnsType<DashboardPoints['items'][number]> = [
    { title: t('dash.recent.code'), dataIndex: 'trackingCode', render: (code: string, row) => <Link to={`/cases/${row.id}`}>{code}</Link> },
    {
      title: t('dash.recent.status'),
      dataIndex: 'status',
      render: (status: string, row) => (
        <>
          {tDynamic('caseStatus', status)}
          {row.overdue && (
            <Tag color="red" style={{ marginInlineStart: 6 }}>
              {t('dash.pointOverdue')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('dash.recent.at'), dataIndex: 'receivedAt', render: (at: string) => formatShortDateTime(at) },
  ];
  return (
    <Table
      className="gz-dash-table"
      data-testid="dash-recent"
      rowKey="id"
      size="small"
      pagination={points.items.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
      columns={columns}
      dataSource={points.items}
    />
  );
}
