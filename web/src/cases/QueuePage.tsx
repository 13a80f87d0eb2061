import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CaseActionType } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { ActionModal, pendingText } from './CaseActions.tsx';
import type { CaseSummary } from './caseApi.ts';
import { CaseTable } from './CaseTable.tsx';
import { useCaseDetails } from './useCaseDetails.ts';
import { usePagedCases } from './usePagedCases.ts';

type Tab = 'returned' | 'received' | 'extensions';

// Extension requests are not in the list summaries: the newest open cases of each status are read in full.

/** 派单台: cases returned by their unit (to rule on), cases no rule placed (to dispatch), extension requests. */
export function QueuePage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [tab, setTab] = useState<Tab>('returned');
  const returned = usePagedCases({ view: 'queue', status: 'returned', limit: 100 });
  // Cases no rule placed, and cases sent to their district by 区兜底 waiting for a confirmation or an override.
  const received = usePagedCases({ view: 'queue', limit: 100 });
  const waiting = received.items.filter((item) => item.status !== 'returned');
  const extensions = usePagedCases({ view: 'all', pending: 'extension', limit: 100 });
  const [acting, setActing] = useState<{ caseId: string; type: CaseActionType; categoryCode?: string } | null>(null);
  const details = useCaseDetails([...returned.items.map((item) => item.id), ...(acting ? [acting.caseId] : [])]);

  const refresh = () => {
    returned.reload();
    received.reload();
    extensions.reload();
  };
  useCaseChanges((changes) => {
    changes.forEach((change) => details.forget(change.caseId));
    refresh();
  });

  const actingOn = acting ? details.byId.get(acting.caseId) : undefined;

  const button = (item: CaseSummary, type: CaseActionType, testId: string, danger = false) => (
    <Button
      size="small"
      type={danger ? 'default' : 'primary'}
      danger={danger}
      onClick={() => setActing({ caseId: item.id, type, categoryCode: item.category?.code })}
      data-testid={testId}
    >
      {tDynamic('caseAction', type)}
    </Button>
  );
  const withLink = (item: CaseSummary, ...buttons: React.ReactNode[]) => (
    <Flex gap={8} wrap align="center">
      {buttons}
      <Link to={`/cases/${item.id}`}>{t('inbox.open')}</Link>
    </Flex>
  );
  const more = (list: { hasMore: boolean; more: () => void }) =>
    list.hasMore && (
      <Flex justify="center" style={{ marginTop: 16 }}>
        <Button onClick={list.more}>{t('common.loadMore')}</Button>
      </Flex>
    );
  const label = (text: string, count: number, color: string, testId: string) => (
    <span data-testid={testId}>
      {text} <Badge count={count} overflowCount={99} showZero color={color} />
    </span>
  );

  const error = returned.error ?? received.error;
  return (
    <div>
      <PageHeader
        title={t('queue.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh} loading={returned.loading || received.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      {error !== undefined && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        items={[
          {
            key: 'returned',
            label: label(t('queue.returned'), returned.items.length, '#cf1322', 'returned-tab'),
            children: (
              <>
                <CaseTable
                  data-testid="returned-table"
                  items={returned.items}
                  loading={returned.loading}
                  columns={['code', 'text', 'category', 'region', 'unit', 'due']}
                  below={(item) => {
                    const reason = details.byId.get(item.id)?.pendingReturn?.reason;
                    return (
                      reason && (
                        <Typography.Text type="danger" className="gz-return-reason" data-testid="return-reason">
                          {t('queue.returnedBy', { unit: item.leadUnit?.name ?? t('case.noUnit'), reason })}
                        </Typography.Text>
                      )
                    );
                  }}
                  actions={(item) => withLink(item, button(item, 'arbitrate_return', 'queue-arbitrate'))}
                />
                {more(returned)}
              </>
            ),
          },
          {
            key: 'received',
            label: label(t('queue.waiting'), waiting.length, '#1e5bb8', 'received-tab'),
            children: (
              <>
                <CaseTable
                  data-testid="received-table"
                  items={waiting}
                  loading={received.loading}
                  columns={['code', 'text', 'category', 'region', 'received', 'due']}
                  actions={(item) => withLink(item, button(item, 'dispatch', 'queue-dispatch'))}
                />
                {more(received)}
              </>
            ),
          },
          {
            key: 'extensions',
            label: label(t('queue.extensions'), extensions.items.length, '#d48806', 'extensions-tab'),
            children: (
              <CaseTable
                data-testid="extensions-table"
                items={extensions.items}
                loading={extensions.loading}
                columns={['code', 'text', 'unit', 'status', 'due']}
                below={(item) => {
                  const ext = item.pendingExtension;
                  return (
                    ext && (
                      <Typography.Text type="warning">
                        {t('action.pendingExtension', { days: ext.days, reason: ext.reason })}
                      </Typography.Text>
                    )
                  );
                }}
                actions={(item) =>
                  withLink(item, button(item, 'approve_extension', 'queue-approve'), button(item, 'reject_extension', 'queue-reject', true))
                }
              />
            ),
          },
        ]}
      />
      <ActionModal
        caseId={acting?.caseId ?? ''}
        version={actingOn?.version}
        type={acting?.type ?? null}
        pending={acting && actingOn ? pendingText(t, actingOn, acting.type) : undefined}
        categoryCode={acting?.categoryCode}
        onClose={() => setActing(null)}
        onDone={(next) => {
          if (acting) void message.success(t('action.done', { action: tDynamic('caseAction', acting.type) }));
          details.forget(next.id);
          setActing(null);
          refresh();
        }}
      />
    </div>
  );
}
