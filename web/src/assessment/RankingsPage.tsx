import { Alert, Flex, Input, Segmented, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/index.tsx';
import { fetchUnits, lastMonth, type AssessmentRow } from './assessmentApi.ts';
import { RankingTable } from './RankingTable.tsx';
import { UnitDetail } from './UnitDetail.tsx';
import { useAsync } from './useAsync.ts';

type Level = 'street' | 'department';

/** 考核排名: the month's ranking of streets or departments in the user's territory, with classes and changes. */
export function RankingsPage() {
  const t = useT();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth();
  const level: Level = params.get('level') === 'department' ? 'department' : 'street';
  const region = params.get('region') ?? undefined;
  const [open, setOpen] = useState<AssessmentRow | null>(null);
  const result = useAsync(`${period}|${level}|${region ?? ''}`, () => fetchUnits(period, level, region));
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const ranking = result.data;
  return (
    <div>
      <PageHeader
        title={t('assessment.title')}
        extra={<Link to={`/assessment/bulletin?period=${period}${region ? `&region=${region}` : ''}`}>{t('nav.bulletin')}</Link>}
      />
      <Flex className="gz-toolbar" gap={12} wrap align="center">
        <Segmented<Level>
          value={level}
          onChange={(value) => set('level', value)}
          options={[
            { value: 'street', label: t('assessment.level.street') },
            { value: 'department', label: t('assessment.level.department') },
          ]}
          data-testid="level-switch"
        />
        <Input
          type="month"
          value={period}
          onChange={(e) => e.target.value && set('period', e.target.value)}
          style={{ width: 170 }}
          aria-label={t('assessment.period')}
          data-testid="period"
        />
        {ranking?.region && <Typography.Text type="secondary">{ranking.region.name}</Typography.Text>}
        {ranking && (
          <Typography.Text type="secondary" data-testid="ranked">
            {t('assessment.ranked', { ranked: ranking.ranked, total: ranking.rows.length })}
          </Typography.Text>
        )}
      </Flex>
      {result.error !== undefined && <Alert type="error" showIcon title={errorText(result.error)} style={{ marginBottom: 16 }} />}
      {!ranking && result.loading && <Spin />}
      {ranking && (
        <div data-testid="ranking">
          <RankingTable ranking={ranking} onOpen={setOpen} />
          <UnitDetail row={open} ranking={ranking} onClose={() => setOpen(null)} />
        </div>
      )}
    </div>
  );
}
