import { App, Button, Card, Empty, Flex, Form, Input, List, Modal, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../auth/session.tsx';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import {
  addTalkItem,
  completeTalkItem,
  fetchTalks,
  generateTalks,
  lastMonth,
  recordTalk,
  scheduleTalk,
  type TalkView,
} from './assessmentApi.ts';
import { useAsync } from './useAsync.ts';

type Dialog =
  | { kind: 'schedule'; talk: TalkView }
  | { kind: 'record'; talk: TalkView }
  | { kind: 'item'; talk: TalkView }
  | { kind: 'done'; talk: TalkView; itemId: string };

const STATUS_COLORS = { listed: 'default', scheduled: 'blue', held: 'orange', closed: 'green' } as const;
const localTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—');
/** A datetime-local value (Beijing wall time) as an instant with its offset. */
const withOffset = (value: string) => `${value}:00+08:00`;

/** 约谈: the month's talk list; the superior schedules, records, attaches the rectification plan and follows it. */
export function TalksPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth();
  const talks = useAsync(period, () => fetchTalks(period));
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm<Record<string, string>>();
  const isAdmin = me.roles.some((r) => r.role === 'admin' && r.region.level === 'city');

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setDialog(null);
      form.resetFields();
      talks.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const submit = (values: Record<string, string>) => {
    if (!dialog) return;
    const id = dialog.talk.id;
    switch (dialog.kind) {
      case 'schedule':
        return run(() => scheduleTalk(id, withOffset(values.at!)));
      case 'record':
        return run(() => recordTalk(id, withOffset(values.at!), values.text!));
      case 'item':
        return run(() => addTalkItem(id, values.text!, values.owner!));
      case 'done':
        return run(() => completeTalkItem(id, dialog.itemId, values.text!));
    }
  };

  return (
    <div>
      <PageHeader
        title={t('talks.title')}
        extra={
          <Flex gap={8}>
            <Input
              type="month"
              value={period}
              onChange={(e) => e.target.value && setParams({ period: e.target.value }, { replace: true })}
              style={{ width: 170 }}
              aria-label={t('assessment.period')}
            />
            {isAdmin && (
              <Button
                onClick={() =>
                  void run(async () => {
                    const result = await generateTalks(period);
                    void message.success(t('talks.generated', { count: result.created }));
                  })
                }
              >
                {t('talks.generate')}
              </Button>
            )}
          </Flex>
        }
      />
      {!talks.data && talks.loading && <Spin />}
      {talks.data?.items.length === 0 && <Empty description={t('talks.empty')} />}
      <Flex vertical gap={12} data-testid="talks">
        {talks.data?.items.map((talk) => (
          <Card
            key={talk.id}
            size="small"
            title={
              <span>
                {talk.subjectName} <Tag color={STATUS_COLORS[talk.status]}>{tDynamic('talks.status', talk.status)}</Tag>
              </span>
            }
            extra={
              talk.allowed && (
                <Flex gap={8}>
                  {(talk.status === 'listed' || talk.status === 'scheduled') && (
                    <Button size="small" onClick={() => setDialog({ kind: 'schedule', talk })}>
                      {t('talks.schedule')}
                    </Button>
                  )}
                  {(talk.status === 'listed' || talk.status === 'scheduled') && (
                    <Button size="small" onClick={() => setDialog({ kind: 'record', talk })}>
                      {t('talks.recordAction')}
                    </Button>
                  )}
                  {talk.status !== 'closed' && (
                    <Button size="small" onClick={() => setDialog({ kind: 'item', talk })}>
                      {t('talks.addItem')}
                    </Button>
                  )}
                </Flex>
              )
            }
          >
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              {t('talks.reason')}：{talk.reason} · {t('talks.superior')}：{talk.superiorUnit?.name ?? '—'}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t('talks.scheduledAt')}：{localTime(talk.scheduledAt)} · {t('talks.heldAt')}：{localTime(talk.heldAt)}
            </Typography.Paragraph>
            {talk.record && (
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                {t('talks.record')}：{talk.record}
              </Typography.Paragraph>
            )}
            {talk.items.length > 0 && (
              <List
                size="small"
                header={t('talks.items')}
                dataSource={talk.items}
                renderItem={(item) => (
                  <List.Item
                    actions={
                      item.doneAt || !talk.allowed
                        ? []
                        : [
                            <a key="done" onClick={() => setDialog({ kind: 'done', talk, itemId: item.id })}>
                              {t('talks.done')}
                            </a>,
                          ]
                    }
                  >
                    {item.text} · {item.owner}{' '}
                    {item.doneAt ? <Tag color="green">{item.evidence}</Tag> : <Tag color="orange">{t('talks.open')}</Tag>}
                  </List.Item>
                )}
              />
            )}
          </Card>
        ))}
      </Flex>
      <Modal
        open={dialog !== null}
        title={
          dialog &&
          `${dialog.talk.subjectName} · ${t(dialog.kind === 'schedule' ? 'talks.schedule' : dialog.kind === 'record' ? 'talks.recordAction' : dialog.kind === 'item' ? 'talks.addItem' : 'talks.done')}`
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} preserve={false}>
          {(dialog?.kind === 'schedule' || dialog?.kind === 'record') && (
            <Form.Item name="at" label={t(dialog.kind === 'schedule' ? 'talks.scheduledAt' : 'talks.heldAt')} rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
          )}
          {dialog && dialog.kind !== 'schedule' && (
            <Form.Item
              name="text"
              label={t(dialog.kind === 'record' ? 'talks.record' : dialog.kind === 'item' ? 'talks.itemText' : 'talks.evidence')}
              rules={[{ required: true }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog?.kind === 'item' && (
            <Form.Item name="owner" label={t('talks.owner')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
