import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useLang, useT } from '../i18n/index.tsx';
import { formatFigure, type AssessmentRow, type AssessmentUnits } from './assessmentApi.ts';

const CLASS_COLORS = { advanced: 'green', progress: 'blue', rectify: 'orange', govern: 'red' } as const;
const SHOWN = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'];

export function ClassTag({ value }: { value: AssessmentRow['class'] }) {
  const { tDynamic } = useLang();
  return value ? (
    <Tag color={CLASS_COLORS[value]} data-testid={`class-${value}`}>
      {tDynamic('assessment.class', value)}
    </Tag>
  ) : null;
}

export function RankChange({ change }: { change: number | null }) {
  if (change === null || change === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return change > 0 ? (
    <Typography.Text type="success">
      <ArrowUpOutlined /> {change}
    </Typography.Text>
  ) : (
    <Typography.Text type="danger">
      <ArrowDownOutlined /> {-change}
    </Typography.Text>
  );
}

/** A figure's value, linked to the cases it was counted from. */
export function FigureLink({
  row,
  figureKey,
  ranking,
}: {
  row: AssessmentRow;
  figureKey: string;
  ranking: Pick<AssessmentUnits, 'definitions'>;
}) {
  const figure = row.figures.find((f) => f.key === figureKey);
  const text = formatFigure(
    ranking.definitions.find((d) => d.key === figureKey),
    figure?.value ?? null,
  );
  return figure?.cases ? <Link to={`/cases?${figure.cases}`}>{text}</Link> : <span>{text}</span>;
}

/** A ranking: rank, unit, score, change, the three rates and the on-time rate (each linked to its cases), class. */
export function RankingTable({
  ranking,
  minRated,
  onOpen,
}: {
  ranking: AssessmentUnits;
  minRated?: number;
  onOpen?: (row: AssessmentRow) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const columns: ColumnsType<AssessmentRow> = [
    { title: t('assessment.rank'), dataIndex: 'rank', width: 70, render: (rank: number | null) => rank ?? '—' },
    {
      title: t('assessment.name'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <span>
          {onOpen ? <a onClick={() => onOpen(row)}>{name}</a> : name}{' '}
          {row.insufficient && (
            <Tooltip title={t('assessment.insufficientHint', { min: minRated ?? '' })}>
              <Tag data-testid="insufficient">{t('assessment.insufficient')}</Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    {
      title: t('assessment.score'),
      dataIndex: 'score',
      width: 100,
      render: (score: number | null) => (score === null ? '—' : score.toFixed(2)),
    },
    {
      title: t('assessment.change'),
      dataIndex: 'rankChange',
      width: 90,
      render: (change: number | null) => <RankChange change={change} />,
    },
    ...SHOWN.map((key) => ({
      title:
        (lang === 'en' ? ranking.definitions.find((d) => d.key === key)?.nameEn : ranking.definitions.find((d) => d.key === key)?.nameZh) ??
        key,
      key,
      width: 100,
      render: (_: unknown, row: AssessmentRow) => <FigureLink row={row} figureKey={key} ranking={ranking} />,
    })),
    { title: t('assessment.rated'), key: 'rated', width: 90, render: (_: unknown, row: AssessmentRow) => row.counts.rated ?? 0 },
    { title: t('assessment.class'), dataIndex: 'class', width: 80, render: (value: AssessmentRow['class']) => <ClassTag value={value} /> },
  ];
  return (
    <Table<AssessmentRow>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={ranking.rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
    />
  );
}
