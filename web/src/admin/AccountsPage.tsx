import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { hasAbility, useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { AccountRow, Page, Role } from '../types.ts';
import { AddRoleModal, CreateAccountModal, EditAccountModal } from './AccountModals.tsx';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  leader: 'volcano',
  secretary: 'orange',
  dispatcher: 'geekblue',
  operator: 'blue',
  handler: 'cyan',
  grid_worker: 'green',
  resident: 'default',
};

interface Filters {
  q: string;
  unitId?: string;
  page: number;
  pageSize: number;
}

type Dialog = { kind: 'create' } | { kind: 'edit'; account: AccountRow } | { kind: 'role'; account: AccountRow } | null;

export function AccountsPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message, modal } = App.useApp();
  const me = useMe();
  const canManage = hasAbility(me, 'account.manage');
  const [filters, setFilters] = useState<Filters>({ q: '', page: 1, pageSize: 20 });
  const [dialog, setDialog] = useState<Dialog>(null);

  const query = {
    q: filters.q,
    unitId: filters.unitId,
    limit: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
  };
  const accounts = useApi(JSON.stringify(query), () => api.get<Page<AccountRow>>('/api/accounts', query));
  const update = (change: Partial<Filters>) => setFilters((previous) => ({ ...previous, page: 1, ...change }));

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      accounts.reload();
    } catch (error) {
      void message.error(errorText(error));
    }
  };

  const removeRole = (account: AccountRow, role: AccountRow['roles'][number]) => {
    modal.confirm({
      title: t('accounts.removeRoleConfirm', {
        name: account.displayName,
        role: tDynamic('role', role.role),
        unit: role.unit.name,
      }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => act(() => api.delete(`/api/accounts/${account.id}/roles/${role.id}`), t('accounts.roleRemoved')),
    });
  };

  const closeAndReload = (done: string) => () => {
    setDialog(null);
    void message.success(done);
    accounts.reload();
  };

  const columns: TableColumnsType<AccountRow> = [
    { key: 'username', title: t('accounts.username'), dataIndex: 'username', width: 150 },
    { key: 'displayName', title: t('accounts.displayName'), dataIndex: 'displayName', width: 140 },
    {
      key: 'phone',
      title: t('accounts.phone'),
      dataIndex: 'phone',
      width: 140,
      render: (phone: string | null) => phone ?? t('common.none'),
    },
    {
      key: 'roles',
      title: t('accounts.roles'),
      render: (_, account) => (
        <Flex gap={4} wrap>
          {account.roles.map((role) => (
            <Tag
              key={role.id}
              color={ROLE_COLORS[role.role]}
              closable={canManage}
              onClose={(event) => {
                event.preventDefault();
                removeRole(account, role);
              }}
            >
              {t('accounts.roleTag', { role: tDynamic('role', role.role), unit: role.unit.name })}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('accounts.status'),
      dataIndex: 'disabled',
      width: 90,
      render: (disabled: boolean) =>
        disabled ? <Tag color="default">{t('accounts.disabled')}</Tag> : <Tag color="success">{t('accounts.enabled')}</Tag>,
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 250,
            render: (_: unknown, account: AccountRow) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit', account })}>
                  {t('accounts.edit')}
                </Button>
                <Button type="link" size="small" icon={<UserAddOutlined />} onClick={() => setDialog({ kind: 'role', account })}>
                  {t('accounts.addRole')}
                </Button>
                {account.disabled ? (
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckCircleOutlined />}
                    onClick={() => void act(() => api.patch(`/api/accounts/${account.id}`, { disabled: false }), t('accounts.saved'))}
                  >
                    {t('accounts.enable')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('accounts.disableConfirm', { name: account.displayName })}
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => act(() => api.patch(`/api/accounts/${account.id}`, { disabled: true }), t('accounts.saved'))}
                  >
                    <Button type="link" size="small" danger icon={<StopOutlined />} disabled={account.id === me.account.id}>
                      {t('accounts.disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('accounts.title')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('accounts.create')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search placeholder={t('accounts.search')} allowClear onSearch={(q) => update({ q: q.trim() })} style={{ width: 300 }} />
          <UnitSelect
            value={filters.unitId}
            onChange={(unitId) => update({ unitId })}
            placeholder={t('accounts.filterUnit')}
            allowClear
            style={{ width: 300 }}
          />
        </Flex>
        {accounts.error !== undefined && <Alert type="error" showIcon title={errorText(accounts.error)} style={{ marginBottom: 16 }} />}
        <Table<AccountRow>
          data-testid="accounts-table"
          rowKey="id"
          size="middle"
          loading={accounts.loading}
          columns={columns}
          dataSource={accounts.data?.items ?? []}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: accounts.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setFilters((previous) => ({ ...previous, page, pageSize })),
          }}
        />
      </Card>
      <CreateAccountModal open={dialog?.kind === 'create'} onClose={() => setDialog(null)} onDone={closeAndReload(t('accounts.created'))} />
      <EditAccountModal
        account={dialog?.kind === 'edit' ? dialog.account : null}
        onClose={() => setDialog(null)}
        onDone={closeAndReload(t('accounts.saved'))}
      />
      <AddRoleModal
        account={dialog?.kind === 'role' ? dialog.account : null}
        onClose={() => setDialog(null)}
        onDone={closeAndReload(t('accounts.roleAdded'))}
      />
    </div>
  );
}
