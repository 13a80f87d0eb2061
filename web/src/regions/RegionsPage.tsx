import { ArrowUpOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Empty, Flex, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { homeRegionCode, levelDepth } from '../auth/roles.ts';
import { hasAbility, useMe } from '../auth/session.tsx';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { GeneratedTag, RegionChildren, RegionInfo } from './RegionInfo.tsx';
import { RegionMap } from './RegionMap.tsx';
import { AddRegionModal, EditRegionModal } from './RegionModals.tsx';
import { RegionTree } from './RegionTree.tsx';
import { fetchChildren, fetchMapShapes, fetchRegion } from './regionApi.ts';
import { childLevelOf } from './regionRules.ts';
import type { GeoFeatureCollection, RegionChild, RegionDetail } from '../types.ts';

interface ShownMap {
  code: string;
  shapes: GeoFeatureCollection;
  details: RegionChild[];
}

type Dialog = { kind: 'edit' | 'add'; region: RegionDetail } | null;

export function RegionsPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const code = useParams().code ?? homeRegionCode(me);
  const homeCode = homeRegionCode(me);

  const home = useApi(`home:${homeCode}`, () => fetchRegion(homeCode));
  const region = useApi(`region:${code}`, () => fetchRegion(code));
  const children = useApi(`children:${code}`, () => fetchChildren(code));
  const shapes = useApi(region.data ? `shapes:${region.data.code}` : null, () =>
    region.data ? fetchMapShapes(region.data) : Promise.reject(new Error('no region')),
  );

  // The last complete map stays on screen while the next one loads.
  const [shown, setShown] = useState<ShownMap | null>(null);
  useEffect(() => {
    if (shapes.data && children.data && region.data?.code === code) {
      setShown({ code, shapes: shapes.data, details: children.data });
    }
  }, [code, shapes.data, children.data, region.data]);
  const mapLoading = shapes.loading || region.loading || children.loading;

  const go = useCallback((target: string) => navigate(`/regions/${target}`), [navigate]);
  const showError = useCallback((error: unknown) => void message.error(errorText(error)), [message, errorText]);

  const current = region.data;
  const homeDepth = home.data ? levelDepth(home.data.level) : 0;
  // Above the user's home region the breadcrumb shows names only: that is outside their scope.
  const inScope = (level: Parameters<typeof levelDepth>[0]) => levelDepth(level) >= homeDepth;

  const [dialog, setDialog] = useState<Dialog>(null);
  const [treeReload, setTreeReload] = useState<{ codes: string[] }>();
  const canManage = hasAbility(me, 'region.manage') && current !== undefined && inScope(current.level);
  const nextLevel = current ? childLevelOf(current.level) : undefined;

  /** After an edit: the region, its children and map, and the tree branches that list them. */
  const refreshAfterChange = (changed: RegionDetail, listedUnder: (string | null)[]) => {
    region.reload();
    children.reload();
    shapes.reload();
    if (changed.code === homeCode) home.reload();
    setTreeReload({ codes: listedUnder.filter((code): code is string => code !== null) });
  };

  const openPath = useMemo(() => {
    if (!current) return [];
    const codes = current.ancestors.map((ancestor) => ancestor.code);
    const index = codes.indexOf(homeCode);
    const below = index < 0 ? [] : codes.slice(index + 1);
    // the selected region opens too, so the tree lists what the map shows
    const opened = current.level !== 'grid' && current.childCount > 0 ? [current.code] : [];
    return index < 0 && current.code !== homeCode ? [] : [...below, ...opened];
  }, [current, homeCode]);

  const parent = current?.ancestors[current.ancestors.length - 1];
  const canGoUp = Boolean(parent && current && inScope(parent.level) && current.code !== homeCode);
  const isGridView = current ? current.level === 'grid' || current.childCount === 0 : false;

  const breadcrumb = current
    ? [
        ...current.ancestors.map((ancestor) => ({
          key: ancestor.code,
          title: inScope(ancestor.level) ? <Link to={`/regions/${ancestor.code}`}>{ancestor.name}</Link> : ancestor.name,
        })),
        { key: current.code, title: current.name },
      ]
    : [];

  return (
    <div className="gz-regions-page">
      <Flex align="center" justify="space-between" gap={16} className="gz-page-header" wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('regions.title')}
          </Typography.Title>
          <Breadcrumb items={breadcrumb} className="gz-breadcrumb" data-testid="region-breadcrumb" />
        </div>
        <Button icon={<ArrowUpOutlined />} disabled={!canGoUp} onClick={() => parent && go(parent.code)}>
          {t('regions.up')}
        </Button>
      </Flex>
      {region.error !== undefined && <Alert type="error" showIcon title={errorText(region.error)} style={{ marginBottom: 16 }} />}
      <div className="gz-regions-grid">
        <Card title={t('regions.tree')} size="small" className="gz-fill-card" styles={{ body: { padding: 8 } }}>
          {home.data ? (
            <RegionTree root={home.data} selectedCode={code} openPath={openPath} onSelect={go} onError={showError} reload={treeReload} />
          ) : (
            <Spin />
          )}
        </Card>
        <Card
          size="small"
          className="gz-fill-card"
          title={current ? t(isGridView ? 'regions.mapGrid' : 'regions.map', { name: current.name }) : t('app.loading')}
          extra={<Typography.Text type="secondary">{t('regions.mapHint')}</Typography.Text>}
          styles={{ body: { padding: 0, position: 'relative' } }}
        >
          {shown && shown.shapes.features.length > 0 && (
            <RegionMap mapName={`gz-region-${shown.code}`} shapes={shown.shapes} details={shown.details} onPick={go} />
          )}
          {shown && shown.shapes.features.length === 0 && !mapLoading && (
            <Empty className="gz-map-empty" description={t('regions.mapEmpty')} />
          )}
          {shapes.error !== undefined && !mapLoading && (
            <Alert className="gz-map-error" type="error" showIcon title={errorText(shapes.error)} />
          )}
          {mapLoading && (
            <div className="gz-map-loading">
              <Spin />
            </div>
          )}
        </Card>
        <Flex vertical gap={16} className="gz-regions-side">
          <Card
            size="small"
            title={t('regions.detail')}
            extra={current?.generated && <GeneratedTag generated />}
            actions={
              canManage
                ? [
                    <Button
                      key="edit"
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      data-testid="region-edit"
                      onClick={() => setDialog({ kind: 'edit', region: current })}
                    >
                      {t('regions.edit')}
                    </Button>,
                    <Tooltip key="add" title={nextLevel ? undefined : t('regions.noChildLevel')}>
                      <Button
                        type="link"
                        size="small"
                        icon={<PlusOutlined />}
                        data-testid="region-add"
                        disabled={!nextLevel}
                        onClick={() => setDialog({ kind: 'add', region: current })}
                      >
                        {nextLevel ? t('regions.addChild', { level: tDynamic('level', nextLevel) }) : t('regions.addChildNone')}
                      </Button>
                    </Tooltip>,
                  ]
                : undefined
            }
          >
            {current ? <RegionInfo region={current} /> : <Spin />}
          </Card>
          {(children.data?.length ?? 0) > 0 && (
            <Card size="small" title={t('regions.children')} styles={{ body: { padding: 0 } }}>
              <RegionChildren items={children.data ?? []} onPick={go} />
            </Card>
          )}
        </Flex>
      </div>
      <EditRegionModal
        region={dialog?.kind === 'edit' ? dialog.region : null}
        onClose={() => setDialog(null)}
        onDone={(saved) => {
          setDialog(null);
          void message.success(t('regions.saved'));
          refreshAfterChange(saved, [saved.parentCode]);
        }}
      />
      <AddRegionModal
        region={dialog?.kind === 'add' ? dialog.region : null}
        onClose={() => setDialog(null)}
        onDone={(added) => {
          const parentRegion = dialog?.region;
          setDialog(null);
          void message.success(t('regions.added', { name: added.name }));
          if (parentRegion) refreshAfterChange(parentRegion, [parentRegion.code, parentRegion.parentCode]);
        }}
      />
    </div>
  );
}
