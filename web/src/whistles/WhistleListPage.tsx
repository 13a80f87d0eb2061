import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Segmented, Table, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { hasAbility, useMe } from '../auth/session.tsx';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import type { Me } from '../types.ts';
import { listWhistles } from './whistleApi.ts';
import type { WhistleSummary } from './whistleApi.ts';
import { WhistleStatusTag } from './WhistleTags.tsx';

type Filter = 'open' | 'all';

const BLOWERS = new Set(['secretary', 'leader', 'admin']);

/** Whistles are blown by a street's or community's secretary or leader (the server decides; this hides a button it would refuse). */
const mayBlow = (me: Me) =>
  hasAbility(me, 'whistle.blow') &&
  me.roles.some((r) => BLOWERS.has(r.role) && (r.region.level === 'street' || r.region.level === 'community'));

/** The whistles this user may read, open ones first; the street blows new ones from here. */
export function WhistleListPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const me = useMe();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>('open');
  const list = useApi(`whistles:${filter}`, () => listWhistles({ limit: 200, ...(filter === 'open' ? { status: 'open' } : {}) }));
  const { reload } = list;
  useCaseChanges(useCallback(() => reload(), [reload]));

  return (
    <div>
      <PageHeader
        title={t('whistle.listTitle')}
        extra={
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} onClick={reload} loading={list.loading}>
              {t('common.refresh')}
            </Button>
            {mayBlow(me) && (
              <Link to="/whistles/new">
                <Button type="primary" danger icon={<PlusOutlined />} data-testid="whistle-new">
                  {t('whistle.blow')}
                </Button>
              </Link>
            )}
          </Flex>
        }
      />
      <Flex className="gz-toolbar" gap={8}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'open', label: t('whistle.onlyOpen') },
            { value: 'all', label: t('common.all') },
          ]}
        />
      </Flex>
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <Table<WhistleSummary>
        rowKey="id"
        size="middle"
        data-testid="whistle-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('whistle.empty') }}
        columns={[
          { title: t('whistle.status'), dataIndex: 'status', width: 90, render: (_, w) => <WhistleStatusTag status={w.status} /> },
          {
            title: t('whistle.problem'),
            dataIndex: 'problem',
            render: (_, w) => (
              <Link to={`/whistles/${w.id}`} data-testid="whistle-link">
                {w.problem}
              </Link>
            ),
          },
          { title: t('whistle.reason'), dataIndex: 'reason', width: 170, render: (_, w) => tDynamic('whistleReason', w.reason) },
          {
            title: t('whistle.address'),
            dataIndex: 'address',
            width: 200,
            render: (_, w) => w.address ?? w.regionName ?? t('common.none'),
          },
          { title: t('whistle.blowingUnit'), dataIndex: 'blowingUnit', width: 180, render: (_, w) => w.blowingUnit.name },
          { title: t('whistle.blownAt'), dataIndex: 'blownAt', width: 170, render: (_, w) => formatDateTime(w.blownAt) },
          {
            title: t('whistle.arrivedCount'),
            dataIndex: 'arrived',
            width: 90,
            render: (_, w) => (
              <Typography.Text type={w.status === 'open' && w.arrived < w.summoned ? 'danger' : undefined}>
                {w.arrived} / {w.summoned}
              </Typography.Text>
            ),
          },
        ]}
      />
    </div>
  );
}
