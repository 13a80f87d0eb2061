import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Spin,
  Statistic,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { FormModal } from '../components/FormModal.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EChart } from '../dashboard/EChart.tsx';
import type { ChartOption } from '../dashboard/EChart.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/index.tsx';
import { addThemeAction, closeTheme, fetchTheme, markThemeActionDone } from './themeApi.ts';
import type { ThemeAction, ThemeView } from './themeApi.ts';
import { ActionStatusTag, ThemeStatusTag } from './ThemeTags.tsx';

const PHASE_COLORS = { before: '#8c8c8c', month: '#fa8c16', after: '#1677ff' } as const;

/** Bars of the category's cases per month: grey before, orange the problem month, blue after (the current month lighter). */
function effectOption(t: Translate, theme: ThemeView): ChartOption {
  const months = theme.effect.months;
  return {
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    legend: { bottom: 0, data: [t('theme.before'), t('theme.monthPhase'), t('theme.after')] },
    series: (['before', 'month', 'after'] as const).map((phase) => ({
      name: t(phase === 'month' ? 'theme.monthPhase' : `theme.${phase}`),
      type: 'bar' as const,
      stack: 'cases',
      itemStyle: { color: PHASE_COLORS[phase] },
      label: { show: true, position: 'top' as const },
      data: months.map((m) => (m.phase === phase ? { value: m.cases, itemStyle: { opacity: m.partial ? 0.45 : 1 } } : null)),
    })),
  };
}

interface ActionForm {
  title: string;
  ownerUnitId: string;
  kind: 'days' | 'date';
  workingDays?: number;
  dueDate?: { format: (f: string) => string };
}

/** One programme: what it aims at, its actions and deadlines, the cases per month before and after, its history. */
export function ThemeDetailPage() {
  const t = useT();
  const { lang } = useLang();
  const errorText = useErrorText();
  const id = useParams().id ?? '';
  const loaded = useApi(`theme:${id}`, () => fetchTheme(id));
  const [changed, setChanged] = useState<ThemeView | null>(null);
  const theme = changed?.id === id ? changed : loaded.data;
  const [modal, setModal] = useState<'action' | 'close' | ThemeAction | null>(null);
  const [kind, setKind] = useState<'days' | 'date'>('days');
  const option = useMemo(() => (theme ? effectOption(t, theme) : null), [t, theme]);

  if (loaded.error !== undefined && !theme) return <Alert type="error" showIcon title={errorText(loaded.error)} />;
  if (!theme || !option)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  const units = [theme.leadUnit, ...theme.coUnits];
  const { effect } = theme;
  const done = (view: ThemeView) => {
    setChanged(view);
    setModal(null);
  };

  return (
    <div>
      <PageHeader
        title={
          <Flex gap={8} align="center">
            <ThemeStatusTag status={theme.status} />
            <span data-testid="theme-heading">{theme.title}</span>
          </Flex>
        }
        extra={
          <Flex gap={8}>
            {theme.mayAddAction && (
              <Button type="primary" data-testid="theme-add-action" onClick={() => setModal('action')}>
                {t('theme.addAction')}
              </Button>
            )}
            {theme.mayClose && (
              <Button data-testid="theme-close" onClick={() => setModal('close')}>
                {t('theme.close')}
              </Button>
            )}
          </Flex>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('theme.category')}>
            {theme.categoryName} ({theme.categoryCode})
          </Descriptions.Item>
          <Descriptions.Item label={t('theme.baselineMonth')}>{theme.month}</Descriptions.Item>
          <Descriptions.Item label={t('theme.streets')}>{theme.streets}</Descriptions.Item>
          <Descriptions.Item label={t('theme.lead')}>{theme.leadUnit.name}</Descriptions.Item>
          <Descriptions.Item label={t('theme.coUnits')}>{theme.coUnits.map((u) => u.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('theme.createdBy')}>
            {theme.createdBy ?? '—'} · {formatDateTime(theme.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('theme.target')} span={3}>
            {theme.target}
            {theme.targetReductionPercent !== null && ` (−${theme.targetReductionPercent}%)`}
          </Descriptions.Item>
          {theme.summary && (
            <Descriptions.Item label={t('theme.summary')} span={3}>
              {theme.summary}
              {theme.closeReason && ` — ${theme.closeReason}`}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={t('theme.effect')} style={{ marginBottom: 16 }}>
            <Flex gap={32} style={{ marginBottom: 8 }} data-testid="theme-effect">
              <Statistic title={t('theme.beforeMean')} value={effect.beforeMean ?? '—'} />
              <Statistic title={t('theme.afterMean')} value={effect.afterMean ?? '—'} />
              <Statistic
                title={t('theme.change')}
                value={effect.changePercent === null ? '—' : `${effect.changePercent > 0 ? '+' : ''}${effect.changePercent}%`}
                valueStyle={{ color: effect.changePercent === null ? undefined : effect.changePercent <= 0 ? '#389e0d' : '#cf1322' }}
              />
            </Flex>
            <div style={{ height: 280 }}>
              <EChart
                key={lang}
                option={option}
                theme="light"
                label={t('theme.effectChart')}
                data-testid="theme-effect-chart"
                className="gz-theme-chart"
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('theme.timeline')} style={{ marginBottom: 16 }}>
            <Timeline
              items={theme.timeline.map((e) => ({
                key: e.seq,
                color: e.type === 'theme.action_overdue' ? 'red' : e.type === 'theme.action_done' ? 'green' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{t(`theme.event.${e.type}` as Parameters<Translate>[0])}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {formatDateTime(e.at).slice(0, 16)} {e.actorName ?? ''}
                    </Typography.Text>
                    {typeof e.data.title === 'string' && <div>{e.data.title}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('theme.actions')}>
        <Table<ThemeAction>
          rowKey="id"
          size="middle"
          data-testid="theme-actions"
          dataSource={theme.actions}
          pagination={false}
          locale={{ emptyText: t('theme.noActions') }}
          rowClassName={(a) => (a.status === 'overdue' ? 'gz-row-overdue' : '')}
          columns={[
            { title: t('theme.status'), dataIndex: 'status', width: 100, render: (_, a) => <ActionStatusTag status={a.status} /> },
            { title: t('theme.actionTitle'), dataIndex: 'title' },
            { title: t('theme.owner'), dataIndex: 'owner', width: 200, render: (_, a) => a.owner.name },
            {
              title: t('theme.dueAt'),
              dataIndex: 'dueAt',
              width: 170,
              render: (_, a) => (
                <Typography.Text type={a.status === 'overdue' ? 'danger' : undefined}>
                  {formatDateTime(a.dueAt).slice(0, 16)}
                </Typography.Text>
              ),
            },
            { title: t('theme.note'), dataIndex: 'note', width: 220, render: (_, a) => a.note ?? '' },
            {
              title: '',
              key: 'done',
              width: 110,
              render: (_, a) =>
                a.mayMarkDone && (
                  <Button size="small" data-testid="theme-mark-done" onClick={() => setModal(a)}>
                    {t('theme.markDone')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <FormModal<ActionForm>
        name="theme-action"
        open={modal === 'action'}
        title={t('theme.addAction')}
        initial={{ ownerUnitId: theme.leadUnit.id, kind: 'days', workingDays: 10 }}
        onClose={() => setModal(null)}
        onSubmit={async ({ title, ownerUnitId, workingDays, dueDate }) =>
          done(
            await addThemeAction(theme.id, {
              title,
              ownerUnitId,
              ...(kind === 'days' ? { workingDays } : { dueDate: dueDate?.format('YYYY-MM-DD') }),
            }),
          )
        }
      >
        <Form.Item name="title" label={t('theme.actionTitle')} rules={[{ required: true, min: 2, message: t('theme.required') }]}>
          <Input data-testid="theme-action-title" />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={t('theme.owner')} rules={[{ required: true, message: t('theme.required') }]}>
          <Select options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item label={t('theme.deadlineKind')}>
          <Segmented<'days' | 'date'>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'days', label: t('theme.workingDays') },
              { value: 'date', label: t('theme.dueDate') },
            ]}
          />
        </Form.Item>
        {kind === 'days' ? (
          <Form.Item name="workingDays" label={t('theme.workingDays')} rules={[{ required: true, message: t('theme.required') }]}>
            <InputNumber min={1} max={250} data-testid="theme-action-days" />
          </Form.Item>
        ) : (
          <Form.Item name="dueDate" label={t('theme.dueDate')} rules={[{ required: true, message: t('theme.required') }]}>
            <DatePicker />
          </Form.Item>
        )}
      </FormModal>
      <FormModal<{ note: string }>
        name="theme-done"
        open={typeof modal === 'object' && modal !== null}
        title={typeof modal === 'object' && modal !== null ? `${t('theme.markDone')}：${modal.title}` : ''}
        onClose={() => setModal(null)}
        onSubmit={async ({ note }) => {
          if (typeof modal === 'object' && modal !== null) done(await markThemeActionDone(theme.id, modal.id, note));
        }}
      >
        <Form.Item name="note" label={t('theme.note')} rules={[{ required: true, min: 2, message: t('theme.required') }]}>
          <Input.TextArea rows={3} data-testid="theme-done-note" />
        </Form.Item>
      </FormModal>
      <FormModal<{ summary: string; reason?: string }>
        name="theme-close"
        open={modal === 'close'}
        title={t('theme.close')}
        okText={t('theme.close')}
        onClose={() => setModal(null)}
        onSubmit={async ({ summary, reason }) => done(await closeTheme(theme.id, { summary, ...(reason ? { reason } : {}) }))}
      >
        <Form.Item name="summary" label={t('theme.summary')} rules={[{ required: true, min: 2, message: t('theme.required') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="reason" label={t('theme.closeReason')} extra={t('theme.closeReasonHint')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
