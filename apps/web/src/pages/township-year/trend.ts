import { formatScore } from '../../format';

/** One year of the 历年得分 chart: a score, 未报送 (no report counted for the year), or not known (the read failed). */
export interface TrendPoint {
  year: number;
  score: number | null;
  failed?: boolean;
}

const RED = '#b4232a';
const GREY = '#8c8c8c';

/** What a person reads for one year: 67.9分, 未报送, or 读取失败 — never a 0 for a year without a report. */
export function trendText(p: TrendPoint): string {
  if (p.failed) return '读取失败';
  return p.score === null ? formatScore(null) : `${formatScore(p.score)}分`;
}

/**
 * The line of scores by year: every scored year has its own marker and value label (a lone year too, which a line
 * alone would not show); a year without a report is a gap in the line with 未报送 written under its year on the axis.
 */
export function trendOption(points: TrendPoint[]) {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: (ps: { dataIndex: number }[]) => `${points[ps[0].dataIndex].year}年：${trendText(points[ps[0].dataIndex])}` },
    xAxis: {
      type: 'category',
      data: points.map((p) => (p.score === null ? `${p.year}年\n{none|${trendText(p)}}` : `${p.year}年`)),
      axisLabel: { interval: 0, lineHeight: 16, rich: { none: { color: GREY, fontSize: 12 } } },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25 },
    series: [
      {
        type: 'line',
        connectNulls: false,
        showSymbol: true,
        showAllSymbol: true,
        symbol: 'circle',
        symbolSize: 9,
        data: points.map((p) => p.score),
        itemStyle: { color: RED },
        lineStyle: { color: RED },
        label: { show: true, position: 'top', color: '#262626', formatter: (l: { value: number | null }) => (typeof l.value === 'number' ? `${formatScore(l.value)}分` : '') },
      },
    ],
  };
}
