import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { formatDateTime } from '../components/format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { useCaseChanges } from './LiveEvents.tsx';

interface Notification {
  id: string;
  kind: string;
  text: string;
  caseId: string | null;
  whistleId: string | null;
  createdAt: string;
  read: boolean;
}

interface Inbox {
  unread: number;
  items: Notification[];
}

const POLL_MS = 60_000;

/** The bell in the header: unread count, the latest messages, read on click. */
export function NotificationBell() {
  const t = useT();
  const { tDynamic } = useLang();
  const navigate = useNavigate();
  const [generation, setGeneration] = useState(0);
  const [open, setOpen] = useState(false);
  const inbox = useApi(`notifications:${generation}`, () => api.get<Inbox>('/api/notifications', { limit: 20 }));
  // The last answer stays shown while the next loads.
  const [shown, setShown] = useState<Inbox | null>(null);
  useEffect(() => {
    if (inbox.data) setShown(inbox.data);
  }, [inbox.data]);
  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  useCaseChanges(refresh, undefined, 5_000);
  useEffect(() => {
    const timer = window.setInterval(refresh, POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  const markRead = async (ids: string[] | 'all') => {
    await api.post('/api/notifications/read', { ids }).catch(() => undefined);
    refresh();
  };

  const openItem = (item: Notification) => {
    if (!item.read) void markRead([item.id]);
    setOpen(false);
    if (item.whistleId) void navigate(`/whistles/${item.whistleId}`);
    else if (item.caseId) void navigate(`/cases/${item.caseId}`);
  };

  const unread = shown?.unread ?? 0;
  const content = (
    <div className="gz-notifications" data-testid="notifications">
      <Flex justify="space-between" align="center" className="gz-notifications-head">
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => void markRead('all')} data-testid="notifications-read-all">
          {t('notifications.readAll')}
        </Button>
      </Flex>
      {shown && shown.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={shown?.items ?? []}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              className={item.read ? 'gz-notification' : 'gz-notification gz-notification-unread'}
              onClick={() => openItem(item)}
            >
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text strong={!item.read}>{item.text}</Typography.Text>
                <Typography.Text type="secondary" className="gz-notification-meta">
                  {tDynamic('caseEvent', item.kind.replace(/^case\./, ''))} · {formatDateTime(item.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) refresh();
      }}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <Button type="text" icon={<BellOutlined />} aria-label={t('notifications.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
