import { CompressOutlined } from '@ant-design/icons';
import { ConfigProvider, theme as antdTheme } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/session.tsx';
import { useElementSize } from '../hooks/useElementSize.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { TerritoryBreadcrumb } from './Breadcrumbs.tsx';
import { CategoryGroups, ChannelsPanel, SeriesPanel, TopCategories } from './ChartPanels.tsx';
import { Change, CountLink } from './CountLink.tsx';
import { FeedPanel, RankingPanel, WhistlesPanel } from './ListPanels.tsx';
import { MapPanel } from './MapPanel.tsx';
import { RatesPanel } from './SummaryPanels.tsx';
import { MAP_METRICS } from './TerritoryMap.tsx';
import type { DashboardSummary } from './dashboardApi.ts';
import { countChange } from './format.ts';
import { cityToday, presetRange } from './period.ts';
import { useDashboard } from './useDashboard.ts';
import { useDashboardQuery } from './useDashboardQuery.ts';
import { useNow, useRotation } from './useRotation.ts';
import './dashboard.css';
import './screen.css';

const STAGE_WIDTH = 1920;
const STAGE_HEIGHT = 1080;
const ROTATE_MS = 15_000;
const REFRESH_MS = 60_000;

const SCREEN_THEME = {
  algorithm: antdTheme.darkAlgorithm,
  token: { colorBgContainer: 'transparent', colorBgElevated: '#0d2347', colorPrimary: '#38a3f0', colorLink: '#8fd3ff' },
};

/** The wall of a command centre: 16:9, dark, no navigation, panels taking turns every 15 s, numbers read again every minute. */
export function ScreenPage() {
  const { ref, width, height } = useElementSize<HTMLDivElement>();
  const scale = width && height ? Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT) : 1;
  return (
    <ConfigProvider theme={SCREEN_THEME}>
      <div ref={ref} className="gz-screen-viewport" data-testid="screen">
        <div
          className="gz-screen"
          style={{
            transform: `scale(${scale})`,
            left: Math.max(0, (width - STAGE_WIDTH * scale) / 2),
            top: Math.max(0, (height - STAGE_HEIGHT * scale) / 2),
          }}
        >
          <ScreenStage />
        </div>
      </div>
    </ConfigProvider>
  );
}

function ScreenPanel({
  title,
  extra,
  children,
  className,
  testId,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`gz-screen-panel ${className ?? ''}`} data-testid={testId}>
      <header className="gz-screen-panel-head">
        <h2>{title}</h2>
        {extra && <div className="gz-screen-panel-extra">{extra}</div>}
      </header>
      <div className="gz-screen-panel-body">{children}</div>
    </section>
  );
}

function RotationDots({ count, index }: { count: number; index: number }) {
  return (
    <span className="gz-dots">
      {Array.from({ length: count }, (_, i) => (
        <span key={i} className={i === index ? 'gz-dots-on' : undefined} />
      ))}
    </span>
  );
}

function ScreenStage() {
  const t = useT();
  const { lang, tDynamic } = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const now = useNow();
  const { query, searchFor, search } = useDashboardQuery();
  const dashboard = useDashboard(query, REFRESH_MS);
  const summary = dashboard.summary.data;
  const region = summary?.region ?? dashboard.map.data?.region;
  const leftTurn = useRotation(3, ROTATE_MS);
  // a grid has nothing below it to rank: the whistles then stand alone
  const ranked = dashboard.ranking.data?.items.length !== 0;
  const rightTurn = useRotation(ranked ? 2 : 1, ROTATE_MS);
  const metric = MAP_METRICS[useRotation(MAP_METRICS.length, ROTATE_MS * 2)] ?? 'open';
  const ranking = dashboard.ranking.data;
  const from = query.from ?? presetRange('month').from;
  const to = query.to ?? cityToday();

  const leftPanels = [
    { title: t('dash.categories.top'), body: <TopCategories data={dashboard.categories.data} limit={8} /> },
    { title: t('dash.channels'), body: <ChannelsPanel data={dashboard.channels.data} theme="dark" large /> },
    {
      title: t('dash.categories.groups'),
      body: (
        <div className="gz-chart-box gz-screen-fill">
          <CategoryGroups data={dashboard.categories.data} theme="dark" large />
        </div>
      ),
    },
  ];
  const rightPanels = [
    ...(ranked
      ? [
          {
            title: ranking
              ? t('dash.ranking', { level: tDynamic('dash.ranking.level', ranking.level), period: ranking.period })
              : t('nav.rankings'),
            body: <RankingPanel data={ranking} limit={10} />,
          },
        ]
      : []),
    {
      title: `${t('dash.whistles')}${dashboard.whistles.data ? ` · ${t('dash.whistles.active', { count: dashboard.whistles.data.items.length })}` : ''}`,
      body: <WhistlesPanel data={dashboard.whistles.data} limit={4} />,
    },
  ];
  const left = leftPanels[leftTurn] ?? leftPanels[0]!;
  const right = rightPanels[rightTurn] ?? rightPanels[0]!;

  return (
    <>
      <header className="gz-screen-head">
        <div className="gz-screen-head-side">
          <TerritoryBreadcrumb region={region} searchFor={(code) => `/dashboard/screen${searchFor(code)}`} className="gz-screen-crumbs" />
          <div className="gz-screen-period">{t('dash.periodRange', { from, to })}</div>
        </div>
        <div className="gz-screen-title">
          <h1 data-testid="screen-title">{t('dash.screenTitle', { region: region?.name ?? me.city.name })}</h1>
          <div className="gz-screen-slogan">{t('dash.screenSlogan')}</div>
        </div>
        <div className="gz-screen-head-side gz-screen-head-right">
          <div className="gz-screen-clock" data-testid="screen-clock">
            {now.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23' })}
          </div>
          <div className="gz-screen-date">
            {now.toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN', {
              timeZone: 'Asia/Shanghai',
              year: 'numeric',
              month: 'long',
              day: 'numeric',
              weekday: 'long',
            })}
          </div>
          <Link
            to={`/dashboard${search ? `?${search}` : ''}`}
            className="gz-screen-exit"
            data-testid="exit-screen"
            title={t('dash.normalMode')}
          >
            <CompressOutlined /> {t('dash.normalMode')}
          </Link>
        </div>
      </header>
      <main className="gz-screen-body">
        <div className="gz-screen-col">
          <ScreenPanel title={`${t('dash.period.today')} · ${t('dash.now.open')}`} testId="screen-kpis">
            <ScreenKpis summary={summary} />
          </ScreenPanel>
          <ScreenPanel title={t('dash.rates')}>
            <RatesPanel summary={summary} large />
          </ScreenPanel>
          <ScreenPanel
            title={left.title}
            extra={<RotationDots count={leftPanels.length} index={leftTurn} />}
            className="gz-screen-grow"
            testId="screen-rotating-left"
          >
            {left.body}
          </ScreenPanel>
        </div>
        <div className="gz-screen-col gz-screen-center">
          <ScreenFlows summary={summary} />
          <ScreenPanel
            title={region ? `${region.name} · ${t(`dash.metric.${metric}`)}` : t('dash.map')}
            extra={<RotationDots count={MAP_METRICS.length} index={MAP_METRICS.indexOf(metric)} />}
            className="gz-screen-grow gz-screen-map"
          >
            <MapPanel
              dashboard={dashboard}
              metric={metric}
              theme="dark"
              large
              onPick={(code) => navigate(`/dashboard/screen${searchFor(code)}`)}
              onPoint={(id) => navigate(`/cases/${id}`)}
            />
          </ScreenPanel>
          <ScreenPanel title={t('dash.series')} className="gz-screen-series">
            <div className="gz-chart-box gz-screen-fill">
              <SeriesPanel data={dashboard.series.data} theme="dark" large />
            </div>
          </ScreenPanel>
        </div>
        <div className="gz-screen-col">
          <ScreenPanel
            title={right.title}
            extra={<RotationDots count={rightPanels.length} index={rightTurn} />}
            className="gz-screen-rotating-right"
            testId="screen-rotating-right"
          >
            {right.body}
          </ScreenPanel>
          <ScreenPanel
            title={
              <span>
                <span className="gz-live-dot" /> {t('dash.feed')}
              </span>
            }
            className="gz-screen-grow"
          >
            <div className="gz-scroll-fill gz-screen-feed">
              <FeedPanel items={dashboard.feedItems} loading={dashboard.feed.loading} limit={14} />
            </div>
          </ScreenPanel>
        </div>
      </main>
    </>
  );
}

function ScreenKpis({ summary }: { summary: DashboardSummary | undefined }) {
  const t = useT();
  if (!summary) return null;
  const tiles = [
    { key: 'today-received', label: t('dash.today.received'), count: summary.today.received, tone: 'blue' },
    { key: 'today-replied', label: t('dash.today.replied'), count: summary.today.replied, tone: 'green' },
    { key: 'today-closed', label: t('dash.today.closed'), count: summary.today.closed, tone: 'cyan' },
    { key: 'now-open', label: t('dash.now.open'), count: summary.now.open, tone: 'purple' },
    { key: 'now-dueSoon', label: t('dash.now.dueSoon'), count: summary.now.dueSoon, tone: 'orange' },
    { key: 'now-overdue', label: t('dash.now.overdue'), count: summary.now.overdue, tone: 'red' },
  ];
  return (
    <div className="gz-screen-kpis">
      {tiles.map((tile) => (
        <div key={tile.key} className={`gz-screen-kpi gz-kpi-${tile.tone}`} data-testid={`kpi-${tile.key}`}>
          <CountLink count={tile.count} className="gz-screen-kpi-value" />
          <div className="gz-screen-kpi-label">{tile.label}</div>
        </div>
      ))}
    </div>
  );
}

/** The period's flows in large figures above the map, each against the period before. */
function ScreenFlows({ summary }: { summary: DashboardSummary | undefined }) {
  const t = useT();
  const keys = ['received', 'replied', 'closed', 'overdue'] as const;
  return (
    <div className="gz-screen-flows" data-testid="screen-flows">
      {keys.map((key) => {
        const count = summary?.counts[key];
        return (
          <div key={key} className="gz-screen-flow">
            <div className="gz-screen-flow-label">
              {t('dash.period')} · {t(`dash.counts.${key}`)}
            </div>
            <div className="gz-screen-flow-value">{count ? <CountLink count={count} /> : '—'}</div>
            {count && (
              <Change
                change={countChange(count.value, count.previous)}
                unit="%"
                better={key === 'overdue' ? 'down' : key === 'received' ? 'neither' : 'up'}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
