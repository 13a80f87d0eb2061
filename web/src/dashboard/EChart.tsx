import { BarChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption, MapSeriesOption, PieSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import type {
  GeoComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, ECElementEvent, ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useElementSize } from '../hooks/useElementSize.ts';

use([
  BarChart,
  LineChart,
  MapChart,
  PieChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | MapSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GeoComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export type ChartTheme = 'light' | 'dark';

interface EChartProps {
  option: ChartOption;
  theme: ChartTheme;
  /** Read through a ref: a new callback does not redraw the chart. */
  onClick?: (event: ECElementEvent) => void;
  className?: string;
  'data-testid'?: string;
  /** Said to screen readers in place of the canvas. */
  label: string;
}

/** One ECharts canvas that follows its box's size; the dark theme draws on a transparent background. */
export function EChart({ option, theme, onClick, className, label, ...rest }: EChartProps) {
  const { ref, width, height } = useElementSize<HTMLDivElement>();
  const chartRef = useRef<ECharts | null>(null);
  const onClickRef = useRef(onClick);
  onClickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.on('click', (event) => onClickRef.current?.(event));
    chartRef.current = chart;
    return () => {
      chart.dispose();
      chartRef.current = null;
    };
  }, [ref, theme]);

  useEffect(() => {
    chartRef.current?.resize();
  }, [width, height]);

  useEffect(() => {
    chartRef.current?.setOption(theme === 'dark' ? { backgroundColor: 'transparent', ...option } : option, { notMerge: true });
  }, [option, theme]);

  return <div ref={ref} className={className ?? 'gz-chart'} role="img" aria-label={label} data-testid={rest['data-testid']} />;
}
