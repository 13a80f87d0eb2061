import { Descriptions, Drawer, Table } from 'antd';
import { useLang, useT } from '../i18n/index.tsx';
import { definitionsFor, type AssessmentRow, type AssessmentUnits, type FigureDefinition } from './assessmentApi.ts';
import { ClassTag, FigureLink, FigureName, RankChange } from './RankingTable.tsx';

/** One unit's figures in a period (with the whistle figures that apply to it): value, numerator / denominator, the definition, the cases behind it. */
export function UnitDetail({ row, ranking, onClose }: { row: AssessmentRow | null; ranking: AssessmentUnits; onClose: () => void }) {
  const t = useT();
  const { lang } = useLang();
  if (!row) return null;
  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={t('assessment.detail', { name: row.name, period: ranking.period.key })}
      data-testid="unit-detail"
    >
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('assessment.rank')}>{row.rank ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.score')}>{row.score?.toFixed(2) ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.previousRank')}>{row.previousRank ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.change')}>
          <RankChange change={row.rankChange} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assessment.class')}>
          <ClassTag value={row.class} />
        </Descriptions.Item>
      </Descriptions>
      <Table<FigureDefinition>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={definitionsFor(ranking.definitions, row.kind)}
        columns={[
          { title: t('assessment.figure'), key: 'name', render: (_, d) => <FigureName definition={d} /> },
          { title: t('assessment.value'), key: 'value', render: (_, d) => <FigureLink row={row} figureKey={d.key} ranking={ranking} /> },
          {
            title: t('assessment.counted'),
            key: 'counted',
            render: (_, d) => {
              const f = row.figures.find((x) => x.key === d.key);
              return f?.denominator === null || f === undefined ? '' : `${Math.round((f.numerator ?? 0) * 10) / 10} / ${f.denominator}`;
            },
          },
          { title: t('assessment.formula'), key: 'formula', render: (_, d) => (lang === 'en' ? d.formula : d.formulaZh) },
        ]}
      />
    </Drawer>
  );
}
