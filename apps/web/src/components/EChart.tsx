import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption, ECElementEvent } from 'echarts/core';

// Only the chart types the app draws: on the canvas renderer (fluid with hundreds of townships × 53 cells), or on SVG
// for small charts whose marks and labels should be real elements (readable by tests and assistive tools alike).
echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, TooltipComponent, VisualMapComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer, SVGRenderer]);

interface Props {
  option: EChartsCoreOption;
  height: number;
  onClick?: (e: ECElementEvent) => void;
  /** Accessible name of the chart; the data itself is in the table alternative beside it. */
  label: string;
  testId?: string;
  renderer?: 'canvas' | 'svg';
}

/** A thin ECharts wrapper: one instance per element, resized with its container, option replaced on change. */
export function EChart({ option, height, onClick, label, testId, renderer = 'canvas' }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer });
    chart.current = c;
    c.on('click', (e) => click.current?.(e as ECElementEvent));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
