import { MapChart } from 'echarts/charts';
import type { MapSeriesOption } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import type { TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { format, init, registerMap, use } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useElementSize } from '../hooks/useElementSize.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { GeoFeatureCollection, RegionChild } from '../types.ts';

use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

type MapOption = ComposeOption<MapSeriesOption | TooltipComponentOption | VisualMapComponentOption>;
type GeoJsonInput = Parameters<typeof registerMap>[1];

interface RegionMapProps {
  /** Unique per set of shapes: the map is registered with ECharts under this name. */
  mapName: string;
  shapes: GeoFeatureCollection;
  details: RegionChild[];
  /** Read through a ref: a new callback does not redraw the map. */
  onPick: (code: string) => void;
}

interface AreaDatum {
  name: string;
  value: number;
  regionName: string;
  level: string;
  generated: boolean;
}

const AREA_COLORS = ['#dbe8fb', '#9cc0f0', '#5b93dc', '#2c69c0', '#154a94'];

function buildOption(props: Pick<RegionMapProps, 'mapName' | 'shapes' | 'details'>, describe: (datum: AreaDatum) => string): MapOption {
  const byCode = new Map(props.details.map((child) => [child.code, child]));
  const data: AreaDatum[] = props.shapes.features.map((feature) => {
    const child = byCode.get(feature.properties.code);
    return {
      name: feature.properties.code,
      value: child?.population ?? 0,
      regionName: feature.properties.name,
      level: feature.properties.level,
      generated: feature.properties.generated,
    };
  });
  const populations = data.map((datum) => datum.value);
  const max = Math.max(0, ...populations);
  const min = Math.min(...populations);
  const single = data.length <= 1 || max === 0;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const datum = (params as { data?: AreaDatum }).data;
        return datum ? describe(datum) : '';
      },
    },
    visualMap: single
      ? undefined
      : {
          type: 'continuous',
          min,
          max: max === min ? min + 1 : max,
          left: 16,
          bottom: 16,
          calculable: false,
          text: [max.toLocaleString(), min.toLocaleString()],
          itemHeight: 96,
          itemWidth: 10,
          textStyle: { color: '#5c6b80', fontSize: 11 },
          inRange: { color: AREA_COLORS },
        },
    series: [
      {
        type: 'map',
        map: props.mapName,
        nameProperty: 'code',
        roam: true,
        scaleLimit: { min: 0.8, max: 12 },
        top: 24,
        bottom: 24,
        // room for the legend at the bottom left
        left: single ? 24 : 88,
        right: 24,
        selectedMode: false,
        data,
        label: {
          show: true,
          // many small areas (a street's communities) need smaller names to stay apart
          fontSize: data.length > 12 ? 11 : 12,
          color: '#10233f',
          textBorderColor: 'rgba(255,255,255,0.85)',
          textBorderWidth: 2,
          formatter: (params) => (params.data as AreaDatum | undefined)?.regionName ?? params.name,
        },
        labelLayout: { hideOverlap: true },
        itemStyle: {
          areaColor: single ? '#9cc0f0' : undefined,
          borderColor: '#ffffff',
          borderWidth: 1.2,
        },
        emphasis: {
          label: { color: '#10233f', fontWeight: 'bold' },
          itemStyle: { areaColor: '#f5b041', borderColor: '#c8161e', borderWidth: 1.5 },
        },
      },
    ],
  };
}

export function RegionMap({ mapName, shapes, details, onPick }: RegionMapProps) {
  const t = useT();
  const { tDynamic } = useLang();
  const { ref, width, height } = useElementSize<HTMLDivElement>();
  const chartRef = useRef<ECharts | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;

  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'canvas' });
    chart.on('click', (params) => {
      if (params.componentType === 'series' && typeof params.name === 'string') {
        onPickRef.current(params.name);
      }
    });
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, [ref]);

  useEffect(() => {
    chartRef.current?.resize();
  }, [width, height]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    registerMap(mapName, shapes as unknown as GeoJsonInput);
    const describe = (datum: AreaDatum) => {
      const lines = [
        `<b>${format.encodeHTML(datum.regionName)}</b>`,
        t('common.labelValue', { label: t('regions.level'), value: tDynamic('level', datum.level) }),
        t('common.labelValue', { label: t('regions.population'), value: datum.value.toLocaleString() }),
      ];
      if (datum.generated) lines.push(`<span style="color:#d46b08">${t('regions.generated')}</span>`);
      return lines.join('<br/>');
    };
    chart.setOption(buildOption({ mapName, shapes, details }, describe), { notMerge: true });
  }, [mapName, shapes, details, t, tDynamic]);

  return <div ref={ref} className="gz-map" data-testid="region-map" />;
}
