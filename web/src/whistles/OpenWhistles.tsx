import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, List, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { listWhistles } from './whistleApi.ts';

/** A department's open whistles, on top of its case inbox: 事不完、人不撤. Nothing when there are none. */
export function OpenWhistles() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const open = useApi('whistles:inbox', () => listWhistles({ status: 'open', mine: true, limit: 50 }));
  const { reload } = open;
  useCaseChanges(useCallback(() => reload(), [reload]));
  const items = open.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      className="gz-open-whistles"
      data-testid="open-whistles"
      title={
        <Flex align="center" gap={8}>
          <NotificationOutlined style={{ color: '#c8161e' }} />
          <span>{t('whistle.inboxTitle')}</span>
        </Flex>
      }
      extra={<Typography.Text type="secondary">{t('whistle.inboxHint')}</Typography.Text>}
      style={{ marginBottom: 16, borderColor: '#ffa39e' }}
    >
      <List
        size="small"
        dataSource={items}
        renderItem={(w) => (
          <List.Item
            extra={
              <Link to={`/whistles/${w.id}`} data-testid="open-whistle-link">
                {t('whistle.open')}
              </Link>
            }
          >
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Typography.Text strong ellipsis>
                {w.problem}
              </Typography.Text>
              <Typography.Text type="secondary">
                {w.blowingUnit.name} · {tDynamic('whistleReason', w.reason)} · {w.address ?? w.regionName ?? ''} · {t('whistle.dueAt')}{' '}
                {formatDateTime(w.dueAt).slice(5, 16)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {open.error !== undefined && <Alert type="error" showIcon title={errorText(open.error)} />}
    </Card>
  );
}
