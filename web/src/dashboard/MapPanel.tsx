import { Alert, Empty, Segmented, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import type { GeoFeatureCollection } from '../types.ts';
import { fetchDashboardShapes } from './dashboardApi.ts';
import type { Dashboard } from './useDashboard.ts';
import type { ChartTheme } from './EChart.tsx';
import { MAP_METRICS, TerritoryMap } from './TerritoryMap.tsx';
import type { MapMetric } from './TerritoryMap.tsx';

export function MetricPicker({ value, onChange }: { value: MapMetric; onChange: (metric: MapMetric) => void }) {
  const t = useT();
  return (
    <Segmented<MapMetric>
      size="small"
      value={value}
      onChange={onChange}
      options={MAP_METRICS.map((metric) => ({ value: metric, label: t(`dash.metric.${metric}`) }))}
      data-testid="map-metric"
    />
  );
}

interface Shown {
  code: string;
  shapes: GeoFeatureCollection;
}

/** The map of the territory: its areas coloured by the chosen figure, click to drill down, case points below the district. */
export function MapPanel({
  dashboard,
  metric,
  theme,
  large,
  onPick,
  onPoint,
}: {
  dashboard: Pick<Dashboard, 'map' | 'points'>;
  metric: MapMetric;
  theme: ChartTheme;
  large?: boolean;
  onPick: (code: string) => void;
  onPoint: (caseId: string) => void;
}) {
  const t = useT();
  const errorText = useErrorText();
  const region = dashboard.map.data?.region;
  const shapes = useApi(region ? `shapes:${region.code}:${region.hasChildren}` : null, () =>
    region ? fetchDashboardShapes(region.code, region.hasChildren) : Promise.reject(new Error('no region')),
  );
  // The last complete map stays on screen while the next one loads.
  const [shown, setShown] = useState<Shown | null>(null);
  useEffect(() => {
    if (shapes.data && region) setShown({ code: region.code, shapes: shapes.data });
  }, [shapes.data, region]);
  const rows = dashboard.map.data?.children ?? [];
  const loading = dashboard.map.loading || shapes.loading;
  const error = dashboard.map.error ?? shapes.error;

  return (
    <div className="gz-map-box">
      {shown && shown.shapes.features.length > 0 && (
        <TerritoryMap
          mapName={`gz-dash-${shown.code}`}
          shapes={shown.shapes}
          rows={shown.code === region?.code ? rows : []}
          metric={metric}
          points={dashboard.points.data?.items}
          theme={theme}
          large={large}
          onPick={(code) => region?.hasChildren && code !== region.code && onPick(code)}
          onPoint={onPoint}
        />
      )}
      {shown && shown.shapes.features.length === 0 && !loading && <Empty className="gz-map-empty" description={t('dash.mapEmpty')} />}
      {error !== undefined && !loading && <Alert className="gz-map-error" type="error" showIcon title={errorText(error)} />}
      {loading && !shown && (
        <div className="gz-map-loading">
          <Spin />
        </div>
      )}
    </div>
  );
}
