import { Alert, Card, Empty, Flex, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { listCallerFlags, listCases } from './caseApi.ts';
import type { CallerFlagView } from '@gongzhi/contracts';
import { formatMinute, StatusTag } from './CaseTags.tsx';

const SHOWN = 5;

/** The caller's earlier cases, looked up by the number the operator typed (a repeat caller, a case in progress). */
export function CallerHistory({ phone }: { phone: string | undefined }) {
  const t = useT();
  const errorText = useErrorText();
  const history = useApi(phone ? `caller:${phone}` : null, () => listCases({ view: 'all', phone, limit: SHOWN }));
  const flags = useApi(phone ? `caller-flags:${phone}` : null, () => listCallerFlags(phone!));
  if (!phone) return null;
  const items = history.data?.items ?? [];
  const flag = flags.data?.items[0];
  return (
    <Card size="small" title={t('intake.history', { phone })} loading={history.loading} data-testid="caller-history" className="gz-history">
      {flag && <CallerFlagAlert flag={flag} />}
      {history.error !== undefined && <Alert type="warning" showIcon title={errorText(history.error)} />}
      {history.data && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noHistory')} />}
      {items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                <Flex gap={8} align="center" wrap>
                  <Link to={`/cases/${item.id}`} target="_blank" className="gz-mono">
                    {item.trackingCode}
                  </Link>
                  <StatusTag status={item.status} />
                  <Typography.Text type="secondary">{formatMinute(item.receivedAt)}</Typography.Text>
                </Flex>
                <Typography.Text ellipsis={{ tooltip: item.text }}>{item.text}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {history.data?.nextCursor && <Typography.Text type="secondary">{t('intake.historyMore', { count: SHOWN })}</Typography.Text>}
    </Card>
  );
}

/** The number is flagged (恶意来电, 重复来电): the operator still takes the case in, knowing it. */
function CallerFlagAlert({ flag }: { flag: CallerFlagView }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="caller-flag"
      style={{ marginBottom: 8 }}
      title={t('caller.flagTitle')}
      description={
        <>
          <div>
            {t('caller.flagDetail', {
              reason: t(`caller.reason.${flag.reason}` as const),
              marks: flag.markCount,
              cases: flag.caseCount,
              since: formatMinute(flag.since),
            })}
          </div>
          <Typography.Text type="secondary">{t('caller.stillTakeIn')}</Typography.Text>
        </>
      }
    />
  );
}
