import { Descriptions, Table, Tag, Tooltip } from 'antd';
import { useLang, useT } from '../i18n/index.tsx';
import type { RegionChild, RegionDetail } from '../types.ts';

export function GeneratedTag({ generated }: { generated: boolean }) {
  const t = useT();
  if (!generated) return <Tag color="green">{t('regions.real')}</Tag>;
  return (
    <Tooltip title={t('regions.generatedHint')}>
      <Tag color="orange" data-testid="generated-tag">
        {t('regions.generated')}
      </Tag>
    </Tooltip>
  );
}

export function RegionInfo({ region }: { region: RegionDetail }) {
  const t = useT();
  const { tDynamic } = useLang();
  const none = t('common.none');
  return (
    <Descriptions
      data-testid="region-info"
      column={1}
      size="small"
      items={[
        { key: 'name', label: t('regions.childName'), children: region.name },
        { key: 'code', label: t('regions.code'), children: <span data-testid="region-code">{region.code}</span> },
        { key: 'level', label: t('regions.level'), children: tDynamic('level', region.level) },
        ...(region.subtype ? [{ key: 'subtype', label: t('regions.subtype'), children: tDynamic('subtype', region.subtype) }] : []),
        {
          key: 'population',
          label: t('regions.population'),
          children: region.population === null ? none : region.population.toLocaleString(),
        },
        { key: 'children', label: t('regions.childCount'), children: region.childCount },
        {
          key: 'generated',
          label: t('regions.boundary'),
          children: <GeneratedTag generated={region.generated} />,
        },
      ]}
    />
  );
}

export function RegionChildren({ items, onPick }: { items: RegionChild[]; onPick: (code: string) => void }) {
  const t = useT();
  return (
    <Table<RegionChild>
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={items}
      scroll={{ y: 240 }}
      onRow={(row) => ({ onClick: () => onPick(row.code), style: { cursor: 'pointer' } })}
      columns={[
        { key: 'name', title: t('regions.childName'), dataIndex: 'name', ellipsis: true },
        {
          key: 'population',
          title: t('regions.population'),
          dataIndex: 'population',
          align: 'right',
          width: 96,
          render: (value: number | null) => (value === null ? t('common.none') : value.toLocaleString()),
        },
      ]}
    />
  );
}
