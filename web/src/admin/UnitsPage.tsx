import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { hasAbility, useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RegionSelect } from '../components/RegionSelect.tsx';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { UNIT_KINDS } from '../types.ts';
import type { Page, Unit, UnitKind } from '../types.ts';
import { UnitFormModal } from './UnitFormModal.tsx';

const KIND_COLORS: Partial<Record<UnitKind, string>> = {
  party_org: 'red',
  government: 'geekblue',
  street_office: 'blue',
  community_committee: 'cyan',
  department: 'purple',
  utility: 'gold',
  hotline_centre: 'magenta',
  command_centre: 'volcano',
};

interface Filters {
  region?: string;
  kind?: UnitKind;
  q: string;
  page: number;
  pageSize: number;
}

export function UnitsPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = hasAbility(me, 'unit.manage');
  const [filters, setFilters] = useState<Filters>({ q: '', page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);

  const query = {
    region: filters.region,
    kind: filters.kind,
    q: filters.q,
    limit: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
  };
  const units = useApi(JSON.stringify(query), () => api.get<Page<Unit>>('/api/units', query));
  const update = (change: Partial<Filters>) => setFilters((previous) => ({ ...previous, page: 1, ...change }));

  const columns: TableColumnsType<Unit> = [
    { key: 'name', title: t('units.name'), dataIndex: 'name' },
    {
      key: 'kind',
      title: t('units.kind'),
      dataIndex: 'kind',
      width: 170,
      render: (kind: UnitKind) => <Tag color={KIND_COLORS[kind]}>{tDynamic('unitKind', kind)}</Tag>,
    },
    {
      key: 'departmentType',
      title: t('units.departmentType'),
      dataIndex: 'departmentType',
      width: 140,
      render: (value: string | null) => value ?? t('common.none'),
    },
    {
      key: 'region',
      title: t('units.region'),
      width: 260,
      render: (_, unit) => t('regions.option', { name: unit.region.name, level: tDynamic('level', unit.region.level) }),
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 100,
            render: (_: unknown, unit: Unit) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ unit })}>
                {t('accounts.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <PageHeader
        title={t('units.title')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })}>
              {t('units.create')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <RegionSelect
            data-testid="units-region-filter"
            value={filters.region}
            onChange={(region) => update({ region })}
            placeholder={t('units.filterRegion')}
            allowClear
            style={{ width: 240 }}
          />
          <Select<UnitKind>
            value={filters.kind}
            onChange={(kind) => update({ kind })}
            placeholder={t('units.filterKind')}
            allowClear
            style={{ width: 200 }}
            options={UNIT_KINDS.map((value) => ({ value, label: tDynamic('unitKind', value) }))}
          />
          <Input.Search placeholder={t('units.search')} allowClear onSearch={(q) => update({ q: q.trim() })} style={{ width: 280 }} />
        </Flex>
        {units.error !== undefined && <Alert type="error" showIcon title={errorText(units.error)} style={{ marginBottom: 16 }} />}
        <Table<Unit>
          data-testid="units-table"
          rowKey="id"
          size="middle"
          loading={units.loading}
          columns={columns}
          dataSource={units.data?.items ?? []}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: units.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setFilters((previous) => ({ ...previous, page, pageSize })),
          }}
        />
      </Card>
      <UnitFormModal
        open={editing !== null}
        unit={editing?.unit ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          void message.success(editing?.unit ? t('units.saved') : t('units.created'));
          setEditing(null);
          units.reload();
        }}
      />
    </div>
  );
}
