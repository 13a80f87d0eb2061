import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Segmented, Statistic } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMe } from '../auth/session.tsx';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { actOnCase } from './caseApi.ts';
import type { CaseSummary } from './caseApi.ts';
import { CaseTable } from './CaseTable.tsx';
import { usePagedCases } from './usePagedCases.ts';
import { OpenWhistles } from '../whistles/OpenWhistles.tsx';

type Filter = 'all' | 'overdue' | 'due_soon' | 'to_accept';

const MATCHES: Record<Filter, (item: CaseSummary) => boolean> = {
  all: () => true,
  overdue: (item) => item.dueState === 'overdue',
  due_soon: (item) => item.dueState === 'due_soon',
  to_accept: (item) => item.status === 'dispatched',
};

/** 待办工单: the open cases of the handler's units, nearest deadline first, kept current by live events. */
export function InboxPage() {
  const t = useT();
  const me = useMe();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const list = usePagedCases({ view: 'inbox', limit: 200 });
  const { reload } = list;
  useCaseChanges(reload);
  const [filter, setFilter] = useState<Filter>('all');
  const [accepting, setAccepting] = useState<string | null>(null);
  const myUnits = useMemo(() => new Set(me.roles.map((role) => role.unit.id)), [me]);

  const counts = useMemo(() => {
    const count = (f: Filter) => list.items.filter(MATCHES[f]).length;
    return { all: count('all'), overdue: count('overdue'), due_soon: count('due_soon'), to_accept: count('to_accept') };
  }, [list.items]);
  const more = list.hasMore ? '+' : '';

  const accept = async (item: CaseSummary) => {
    setAccepting(item.id);
    try {
      await actOnCase(item.id, { type: 'accept' });
      void message.success(t('action.done', { action: t('caseAction.accept') }));
      reload();
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setAccepting(null);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('inbox.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      <OpenWhistles />
      <div className="gz-stat-row" data-testid="inbox-counts">
        <Card size="small">
          <Statistic title={t('inbox.total')} value={`${counts.all}${more}`} />
        </Card>
        <Card size="small" className="gz-stat-overdue">
          <Statistic
            title={t('dueState.overdue')}
            value={counts.overdue}
            styles={{ content: { color: counts.overdue ? '#cf1322' : undefined } }}
          />
        </Card>
        <Card size="small" className="gz-stat-soon">
          <Statistic
            title={t('dueState.due_soon')}
            value={counts.due_soon}
            styles={{ content: { color: counts.due_soon ? '#d48806' : undefined } }}
          />
        </Card>
        <Card size="small">
          <Statistic title={t('inbox.toAccept')} value={counts.to_accept} />
        </Card>
      </div>
      <Flex className="gz-toolbar" gap={8} wrap>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'overdue', label: t('dueState.overdue') },
            { value: 'due_soon', label: t('dueState.due_soon') },
            { value: 'to_accept', label: t('inbox.toAccept') },
          ]}
        />
      </Flex>
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <CaseTable
        data-testid="inbox-table"
        items={list.items.filter(MATCHES[filter])}
        loading={list.loading}
        columns={['code', 'text', 'category', 'region', 'status', 'due']}
        actions={(item) => (
          <Flex gap={8}>
            {item.status === 'dispatched' && item.leadUnit && myUnits.has(item.leadUnit.id) && (
              <Button
                size="small"
                type="primary"
                loading={accepting === item.id}
                onClick={() => void accept(item)}
                data-testid="inbox-accept"
              >
                {t('caseAction.accept')}
              </Button>
            )}
            <Link to={`/cases/${item.id}`}>{t('inbox.open')}</Link>
          </Flex>
        )}
      />
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={list.more} loading={list.loading}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </div>
  );
}
