import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Spin } from 'antd';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { CallbackCard } from './CallbackCard.tsx';
import { useCaseDetails } from './useCaseDetails.ts';
import { usePagedCases } from './usePagedCases.ts';

/** 回访: replied cases, oldest reply first; the operator calls the resident and records the three answers. */
export function CallbacksPage() {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const list = usePagedCases({ view: 'callbacks', limit: 20 });
  const ids = list.items.map((item) => item.id);
  // The reply and the reporter are in the case itself, not in the list.
  const details = useCaseDetails(ids);
  const { reload } = list;
  useCaseChanges((changes) => {
    changes.forEach((change) => details.forget(change.caseId));
    reload();
  });

  const cases = ids.flatMap((id) => {
    const theCase = details.byId.get(id);
    return theCase?.status === 'replied' ? [theCase] : [];
  });
  return (
    <div>
      <PageHeader
        title={t('callbacks.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      {cases.length === 0 && ids.length > 0 && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {!list.loading && ids.length === 0 && <Empty description={t('callbacks.empty')} />}
      <Flex vertical gap={16} data-testid="callbacks-list">
        {cases.map((theCase) => (
          <CallbackCard
            key={theCase.id}
            theCase={theCase}
            onDone={(next) => {
              void message.success(t('callbacks.recorded', { code: next.trackingCode, status: t(`caseStatus.${next.status}`) }));
              details.forget(next.id);
              reload();
            }}
          />
        ))}
      </Flex>
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={list.more}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}
