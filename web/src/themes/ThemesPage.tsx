import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { FormModal } from '../components/FormModal.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { cityToday } from '../dashboard/period.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/index.tsx';
import { createTheme, fetchProposals, listThemes } from './themeApi.ts';
import type { ThemeCreate, ThemeProposal, ThemeReason, ThemeSummary } from './themeApi.ts';
import { ThemeStatusTag, percent } from './ThemeTags.tsx';

/** YYYY-MM shifted by n months. */
const shiftMonth = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + m - 1 + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/** One reason as the reader says it: "受理 412 件，居第 3 位", "满意率 61%，倒数第 1". */
export function reasonText(t: Translate, r: ThemeReason): string {
  const value = r.part === 'dissatisfaction' ? percent(r.value) : String(r.value);
  return t(`theme.reason.${r.part}`, { value, rank: r.rank, of: r.of });
}

type AdoptForm = Omit<ThemeCreate, 'month' | 'categoryCode'>;

/** 每月一题: the month's proposals with their figures and reasons (the city picks them: 立项), and the programmes. */
export function ThemesPage() {
  const t = useT();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const thisMonth = cityToday().slice(0, 7);
  const [month, setMonth] = useState(shiftMonth(thisMonth, -1));
  const [adopting, setAdopting] = useState<ThemeProposal | null>(null);
  const programmes = useApi('themes', listThemes);
  // The proposals are city-wide figures: for those who read the whole city's cases (the server says who).
  const readsCity = programmes.data?.mayReadProposals ?? false;
  const proposals = useApi(readsCity ? `theme-proposals:${month}` : null, () => fetchProposals(month));
  const mayCreate = programmes.data?.mayCreate ?? false;
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(thisMonth, -i));
  const weights = proposals.data
    ? Object.entries(proposals.data.weights)
        .map(([part, w]) => `${t(`theme.part.${part as ThemeReason['part']}`)} ${Math.round(w * 100)}`)
        .join(' · ')
    : '';

  return (
    <div>
      <PageHeader title={t('theme.title')} />
      {readsCity && (
        <Card
          title={t('theme.proposals', { month })}
          extra={
            <Select
              aria-label={t('theme.month')}
              data-testid="theme-month"
              value={month}
              onChange={setMonth}
              options={months.map((m) => ({ value: m, label: m }))}
              style={{ width: 120 }}
            />
          }
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph type="secondary">{t('theme.proposalsHint', { weights })}</Typography.Paragraph>
          {proposals.error !== undefined && <Alert type="error" showIcon title={errorText(proposals.error)} />}
          <Table<ThemeProposal>
            rowKey="categoryCode"
            size="middle"
            data-testid="theme-proposals"
            loading={proposals.loading}
            dataSource={proposals.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('theme.noProposals') }}
            scroll={{ x: 1000 }}
            columns={[
              { title: t('theme.rank'), dataIndex: 'rank', width: 60 },
              {
                title: t('theme.category'),
                dataIndex: 'categoryName',
                width: 170,
                render: (_, p) => (
                  <Flex vertical>
                    <Typography.Text strong>{p.categoryName}</Typography.Text>
                    <Typography.Text type="secondary">{p.parentName}</Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('theme.score'),
                dataIndex: 'score',
                width: 80,
                render: (_, p) => <Typography.Text strong>{p.score.toFixed(1)}</Typography.Text>,
              },
              { title: t('theme.volume'), dataIndex: ['figures', 'volume'], width: 80 },
              {
                title: t('theme.satisfaction'),
                dataIndex: ['figures', 'satisfactionRate'],
                width: 110,
                render: (_, p) =>
                  p.figures.satisfactionRate === null
                    ? '—'
                    : `${percent(p.figures.satisfactionRate)} (${p.figures.satisfied}/${p.figures.rated})`,
              },
              { title: t('theme.repeated'), dataIndex: ['figures', 'repeated'], width: 90 },
              { title: t('theme.streets'), dataIndex: ['figures', 'streets'], width: 90 },
              {
                title: t('theme.trend'),
                dataIndex: ['figures', 'trendPercent'],
                width: 100,
                render: (_, p) =>
                  p.figures.trendPercent === null ? '—' : `${p.figures.trendPercent > 0 ? '+' : ''}${p.figures.trendPercent}%`,
              },
              {
                title: t('theme.reasons'),
                dataIndex: 'reasons',
                render: (_, p) => (
                  <Flex gap={4} wrap data-testid="theme-reasons">
                    {p.reasons.map((r) => (
                      <Tag key={r.part} color={r.part === 'dissatisfaction' ? 'red' : r.part === 'volume' ? 'blue' : 'orange'}>
                        {reasonText(t, r)}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
              ...(mayCreate
                ? [
                    {
                      title: '',
                      key: 'adopt',
                      width: 90,
                      render: (_: unknown, p: ThemeProposal) => (
                        <Button type="primary" size="small" data-testid="theme-adopt" onClick={() => setAdopting(p)}>
                          {t('theme.adopt')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      <Card title={t('theme.programmes')}>
        {programmes.error !== undefined && <Alert type="error" showIcon title={errorText(programmes.error)} />}
        <Table<ThemeSummary>
          rowKey="id"
          size="middle"
          data-testid="theme-programmes"
          loading={programmes.loading}
          dataSource={programmes.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('theme.noProgrammes') }}
          columns={[
            { title: t('theme.status'), dataIndex: 'status', width: 90, render: (_, p) => <ThemeStatusTag status={p.status} /> },
            {
              title: t('theme.programmeTitle'),
              dataIndex: 'title',
              render: (_, p) => (
                <Link to={`/themes/${p.id}`} data-testid="theme-link">
                  {p.title}
                </Link>
              ),
            },
            { title: t('theme.category'), dataIndex: 'categoryName', width: 140 },
            { title: t('theme.baselineMonth'), dataIndex: 'month', width: 100 },
            { title: t('theme.lead'), dataIndex: 'leadUnit', width: 200, render: (_, p) => p.leadUnit.name },
            {
              title: t('theme.actionsCount'),
              key: 'actions',
              width: 190,
              render: (_, p) => (
                <span>
                  {p.actionsDone} / {p.actionsOpen} /{' '}
                  <Typography.Text type={p.actionsOverdue > 0 ? 'danger' : undefined}>{p.actionsOverdue}</Typography.Text>
                </span>
              ),
            },
            { title: t('theme.createdAt'), dataIndex: 'createdAt', width: 170, render: (_, p) => formatDateTime(p.createdAt) },
          ]}
        />
      </Card>
      <FormModal<AdoptForm>
        name="theme-adopt"
        open={adopting !== null}
        title={adopting ? t('theme.adoptTitle', { name: adopting.categoryName }) : ''}
        initial={adopting ? { title: `${adopting.categoryName}专项治理`, coUnitIds: [], targetReductionPercent: 30 } : undefined}
        okText={t('theme.adopt')}
        onClose={() => setAdopting(null)}
        onSubmit={async (values) => {
          const created = await createTheme({ ...values, month, categoryCode: adopting!.categoryCode });
          setAdopting(null);
          void navigate(`/themes/${created.id}`);
        }}
      >
        <Form.Item name="title" label={t('theme.programmeTitle')} rules={[{ required: true, min: 2, message: t('theme.required') }]}>
          <Input data-testid="theme-title" />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('theme.lead')} rules={[{ required: true, message: t('theme.required') }]}>
          <UnitSelect data-testid="theme-lead" />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('theme.coUnits')}>
          <UnitSelect<string[]> multiple data-testid="theme-co-units" />
        </Form.Item>
        <Form.Item name="target" label={t('theme.target')} rules={[{ required: true, min: 2, message: t('theme.required') }]}>
          <Input.TextArea rows={2} placeholder={t('theme.targetPlaceholder')} data-testid="theme-target" />
        </Form.Item>
        <Form.Item name="targetReductionPercent" label={t('theme.targetPercent')}>
          <InputNumber min={1} max={100} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
