import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useLang, useT } from '../i18n/index.tsx';
import { definitionsFor, formatFigure, subjectKind, type AssessmentRow, type AssessmentUnits } from './assessmentApi.ts';

const CLASS_COLORS = { advanced: 'green', progress: 'blue', rectify: 'orange', govern: 'red' } as const;
const SHOWN = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'];
/** The whistle figures (吹哨报到) shown in a ranking, where they apply (a department's arrival and rating; a street's whistle rate). */
const WHISTLE_SHOWN = ['arrivalOnTimeRate', 'streetRating', 'whistleRate'];

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

/** A figure's value, linked to the cases it was counted from (a rating with its count of ratings). */
export function FigureLink({
  row,
  figureKey,
  ranking,
}: {
  row: AssessmentRow;
  figureKey: string;
  ranking: Pick<AssessmentUnits, 'definitions'>;
}) {
  const t = useT();
  const figure = row.figures.find((f) => f.key === figureKey);
  const definition = ranking.definitions.find((d) => d.key === figureKey);
  const text = formatFigure(definition, figure?.value ?? null);
  if (figure?.cases) return <Link to={`/cases?${figure.cases}`}>{text}</Link>;
  if (definition?.source === 'whistles' && figure?.value === null && row.kind === 'unit')
    return (
      <Tooltip title={t('assessment.notApplicable')}>
        <span data-testid={`figure-${figureKey}`}>{text}</span>
      </Tooltip>
    );
  const count = definition?.kind === 'rating' && figure?.denominator ? ` ${t('assessment.ratings', { count: figure.denominator })}` : '';
  return (
    <span data-testid={`figure-${figureKey}`}>
      {text}
      {count && <Typography.Text type="secondary">{count}</Typography.Text>}
    </span>
  );
}

/** A figure's name; a figure not in the score carries a mark saying so. */
export function FigureName({ definition }: { definition: AssessmentUnits['definitions'][number] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <span>
      {lang === 'en' ? definition.nameEn : definition.nameZh}
      {!definition.scored && (
        <>
          {' '}
          <Tooltip title={definition.key === 'whistleRate' ? t('assessment.whistleRateHint') : t('assessment.notScoredHint')}>
            <Tag bordered={false}>{t('assessment.notScored')}</Tag>
          </Tooltip>
        </>
      )}
    </span>
  );
}

/**
 * A ranking: rank, unit, score, change, the three rates and the on-time rate (each linked to its cases), the
 * whistle figures that apply (a department's on-time arrival and the streets' rating; a street's whistle rate), class.
 */
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
  const applicable = new Set(definitionsFor(ranking.definitions, subjectKind(ranking.level)).map((d) => d.key));
  const shown = [...SHOWN, ...WHISTLE_SHOWN.filter((key) => applicable.has(key))];
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
    ...shown.map((key) => {
      const definition = ranking.definitions.find((d) => d.key === key);
      return {
        title: definition ? <FigureName definition={definition} /> : key,
        key,
        width: 100,
        render: (_: unknown, row: AssessmentRow) => <FigureLink row={row} figureKey={key} ranking={ranking} />,
      };
    }),
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
