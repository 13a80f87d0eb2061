import { FullscreenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { TerritoryBreadcrumb } from './Breadcrumbs.tsx';
import { CategoryGroups, ChannelsPanel, SeriesPanel, TopCategories } from './ChartPanels.tsx';
import { HotspotPanel } from '../hotspots/HotspotPanel.tsx';
import { trailPath } from '../hotspots/hotspotApi.ts';
import { ChildrenTable, FeedPanel, RankingPanel, RecentCases, WhistlesPanel } from './ListPanels.tsx';
import { MapPanel, MetricPicker } from './MapPanel.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { KpiStrip, RatesPanel } from './SummaryPanels.tsx';
import type { MapMetric } from './TerritoryMap.tsx';
import { formatShortDateTime } from './format.ts';
import { useDashboard } from './useDashboard.ts';
import { useDashboardQuery } from './useDashboardQuery.ts';
import './dashboard.css';

/** 一屏知全域 on a laptop or a phone: the territory's map, today's numbers, the 三率, what comes in, who ranks where. */
export function DashboardPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { query, searchFor, setPeriod, search } = useDashboardQuery();
  const dashboard = useDashboard(query);
  const [metric, setMetric] = useState<MapMetric>('open');
  const summary = dashboard.summary.data;
  const region = summary?.region ?? dashboard.map.data?.region;
  const hasChildren = dashboard.map.data?.region.hasChildren ?? true;
  const ranking = dashboard.ranking.data;

  return (
    <div className="gz-dash" data-testid="dashboard">
      <Flex className="gz-dash-head" align="flex-start" justify="space-between" gap={16} wrap>
        <div className="gz-dash-heading">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="dash-title">
            {region ? t('dash.title', { region: region.name }) : t('app.loading')}
          </Typography.Title>
          <Flex align="center" gap={12} wrap>
            <TerritoryBreadcrumb region={region} searchFor={searchFor} />
            {summary && (
              <Typography.Text type="secondary" className="gz-dash-asof">
                {t('dash.asOf', { time: formatShortDateTime(summary.asOf) })}
              </Typography.Text>
            )}
          </Flex>
        </div>
        <Flex align="center" gap={8} wrap>
          <PeriodPicker value={{ from: query.from, to: query.to }} onChange={setPeriod} />
          <Link to={`/dashboard/screen${search ? `?${search}` : ''}`} data-testid="open-screen">
            <Button icon={<FullscreenOutlined />}>{t('dash.openScreen')}</Button>
          </Link>
        </Flex>
      </Flex>
      {dashboard.summary.error !== undefined && (
        <Alert type="error" showIcon title={errorText(dashboard.summary.error)} style={{ marginBottom: 16 }} />
      )}
      <KpiStrip summary={summary} />
      <HotspotPanel regionPath={region ? trailPath(region.trail) : undefined} />
      {/* nothing below to rank (a grid): the whistles take the ranking's place */}
      <div className={`gz-dash-grid ${!hasChildren && ranking?.items.length === 0 ? 'gz-dash-grid-leaf' : ''}`}>
        <Card
          size="small"
          className="gz-dash-card gz-area-map"
          title={region ? (hasChildren ? `${t('dash.map')} · ${region.name}` : t('dash.mapGrid', { name: region.name })) : t('dash.map')}
          extra={<MetricPicker value={metric} onChange={setMetric} />}
          styles={{ body: { padding: 0 } }}
        >
          <MapPanel
            dashboard={dashboard}
            metric={metric}
            theme="light"
            onPick={(code) => navigate(searchFor(code))}
            onPoint={(id) => navigate(`/cases/${id}`)}
          />
          <div className="gz-map-foot">
            {dashboard.points.data
              ? `${t('dash.points', { count: dashboard.points.data.items.length })}${dashboard.points.data.truncated ? t('dash.pointsTruncated', { count: dashboard.points.data.items.length }) : ''}`
              : hasChildren && t('dash.mapHint')}
          </div>
        </Card>
        <Card size="small" className="gz-dash-card gz-area-rates" title={t('dash.rates')}>
          <RatesPanel summary={summary} />
        </Card>
        <Card
          size="small"
          className="gz-dash-card gz-area-kids"
          title={hasChildren && region ? `${t('dash.children')} · ${tDynamic('level', childLevel(region.level))}` : t('dash.recentCases')}
          styles={{ body: { padding: 0 } }}
        >
          {hasChildren ? (
            <ChildrenTable rows={dashboard.map.data?.children ?? []} hrefFor={searchFor} />
          ) : (
            <RecentCases points={dashboard.points.data} />
          )}
        </Card>
        <Card
          size="small"
          className="gz-dash-card gz-area-feed gz-dash-scroll"
          title={
            <span>
              <span className="gz-live-dot" /> {t('dash.feed')}
            </span>
          }
        >
          <div className="gz-scroll-fill">
            <FeedPanel items={dashboard.feedItems} loading={dashboard.feed.loading} />
          </div>
        </Card>
        <Card size="small" className="gz-dash-card gz-area-series" title={t('dash.series')}>
          <div className="gz-chart-box">
            <SeriesPanel data={dashboard.series.data} theme="light" />
          </div>
        </Card>
        <Card size="small" className="gz-dash-card gz-area-chan" title={t('dash.channels')}>
          <ChannelsPanel data={dashboard.channels.data} theme="light" />
        </Card>
        <Card size="small" className="gz-dash-card gz-area-cats" title={t('dash.categories')}>
          <div className="gz-cats">
            <div>
              <div className="gz-sub-title">{t('dash.categories.top')}</div>
              <TopCategories data={dashboard.categories.data} />
            </div>
            <div>
              <div className="gz-sub-title">{t('dash.categories.groups')}</div>
              <div className="gz-chart-box gz-chart-groups">
                <CategoryGroups data={dashboard.categories.data} theme="light" />
              </div>
            </div>
          </div>
        </Card>
        {(hasChildren || (ranking?.items.length ?? 0) > 0) && (
          <Card
            size="small"
            className="gz-dash-card gz-area-rank"
            title={
              ranking
                ? t('dash.ranking', { level: tDynamic('dash.ranking.level', ranking.level), period: ranking.period })
                : t('nav.rankings')
            }
            extra={<Link to="/assessment">{t('nav.rankings')}</Link>}
            styles={{ body: { padding: 0 } }}
          >
            <RankingPanel data={ranking} />
          </Card>
        )}
        <Card
          size="small"
          className="gz-dash-card gz-area-whistles gz-dash-scroll"
          title={t('dash.whistles')}
          extra={dashboard.whistles.data && t('dash.whistles.active', { count: dashboard.whistles.data.items.length })}
        >
          <div className="gz-scroll-fill">
            <WhistlesPanel data={dashboard.whistles.data} limit={20} />
          </div>
        </Card>
      </div>
    </div>
  );
}

const CHILD_LEVEL = { city: 'district', district: 'street', street: 'community', community: 'grid', grid: 'grid' } as const;

export function childLevel(level: keyof typeof CHILD_LEVEL): string {
  return CHILD_LEVEL[level];
}
