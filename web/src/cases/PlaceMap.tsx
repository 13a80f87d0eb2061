import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { ScatterChart } from 'echarts/charts';
import type { ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import type { GeoComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, registerMap, use } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useElementSize } from '../hooks/useElementSize.ts';
import { useT } from '../i18n/index.tsx';
import { BRAND_RED } from '../theme.ts';
import type { GeoFeatureCollection } from '../types.ts';
import { featureContains } from './geometry.ts';

use([GeoComponent, ScatterChart, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<GeoComponentOption | ScatterSeriesOption | TooltipComponentOption>;
type GeoJsonInput = Parameters<typeof registerMap>[1];

export interface LngLat {
  lng: number;
  lat: number;
}

interface PlaceMapProps {
  /** The region whose children are drawn first: the city for intake, the street of a case. */
  rootCode: string;
  loadShapes: (code: string) => Promise<GeoFeatureCollection>;
  value?: LngLat | null;
  /** Absent: the map only shows the point. */
  onPick?: (point: LngLat) => void;
  /** A click in an area of the first map opens that area's children (a district's streets). */
  drillable?: boolean;
  /** The name of an area to tint (the community that holds a case's point). */
  highlight?: string;
  height?: number;
  'data-testid'?: string;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

function buildOption(mapName: string, value: LngLat | null | undefined, highlight: string | undefined): Option {
  return {
    tooltip: { trigger: 'item' },
    geo: {
      map: mapName,
      roam: true,
      scaleLimit: { min: 0.8, max: 20 },
      top: 16,
      bottom: 16,
      left: 16,
      right: 16,
      selectedMode: false,
      label: { show: true, fontSize: 11, color: '#10233f', textBorderColor: 'rgba(255,255,255,0.85)', textBorderWidth: 2 },
      itemStyle: { areaColor: '#dbe8fb', borderColor: '#ffffff', borderWidth: 1.2 },
      emphasis: { label: { color: '#10233f' }, itemStyle: { areaColor: '#9cc0f0' } },
      tooltip: { show: true, formatter: (params: { name?: string }) => params.name ?? '' },
      regions: highlight ? [{ name: highlight, itemStyle: { areaColor: '#ffe7ba' } }] : [],
    },
    series: [markerSeries(value)],
  };
}

function markerSeries(value: LngLat | null | undefined): ScatterSeriesOption {
  return {
    id: 'marker',
    type: 'scatter',
    coordinateSystem: 'geo',
    symbol: 'pin',
    symbolSize: 34,
    itemStyle: { color: BRAND_RED },
    tooltip: { show: false },
    silent: true,
    animation: false,
    z: 10,
    data: value ? [[value.lng, value.lat]] : [],
  };
}

/** The city's map to set a point by a click (intake, the resident's report) or to show one (a case). */
export function PlaceMap({
  rootCode,
  loadShapes,
  value,
  onPick,
  drillable,
  highlight,
  height = 320,
  'data-testid': testId,
}: PlaceMapProps) {
  const t = useT();
  const errorText = useErrorText();
  const { ref, width, height: shownHeight } = useElementSize<HTMLDivElement>();
  const chartRef = useRef<ECharts | null>(null);
  const [code, setCode] = useState(rootCode);
  useEffect(() => setCode(rootCode), [rootCode]);
  const shapes = useApi(`place-shapes:${code}`, () => loadShapes(code));

  // The click handler is bound once; it reads the current props through this ref.
  const current = useRef({ shapes: shapes.data, onPick, drillable, code, rootCode, value });
  current.current = { shapes: shapes.data, onPick, drillable, code, rootCode, value };

  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'canvas' });
    chart.getZr().on('click', (event) => {
      const now = current.current;
      if (!now.onPick || !now.shapes) return;
      const coord = chart.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]) as number[] | undefined;
      if (!coord || coord.length < 2) return;
      const point = { lng: round6(coord[0]!), lat: round6(coord[1]!) };
      const hit = now.shapes.features.find((feature) => featureContains(feature, point.lng, point.lat));
      if (!hit) return;
      now.onPick(point);
      if (now.drillable && now.code === now.rootCode) setCode(hit.properties.code);
    });
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, [ref]);

  useEffect(() => {
    chartRef.current?.resize();
  }, [width, shownHeight]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !shapes.data) return;
    const mapName = `gz-place-${code}`;
    registerMap(mapName, shapes.data as unknown as GeoJsonInput);
    chart.setOption(buildOption(mapName, current.current.value, highlight), { notMerge: true });
  }, [shapes.data, code, highlight]);

  useEffect(() => {
    chartRef.current?.setOption({ series: [markerSeries(value)] });
  }, [value]);

  return (
    <div className="gz-place-map" style={{ height }} data-testid={testId}>
      <div ref={ref} className="gz-map" />
      {shapes.loading && (
        <div className="gz-map-loading">
          <Spin />
        </div>
      )}
      {shapes.error !== undefined && <Alert className="gz-map-error" type="warning" showIcon title={errorText(shapes.error)} />}
      {drillable && code !== rootCode && (
        <Button size="small" className="gz-place-back" icon={<ArrowLeftOutlined />} onClick={() => setCode(rootCode)}>
          {t('place.backToCity')}
        </Button>
      )}
      {onPick && !shapes.error && (
        <div className="gz-place-hint">{t(drillable && code === rootCode ? 'place.hintDrill' : 'place.hint')}</div>
      )}
    </div>
  );
}
