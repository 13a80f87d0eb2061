import { format, registerMap } from 'echarts/core';
import { useMemo } from 'react';
import { useLang, useT } from '../i18n/index.tsx';
import type { GeoFeatureCollection } from '../types.ts';
import { EChart } from './EChart.tsx';
import type { ChartOption, ChartTheme } from './EChart.tsx';
import type { DashboardMapRow, DashboardPoints } from './dashboardApi.ts';
import { formatCount, formatRate } from './format.ts';

export const MAP_METRICS = ['open', 'overdue', 'receivedPer10k', 'satisfaction'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

type GeoJsonInput = Parameters<typeof registerMap>[1];

/** Light to strong for counts; red (poor) to green (good) for 满意率. */
const PALETTES: Record<ChartTheme, Record<MapMetric, string[]>> = {
  light: {
    open: ['#e3edfb', '#a9c8f1', '#5b93dc', '#2c69c0', '#123f86'],
    overdue: ['#fdf0e8', '#f8c5a6', '#f08a5d', '#d9482b', '#a3161b'],
    receivedPer10k: ['#eef3e6', '#c7deaa', '#8fc06a', '#4f9a3a', '#23661f'],
    satisfaction: ['#c8161e', '#f08a5d', '#f7d36b', '#8fc06a', '#23865a'],
  },
  dark: {
    open: ['#0e2f57', '#15508f', '#1f78c8', '#38a3f0', '#8fd3ff'],
    overdue: ['#3a1d22', '#6b2430', '#a5303a', '#e0493f', '#ff8a65'],
    receivedPer10k: ['#0f3b3a', '#11605a', '#16897b', '#2fb89c', '#7fe5c4'],
    satisfaction: ['#c0392b', '#e67e22', '#f1c40f', '#7bc96f', '#2ecc71'],
  },
};

export function metricValue(row: DashboardMapRow, metric: MapMetric): number | null {
  switch (metric) {
    case 'open':
      return row.open.value;
    case 'overdue':
      return row.overdue.value;
    case 'receivedPer10k':
      return row.receivedPer10k;
    case 'satisfaction':
      return row.satisfaction === null ? null : row.satisfaction * 100;
  }
}

/**
 * Five classes holding about as many areas each (quantiles): one busy district must not wash out
 * the differences between all the others, as a linear scale would.
 */
export function classBreaks(values: number[], colors: string[], label: (value: number) => string) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  const bounds = [...new Set([sorted[0]!, ...[0.2, 0.4, 0.6, 0.8].map(at), sorted[sorted.length - 1]!])];
  if (bounds.length === 1) return [{ min: bounds[0]!, max: bounds[0]!, label: label(bounds[0]!), color: colors[2]! }];
  const count = bounds.length - 1;
  return bounds
    .slice(0, -1)
    .map((min, index) => {
      const max = bounds[index + 1]!;
      // the top of each class but the last belongs to the next one
      const top = index === count - 1 ? { lte: max } : { lt: max };
      const color = colors[Math.round((index * (colors.length - 1)) / Math.max(1, count - 1))]!;
      return { gte: min, ...top, label: `${label(min)} – ${label(max)}`, color };
    })
    .reverse();
}

interface AreaDatum {
  name: string;
  value: number | null;
  row?: DashboardMapRow;
  regionName: string;
}

interface PointDatum {
  value: [number, number];
  id: string;
  trackingCode: string;
  state: 'overdue' | 'open' | 'done';
}

interface TerritoryMapProps {
  /** Unique per set of shapes: the map is registered with ECharts under this name. */
  mapName: string;
  shapes: GeoFeatureCollection;
  rows: DashboardMapRow[];
  metric: MapMetric;
  points?: DashboardPoints['items'];
  theme: ChartTheme;
  /** Larger labels for the wall. */
  large?: boolean;
  onPick: (code: string) => void;
  onPoint: (caseId: string) => void;
}

const DONE_STATUSES: readonly string[] = ['replied', 'closed', 'withdrawn', 'merged'];

/** The territory's areas coloured by a figure, with the case points on top at the lower levels. */
export function TerritoryMap({ mapName, shapes, rows, metric, points, theme, large, onPick, onPoint }: TerritoryMapProps) {
  const t = useT();
  const { lang } = useLang();

  const option = useMemo<ChartOption>(() => {
    registerMap(mapName, shapes as unknown as GeoJsonInput);
    const dark = theme === 'dark';
    const byCode = new Map(rows.map((row) => [row.code, row]));
    const data: AreaDatum[] = shapes.features.map((feature) => {
      const row = byCode.get(feature.properties.code);
      return { name: feature.properties.code, value: row ? metricValue(row, metric) : null, row, regionName: feature.properties.name };
    });
    const values = data.flatMap((datum) => (datum.value === null ? [] : [datum.value]));
    const colorable = values.length > 0 && rows.length > 0;
    const pointData: PointDatum[] = (points ?? []).map((point) => ({
      value: [point.lng, point.lat],
      id: point.id,
      trackingCode: point.trackingCode,
      state: point.overdue ? 'overdue' : DONE_STATUSES.includes(point.status) ? 'done' : 'open',
    }));
    const pointColor = { overdue: '#ff4d4f', open: dark ? '#ffd666' : '#fa8c16', done: dark ? '#95de64' : '#389e0d' };
    const describeArea = (datum: AreaDatum) => {
      const lines = [`<b>${format.encodeHTML(datum.regionName)}</b>`];
      if (datum.row) {
        const row = datum.row;
        lines.push(
          `${t('dash.metric.open')}: ${formatCount(row.open.value, lang)}`,
          `${t('dash.metric.overdue')}: ${formatCount(row.overdue.value, lang)}`,
          `${t('dash.children.received')}: ${formatCount(row.received.value, lang)}`,
          `${t('dash.metric.receivedPer10k')}: ${row.receivedPer10k === null ? '—' : formatCount(row.receivedPer10k, lang)}`,
          `${t('dash.metric.satisfaction')}: ${formatRate(row.satisfaction)}`,
        );
      }
      return lines.join('<br/>');
    };
    const labelSize = (large ? 15 : 12) - (data.length > 12 ? 1 : 0);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const item = params as { seriesType?: string; name?: string; data?: unknown };
          if (item.seriesType === 'scatter') {
            const point = item.data as PointDatum;
            const state = point.state === 'overdue' ? 'dash.pointOverdue' : point.state === 'done' ? 'dash.pointDone' : 'dash.pointOpen';
            return `${format.encodeHTML(point.trackingCode)}<br/>${t(state)}`;
          }
          // the areas are drawn by the geo component: its events carry the region's code as the name
          const area = data.find((datum) => datum.name === item.name);
          return area ? describeArea(area) : '';
        },
      },
      visualMap: colorable
        ? {
            type: 'piecewise',
            seriesIndex: 0,
            pieces: classBreaks(values, PALETTES[theme][metric], (value) =>
              metric === 'satisfaction' ? `${value.toFixed(1)}%` : formatCount(value, lang),
            ),
            left: 12,
            bottom: 12,
            itemWidth: large ? 18 : 14,
            itemHeight: large ? 12 : 10,
            itemGap: large ? 8 : 5,
            textStyle: { color: dark ? '#a9c1e0' : '#5c6b80', fontSize: large ? 14 : 11 },
          }
        : undefined,
      geo: {
        map: mapName,
        nameProperty: 'code',
        roam: true,
        scaleLimit: { min: 0.8, max: 20 },
        top: 16,
        bottom: 16,
        left: colorable ? (large ? 130 : 100) : 16,
        right: 16,
        selectedMode: false,
        tooltip: { show: true },
        label: {
          show: true,
          fontSize: labelSize,
          color: '#ffffff',
          textBorderColor: dark ? 'rgba(4,16,38,0.9)' : 'rgba(16,35,63,0.75)',
          textBorderWidth: 2,
          formatter: (params: { name: string }) =>
            shapes.features.find((f) => f.properties.code === params.name)?.properties.name ?? params.name,
        },
        labelLayout: { hideOverlap: true },
        itemStyle: {
          areaColor: dark ? '#123563' : '#cfe0f7',
          borderColor: dark ? '#3d8bd9' : '#ffffff',
          borderWidth: 1.2,
        },
        emphasis: {
          label: { color: '#ffffff', fontWeight: 'bold' },
          itemStyle: { areaColor: '#f5b041', borderColor: '#c8161e', borderWidth: 1.5 },
        },
      },
      series: [
        { type: 'map', geoIndex: 0, data },
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          geoIndex: 0,
          data: pointData,
          symbolSize: large ? 8 : 6,
          itemStyle: {
            color: (params: { data: unknown }) => pointColor[(params.data as PointDatum).state],
            borderColor: dark ? '#041026' : '#ffffff',
            borderWidth: 1,
            opacity: 0.85,
          },
        },
      ],
    } as ChartOption;
  }, [mapName, shapes, rows, metric, points, theme, large, t, lang]);

  return (
    <EChart
      className="gz-map"
      data-testid="region-map"
      label={t('dash.map')}
      theme={theme}
      option={option}
      onClick={(event) => {
        if (event.seriesType === 'scatter') {
          const point = event.data as PointDatum | undefined;
          if (point) onPoint(point.id);
          return;
        }
        if ((event.componentType === 'geo' || event.seriesType === 'map') && typeof event.name === 'string') onPick(event.name);
      }}
    />
  );
}
