import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Flex, List, Select, Skeleton, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { hotspotKinds, hotspotStatuses, type HotspotKind, type HotspotStatus } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { fetchHotspot, listHotspots, placeOf } from './hotspotApi.ts';
import type { HotspotSummary, HotspotView } from './hotspotApi.ts';
import { HotspotActions } from './HotspotActions.tsx';
import { HotspotKindTag, HotspotStatusTag } from './HotspotTags.tsx';

const DAY_MS = 86_400_000;
const days = (h: HotspotSummary) => Math.round((Date.parse(h.windowEnd) - Date.parse(h.windowStart)) / DAY_MS);

/** Observed against expected (a rise), or the count in the window (the other kinds). */
export function useHotspotFigure() {
  const t = useT();
  return (h: HotspotSummary) =>
    h.expected !== null
      ? t('hotspot.rise', { days: days(h), observed: h.observed, expected: h.expected })
      : t('hotspot.count', { days: days(h), observed: h.observed });
}

/** 热点发现 · 未诉先办: the territory's hotspots, highest score first; a drawer with the cases behind one and its steps. */
export function HotspotsPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const figure = useHotspotFigure();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') ?? undefined) as HotspotKind | undefined;
  const status = (params.get('status') ?? undefined) as HotspotStatus | undefined;
  const region = params.get('region') ?? undefined;
  const selected = params.get('id');
  const list = useApi(`hotspots:${kind}:${status}:${region}`, () => listHotspots({ kind, status, region, limit: 200 }));
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div data-testid="hotspots-page">
      <PageHeader
        title={t('hotspot.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('hotspot.hint')}</Typography.Paragraph>
      <Flex className="gz-toolbar" gap={8} wrap>
        <Select<HotspotKind | ''>
          style={{ width: 160 }}
          value={kind ?? ''}
          onChange={(v) => set('kind', v || undefined)}
          options={[
            { value: '', label: t('hotspot.allKinds') },
            ...hotspotKinds.map((k) => ({ value: k, label: tDynamic('hotspot.kind', k) })),
          ]}
          data-testid="hotspot-kind-filter"
        />
        <Select<HotspotStatus | ''>
          style={{ width: 160 }}
          value={status ?? ''}
          onChange={(v) => set('status', v || undefined)}
          options={[
            { value: '', label: t('hotspot.allStatuses') },
            ...hotspotStatuses.map((s) => ({ value: s, label: tDynamic('hotspot.status', s) })),
          ]}
        />
      </Flex>
      {list.error !== undefined && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
      <Table<HotspotSummary>
        rowKey="id"
        size="middle"
        data-testid="hotspot-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('hotspot.empty') }}
        onRow={(h) => ({ onClick: () => set('id', h.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('hotspot.kind'), dataIndex: 'kind', width: 110, render: (_, h) => <HotspotKindTag kind={h.kind} /> },
          {
            title: t('hotspot.place'),
            dataIndex: 'regionName',
            render: (_, h) => (
              <Typography.Link data-testid="hotspot-link">
                {(typeof h.figures.address === 'string' ? h.figures.address : null) ?? h.regionName ?? h.regionPath}
              </Typography.Link>
            ),
          },
          { title: t('hotspot.category'), dataIndex: 'categoryName', width: 160, render: (_, h) => h.categoryName ?? t('common.none') },
          {
            title: t('hotspot.window'),
            dataIndex: 'windowStart',
            width: 200,
            render: (_, h) => `${formatDateTime(h.windowStart).slice(5, 10)} – ${formatDateTime(h.windowEnd).slice(5, 10)}`,
          },
          { title: t('hotspot.observed'), dataIndex: 'observed', width: 210, render: (_, h) => figure(h) },
          {
            title: <Tooltip title={t('hotspot.scoreHint')}>{t('hotspot.score')}</Tooltip>,
            dataIndex: 'score',
            width: 90,
            align: 'right',
            render: (_, h) => h.score.toFixed(1),
          },
          { title: t('hotspot.status'), dataIndex: 'status', width: 100, render: (_, h) => <HotspotStatusTag status={h.status} /> },
        ]}
      />
      <HotspotDrawer id={selected} onClose={() => set('id', undefined)} onChanged={list.reload} />
    </div>
  );
}

function HotspotDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const figure = useHotspotFigure();
  const loaded = useApi(id ? `hotspot:${id}` : null, () => fetchHotspot(id!));
  const [hotspot, setHotspot] = useState<HotspotView | undefined>();
  useEffect(() => setHotspot(loaded.data), [loaded.data]);
  const h = hotspot;
  const f = h?.figures ?? {};
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
  const items = h
    ? [
        { label: t('hotspot.kind'), children: <HotspotKindTag kind={h.kind} /> },
        { label: t('hotspot.status'), children: <HotspotStatusTag status={h.status} /> },
        { label: t('hotspot.place'), children: placeOf(h) || h.regionPath },
        { label: t('hotspot.observed'), children: figure(h) },
        { label: t('hotspot.score'), children: h.score.toFixed(2) },
        { label: t('hotspot.window'), children: `${formatDateTime(h.windowStart)} – ${formatDateTime(h.windowEnd)}` },
        ...(text(f.baselineRate) !== null ? [{ label: t('hotspot.baseline'), children: text(f.baselineRate) }] : []),
        ...(text(f.season) !== null ? [{ label: t('hotspot.season'), children: text(f.season) }] : []),
        ...(text(f.phone) !== null ? [{ label: t('hotspot.phone'), children: text(f.phone) }] : []),
        ...(Array.isArray(f.terms) ? [{ label: t('hotspot.terms'), children: (f.terms as string[]).join('、') }] : []),
        ...(Array.isArray(f.grids) ? [{ label: t('hotspot.grids'), children: (f.grids as string[]).length }] : []),
        { label: t('hotspot.firstSeen'), children: formatDateTime(h.firstSeenAt) },
        { label: t('hotspot.lastSeen'), children: formatDateTime(h.lastSeenAt) },
        ...(h.convertedCaseId
          ? [{ label: t('hotspot.convertedCase'), children: <Link to={`/cases/${h.convertedCaseId}`}>{t('hotspot.view')}</Link> }]
          : []),
        ...(h.convertedWhistleId
          ? [{ label: t('hotspot.convertedWhistle'), children: <Link to={`/whistles/${h.convertedWhistleId}`}>{t('hotspot.view')}</Link> }]
          : []),
      ]
    : [];
  return (
    <Drawer open={id !== null} onClose={onClose} size="large" title={t('hotspot.detail')} data-testid="hotspot-drawer">
      {loaded.error !== undefined && <Alert type="error" showIcon title={errorText(loaded.error)} />}
      {!h && loaded.loading && <Skeleton active />}
      {h && (
        <Flex vertical gap={16}>
          <HotspotActions
            hotspot={h}
            onChanged={(next) => {
              setHotspot(next);
              onChanged();
            }}
          />
          <Descriptions size="small" column={1} bordered items={items} />
          <List
            size="small"
            header={
              <Typography.Text strong>{`${t('hotspot.cases')} · ${t('hotspot.casesCount', { count: h.cases.length })}`}</Typography.Text>
            }
            dataSource={h.cases}
            data-testid="hotspot-cases"
            renderItem={(c) => (
              <List.Item>
                <Flex vertical style={{ minWidth: 0, width: '100%' }}>
                  <Flex gap={12}>
                    <Link to={`/cases/${c.id}`} data-testid="hotspot-case-link">
                      {c.trackingCode}
                    </Link>
                    <Typography.Text type="secondary">{formatDateTime(c.receivedAt).slice(5, 16)}</Typography.Text>
                    <Typography.Text type="secondary">{c.address ?? c.regionName ?? ''}</Typography.Text>
                  </Flex>
                  <Typography.Text ellipsis>{c.text}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Flex>
      )}
    </Drawer>
  );
}
