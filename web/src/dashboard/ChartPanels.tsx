import { Empty, Skeleton } from 'antd';
import { useMemo } from 'react';
import { useLang, useT } from '../i18n/index.tsx';
import { Change, CountLink } from './CountLink.tsx';
import { EChart } from './EChart.tsx';
import type { ChartOption, ChartTheme } from './EChart.tsx';
import type { DashboardCategories, DashboardChannels, DashboardSeries } from './dashboardApi.ts';
import { countChange, formatCount } from './format.ts';

const CHANNEL_COLORS = ['#1e5bb8', '#13a8a8', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96'];

interface ChartPanelProps {
  theme: ChartTheme;
  large?: boolean;
}

function axisColors(theme: ChartTheme) {
  return theme === 'dark' ? { text: '#a9c1e0', line: 'rgba(120,160,210,0.25)' } : { text: '#5c6b80', line: '#e6e9ef' };
}

/** The period's most frequent categories as bars, each count linked to its cases. */
export function TopCategories({ data, limit = 8 }: { data: DashboardCategories | undefined; limit?: number }) {
  const t = useT();
  if (!data) return <Skeleton active />;
  const items = data.items.slice(0, limit);
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.empty')} />;
  const max = Math.max(1, ...items.map((item) => item.received.value));
  return (
    <ol className="gz-bars" data-testid="dash-categories">
      {items.map((item, index) => (
        <li key={item.code || 'none'} className="gz-bar-row">
          <span className={`gz-bar-rank ${index < 3 ? 'gz-bar-rank-top' : ''}`}>{index + 1}</span>
          <span className="gz-bar-name" title={`${item.group} / ${item.name}`}>
            {item.name || t('dash.categories.none')}
            {item.group && item.group !== item.name && <span className="gz-bar-group">{item.group}</span>}
          </span>
          <span className="gz-bar-track">
            <span className="gz-bar-fill" style={{ width: `${(item.received.value / max) * 100}%` }} />
          </span>
          <CountLink count={item.received} className="gz-bar-value" />
          <Change change={countChange(item.received.value, item.previous)} unit="%" better="neither" />
        </li>
      ))}
    </ol>
  );
}

/** Every top-level category's total this period and the one before, as bars. */
export function CategoryGroups({ data, theme, large }: ChartPanelProps & { data: DashboardCategories | undefined }) {
  const t = useT();
  const { lang } = useLang();
  const option = useMemo<ChartOption | null>(() => {
    if (!data || data.groups.length === 0) return null;
    const groups = data.groups.slice(0, 10).reverse();
    const colors = axisColors(theme);
    const font = large ? 14 : 12;
    return {
      grid: { left: 8, right: 40, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, right: 0, textStyle: { color: colors.text, fontSize: font }, itemWidth: 12, itemHeight: 8 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: colors.line } },
        axisLabel: { color: colors.text, fontSize: font - 1 },
      },
      yAxis: {
        type: 'category',
        data: groups.map((group) => group.name),
        axisLabel: { color: colors.text, fontSize: font, width: large ? 120 : 96, overflow: 'truncate' },
        axisTick: { show: false },
        axisLine: { lineStyle: { color: colors.line } },
      },
      series: [
        {
          type: 'bar',
          name: t('dash.previous'),
          data: groups.map((group) => group.previous),
          barGap: '10%',
          barMaxWidth: 10,
          itemStyle: { color: theme === 'dark' ? 'rgba(143,211,255,0.35)' : '#c9d6ea', borderRadius: 2 },
        },
        {
          type: 'bar',
          name: t('dash.counts.received'),
          data: groups.map((group) => group.received),
          barMaxWidth: 10,
          itemStyle: { color: theme === 'dark' ? '#38a3f0' : '#1e5bb8', borderRadius: 2 },
          label: {
            show: true,
            position: 'right',
            color: colors.text,
            fontSize: font - 1,
            formatter: (p) => formatCount(Number(p.value), lang),
          },
        },
      ],
    };
  }, [data, theme, large, t, lang]);
  if (!data) return <Skeleton active />;
  if (!option) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.empty')} />;
  return <EChart option={option} theme={theme} label={t('dash.categories.groups')} className="gz-chart" data-testid="dash-groups" />;
}

/** The period's intake by channel: a ring and the counts beside it, each linked to its cases. */
export function ChannelsPanel({ data, theme, large }: ChartPanelProps & { data: DashboardChannels | undefined }) {
  const t = useT();
  const { tDynamic } = useLang();
  const items = useMemo(() => (data?.items ?? []).filter((item) => item.received.value > 0 || item.previous > 0), [data]);
  const total = items.reduce((sum, item) => sum + item.received.value, 0);
  const option = useMemo<ChartOption>(
    () => ({
      color: CHANNEL_COLORS,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [
        {
          type: 'pie',
          radius: ['52%', '82%'],
          center: ['50%', '50%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderColor: theme === 'dark' ? '#0a1a33' : '#ffffff', borderWidth: 2 },
          data: items.map((item) => ({ name: tDynamic('channel', item.channel), value: item.received.value })),
        },
      ],
    }),
    [items, theme, tDynamic],
  );
  if (!data) return <Skeleton active />;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.empty')} />;
  return (
    <div className={`gz-channels ${large ? 'gz-channels-large' : ''}`} data-testid="dash-channels">
      <div className="gz-channels-ring">
        <EChart option={option} theme={theme} label={t('dash.channels')} className="gz-chart" />
      </div>
      <ul className="gz-channel-list">
        {items.map((item, index) => (
          <li key={item.channel}>
            <span className="gz-dot" style={{ background: CHANNEL_COLORS[index % CHANNEL_COLORS.length] }} />
            <span className="gz-channel-name">{tDynamic('channel', item.channel)}</span>
            <CountLink count={item.received} className="gz-channel-value" />
            <span className="gz-channel-share">{total ? `${((item.received.value / total) * 100).toFixed(1)}%` : '—'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The 30 days ending with the period: received, replied, closed and gone overdue per day. */
export function SeriesPanel({ data, theme, large }: ChartPanelProps & { data: DashboardSeries | undefined }) {
  const t = useT();
  const option = useMemo<ChartOption | null>(() => {
    if (!data || data.days.length === 0) return null;
    const colors = axisColors(theme);
    const font = large ? 14 : 12;
    const line = (key: 'received' | 'replied' | 'closed' | 'overdue', color: string, area = false) => ({
      type: 'line' as const,
      name: t(`dash.series.${key}`),
      data: data.days.map((day) => day[key]),
      smooth: 0.3,
      smoothMonotone: 'x' as const,
      symbol: 'none',
      lineStyle: { width: large ? 3 : 2, color },
      itemStyle: { color },
      areaStyle: area ? { color, opacity: theme === 'dark' ? 0.18 : 0.1 } : undefined,
    });
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, textStyle: { color: colors.text, fontSize: font }, itemWidth: 14, itemHeight: 8 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: data.days.map((day) => day.day.slice(5)),
        axisLabel: { color: colors.text, fontSize: font - 1 },
        axisLine: { lineStyle: { color: colors.line } },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitLine: { lineStyle: { color: colors.line } },
        axisLabel: { color: colors.text, fontSize: font - 1 },
      },
      series: [
        line('received', theme === 'dark' ? '#38a3f0' : '#1e5bb8', true),
        line('replied', '#52c41a'),
        line('closed', '#13c2c2'),
        line('overdue', '#ff4d4f'),
      ],
    };
  }, [data, theme, large, t]);
  if (!data) return <Skeleton active />;
  if (!option) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dash.empty')} />;
  return <EChart option={option} theme={theme} label={t('dash.series')} className="gz-chart" data-testid="dash-series" />;
}
