import { Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../components/format.ts';
import { useT } from '../i18n/index.tsx';
import type { CaseSummary } from './caseApi.ts';
import { DueTag, StatusTag, UrgencyTag } from './CaseTags.tsx';

export type CaseColumn = 'code' | 'text' | 'category' | 'region' | 'status' | 'unit' | 'received' | 'due';

const ALL_COLUMNS: readonly CaseColumn[] = ['code', 'text', 'category', 'region', 'status', 'unit', 'received', 'due'];

interface CaseTableProps {
  items: CaseSummary[];
  loading?: boolean;
  columns?: readonly CaseColumn[];
  /** Extra content under the text (a return reason, a reply). */
  below?: (item: CaseSummary) => ReactNode;
  /** A last column of buttons. */
  actions?: (item: CaseSummary) => ReactNode;
  'data-testid'?: string;
}

/** The cases of a list, coloured by their deadline: overdue rows red, due-soon rows gold. */
export function CaseTable({ items, loading, columns = ALL_COLUMNS, below, actions, 'data-testid': testId }: CaseTableProps) {
  const t = useT();
  const all: Record<CaseColumn, TableColumnsType<CaseSummary>[number]> = {
    code: {
      title: t('case.trackingCode'),
      key: 'code',
      width: 130,
      render: (_, item) => (
        <Flex vertical gap={2} align="start">
          <Link to={`/cases/${item.id}`} className="gz-mono" data-testid="case-link">
            {item.trackingCode}
          </Link>
          <UrgencyTag urgency={item.urgency} />
        </Flex>
      ),
    },
    text: {
      title: t('case.text'),
      key: 'text',
      render: (_, item) => (
        <>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: item.text }} style={{ margin: 0 }}>
            {item.text}
          </Typography.Paragraph>
          {item.supporters > 0 && <Typography.Text type="secondary">{t('case.supporters', { count: item.supporters })}</Typography.Text>}
          {below?.(item)}
        </>
      ),
    },
    category: {
      title: t('case.category'),
      key: 'category',
      width: 130,
      render: (_, item) => item.category?.name ?? t('case.unclassified'),
    },
    region: { title: t('case.region'), key: 'region', width: 110, render: (_, item) => item.regionName ?? t('common.none') },
    status: { title: t('case.status'), key: 'status', width: 110, render: (_, item) => <StatusTag status={item.status} /> },
    unit: { title: t('case.leadUnit'), key: 'unit', width: 170, render: (_, item) => item.leadUnit?.name ?? t('case.noUnit') },
    received: { title: t('case.receivedAt'), key: 'received', width: 165, render: (_, item) => formatDateTime(item.receivedAt) },
    due: { title: t('case.dueAt'), key: 'due', width: 150, render: (_, item) => <DueTag dueState={item.dueState} dueAt={item.dueAt} /> },
  };
  const shown = columns.map((column) => all[column]);
  if (actions) shown.push({ title: t('common.actions'), key: 'actions', width: 190, render: (_, item) => actions(item) });
  return (
    <Table<CaseSummary>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      columns={shown}
      pagination={false}
      rowClassName={(item) => `gz-due-${item.dueState}`}
      scroll={{ x: 900 }}
    />
  );
}
