import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Dropdown, Empty, Grid, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { api, download, openHtml, unwrap, type Schemas } from '../../api/client';
import { errorText } from '../../api/errors';
import { useCounty } from '../../api/county';
import { useReportYears, type FindingQuery } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { AREA_SHORT_ZH, areaName, CELL_STATUS_ORDER, FINDING_KIND_ZH, ITEM_STATUS, type CellStatus } from '../../catalogue';
import { EChart } from '../../components/EChart';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { formatScore } from '../../format';
import { shortValue, valueVsThreshold } from '../township-year/value';
import { reportCounts } from './report-counts';

type Matrix = Schemas['CountyMatrixDto'];
type Row = Matrix['townships'][number];

/** A township-year without a current annual report (none, or withdrawn): 未报送, never a score of 0. */
export const notSubmitted = (r: Row) => r.reportStatus === 'not_submitted' || r.score === null || r.score === undefined;

const FINDING_KINDS = Object.keys(FINDING_KIND_ZH) as NonNullable<FindingQuery['kind']>[];

/** Open findings of the county's year by kind: one count per kind from the api (a one-row page each). */
function useOpenFindingCounts(countyId: string | undefined, year: number | undefined): Map<string, number> {
  const counts = useQueries({
    queries: FINDING_KINDS.map((kind) => ({
      queryKey: ['findings', 'count', { countyId, year, kind, status: 'open' }],
      queryFn: () => unwrap(api.GET('/api/findings', { params: { query: { countyId, year, kind, status: 'open', pageSize: 1 } } })),
      enabled: !!countyId && !!year,
    })),
  });
  return new Map(FINDING_KINDS.flatMap((k, i) => (counts[i].data ? [[k, counts[i].data!.total] as const] : [])));
}

export default function OverviewPage() {
  const me = useMe();
  const { years, defaultYear } = useReportYears();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear;
  const { countyId, countyName, counties, setCounty } = useCounty(me);
  const matrix = useQuery({
    queryKey: ['matrix', countyId, year],
    queryFn: () => unwrap(api.GET('/api/counties/{id}/matrix', { params: { path: { id: countyId! }, query: { year: year! } } })),
    enabled: !!countyId && !!year,
  });
  const findingCounts = useOpenFindingCounts(countyId, matrix.data?.year ?? year);

  if (!countyId) return <Empty description="还没有县" />;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {countyName} · 总览
        </Typography.Title>
        <Space wrap>
          {me.role === 'admin' && (
            <Select aria-label="县" value={countyId} style={{ width: 160 }} options={counties.map((c) => ({ value: c.id, label: c.name }))} onChange={setCounty} />
          )}
          <label htmlFor="year-select">报告年度</label>
          <Select
            id="year-select"
            aria-label="报告年度"
            value={year}
            style={{ width: 120 }}
            options={years.map((y) => ({ value: y, label: `${y}年度` }))}
            onChange={(y) => {
              const next = new URLSearchParams(params);
              next.set('year', String(y));
              setParams(next);
            }}
          />
          {year && <ExportButtons countyId={countyId} year={year} rows={matrix.data?.townships ?? []} />}
        </Space>
      </Space>
      <QueryState query={matrix}>{(m) => <OverviewBody matrix={m} byKind={findingCounts} />}</QueryState>
    </Space>
  );
}

function ExportButtons({ countyId, year, rows }: { countyId: string; year: number; rows: Row[] }) {
  const { message } = App.useApp();
  const run = (p: Promise<void>) => p.catch((e) => message.error(errorText(e)));
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={() => run(download(`/api/counties/${countyId}/matrix.xlsx?year=${year}`, `检查矩阵-${year}.xlsx`))}>
        导出 Excel
      </Button>
      <Button icon={<DownloadOutlined />} onClick={() => run(download(`/api/counties/${countyId}/matrix.csv?year=${year}`, `检查矩阵-${year}.csv`))}>
        导出 CSV
      </Button>
      <Dropdown
        menu={{
          items: rows.filter((r) => !notSubmitted(r)).map((r) => ({ key: r.townshipId, label: r.townshipName })),
          onClick: ({ key }) => run(openHtml(`/api/townships/${key}/report/${year}`)),
        }}
        disabled={!rows.some((r) => !notSubmitted(r))}
      >
        <Button icon={<PrinterOutlined />}>打印报告</Button>
      </Dropdown>
    </>
  );
}

function OverviewBody({ matrix, byKind }: { matrix: Matrix; byKind: Map<string, number> }) {
  const navigate = useNavigate();
  const [view, setView] = useState<'heat' | 'table'>('heat');
  const rows = matrix.townships;
  const submitted = rows.filter((r) => !notSubmitted(r));
  const avg = submitted.length ? submitted.reduce((s, r) => s + (r.score ?? 0), 0) / submitted.length : null;
  const openTownship = (r: Row, obligationId?: string) =>
    navigate(`/townships/${r.townshipId}/${matrix.year}${obligationId ? `?item=${encodeURIComponent(obligationId)}` : ''}`);

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="乡镇（街道）" value={rows.length} /></Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card size="small"><Statistic title="参与排名" value={submitted.length} suffix={`/ ${rows.length}`} /></Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card size="small"><Statistic title="逾期报送" value={byKind.get('late_report') ?? 0} /></Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card size="small"><Statistic title="未公开报告" value={byKind.get('unpublished_report') ?? 0} /></Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card size="small"><Statistic title="平均得分" value={avg === null ? '—' : avg.toFixed(1)} /></Card>
        </Col>
      </Row>
      <Card size="small" title="年度报告报送情况（按各乡镇最近一份报告）">
        <Space wrap size={[32, 8]} data-testid="report-counts">
          {reportCounts(rows).map((c) => (
            <div key={c.state} data-testid={`report-count-${c.state}`}>
              <Statistic
                title={c.label}
                value={c.count}
                styles={{ content: { fontSize: 20, color: c.count && ['not_submitted', 'failed', 'rejected_not_report'].includes(c.state) ? '#cf1322' : undefined } }}
              />
            </div>
          ))}
        </Space>
      </Card>
      <Card size="small" title="未结问题（按类型）">
        <Space wrap>
          {Object.entries(FINDING_KIND_ZH).map(([k, label]) => (
            <Tag key={k} color={byKind.get(k) ? 'red' : undefined} style={{ fontSize: 14, padding: '2px 8px' }}>
              {label} {byKind.get(k) ?? 0}
            </Tag>
          ))}
          <Typography.Text type="secondary">其中逾期未完成的计划事项 {byKind.get('overdue_plan') ?? 0} 项</Typography.Text>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card size="small" title="得分排名">
            <Ranking rows={rows} onOpen={openTownship} />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title="乡镇 × 义务"
            extra={<Segmented aria-label="显示方式" value={view} onChange={(v) => setView(v as 'heat' | 'table')} options={[{ value: 'heat', label: '热力图' }, { value: 'table', label: '表格' }]} />}
          >
            {matrix.obligations.length === 0 ? (
              <Empty description="该年度没有检查模板" />
            ) : view === 'heat' ? (
              <HeatMap matrix={matrix} onOpen={openTownship} />
            ) : (
              <MatrixTable matrix={matrix} onOpen={openTownship} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function Ranking({ rows, onOpen }: { rows: Row[]; onOpen: (r: Row) => void }) {
  const ordered = [...rows].sort((a, b) => Number(notSubmitted(a)) - Number(notSubmitted(b)) || (b.score ?? 0) - (a.score ?? 0));
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => String(v) },
      xAxis: { type: 'value', max: 100, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'category', inverse: true, data: ordered.map((r) => r.townshipName), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 22,
          data: ordered.map((r) =>
            notSubmitted(r)
              ? { value: 0, itemStyle: { color: '#d9d9d9' }, label: { show: true, position: 'right', formatter: '未报送', color: '#8c8c8c' } }
              : { value: r.score, itemStyle: { color: '#b4232a' }, label: { show: true, position: 'right', formatter: formatScore(r.score) } },
          ),
        },
      ],
    }),
    [ordered],
  );
  return (
    <EChart
      label="乡镇得分排名柱状图"
      testId="ranking-chart"
      option={option}
      height={Math.max(200, ordered.length * 34 + 40)}
      onClick={(e) => onOpen(ordered[e.dataIndex])}
    />
  );
}

function sortedObligations(matrix: Matrix) {
  const areas: string[] = [];
  for (const o of matrix.obligations) if (!areas.includes(o.area)) areas.push(o.area);
  return [...matrix.obligations].sort((a, b) => areas.indexOf(a.area) - areas.indexOf(b.area));
}

/** A cell's measured value with its obligation's requirement (the matrix carries values only where measured). */
const cellValue = (r: Row, o: Matrix['obligations'][number]) => ({ measuredValue: r.values[o.id] ?? null, requirement: o.requirement });

const cellStatus = (r: Row, obligationId: string): CellStatus => (notSubmitted(r) ? 'not_submitted' : ((r.statuses[obligationId] as CellStatus) ?? 'missing'));

type Column = { obligation: Matrix['obligations'][number] } | { gap: true };

function HeatMap({ matrix, onOpen }: { matrix: Matrix; onOpen: (r: Row, obligationId: string) => void }) {
  const obligations = useMemo(() => sortedObligations(matrix), [matrix]);
  const rows = matrix.townships;
  // On a phone an area is a few pixels wide: its name would overlap its neighbours', so the tooltip names it instead.
  const areaLabels = Grid.useBreakpoint().md !== false;
  // A narrow empty column between areas, and each area's short name under its middle column.
  const columns = useMemo(() => {
    const out: Column[] = [];
    obligations.forEach((o, i) => {
      if (i > 0 && o.area !== obligations[i - 1].area) out.push({ gap: true });
      out.push({ obligation: o });
    });
    return out;
  }, [obligations]);
  const labelAt = useMemo(() => {
    const m = new Map<number, string>();
    let from = 0;
    columns.forEach((c, i) => {
      const ends = i === columns.length - 1 || 'gap' in columns[i + 1];
      if ('gap' in c) from = i + 1;
      else if (ends) m.set(Math.floor((from + i) / 2), AREA_SHORT_ZH[c.obligation.area] ?? '');
    });
    return m;
  }, [columns]);
  const option = useMemo(() => {
    const data: [number, number, number][] = [];
    rows.forEach((r, y) => columns.forEach((c, x) => 'obligation' in c && data.push([x, y, CELL_STATUS_ORDER.indexOf(cellStatus(r, c.obligation.id))])));
    const many = rows.length > 25;
    return {
      animation: false,
      grid: { left: 8, right: many ? 40 : 16, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        formatter: (p: { data: [number, number, number] }) => {
          const [x, y, s] = p.data;
          const o = (columns[x] as { obligation: Matrix['obligations'][number] }).obligation;
          const status = ITEM_STATUS[CELL_STATUS_ORDER[s]];
          const value = notSubmitted(rows[y]) ? '' : valueVsThreshold(cellValue(rows[y], o));
          return `<b>${rows[y].townshipName}</b><br/>${o.name}<br/>${areaName(o.area)}<br/>状态：<b>${status.label}</b>${value ? `<br/>${value}` : ''}`;
        },
      },
      xAxis: {
        type: 'category',
        data: columns.map((_, i) => String(i)),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { show: areaLabels, interval: 0, rotate: 40, fontSize: 11, formatter: (_: string, i: number) => labelAt.get(i) ?? '' },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => (notSubmitted(r) ? `${r.townshipName}（未报送）` : r.townshipName)),
        axisTick: { show: false },
        axisLabel: { color: (_: string, i: number) => (notSubmitted(rows[i]) ? '#8c8c8c' : '#262626') },
      },
      // Colours only: the legend is HTML above the map, so it is on screen with the map's first rows and wraps on
      // a phone.
      visualMap: {
        type: 'piecewise',
        show: false,
        pieces: CELL_STATUS_ORDER.map((s, i) => ({ value: i, label: ITEM_STATUS[s].label, color: ITEM_STATUS[s].color })),
      },
      dataZoom: many ? [{ type: 'slider', yAxisIndex: 0, right: 4, width: 16, startValue: 0, endValue: 24 }, { type: 'inside', yAxisIndex: 0 }] : [],
      series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#fff', borderWidth: 1 }, progressive: 2000 }],
    };
  }, [rows, columns, labelAt, areaLabels]);
  const height = Math.min(rows.length, 25) * 30 + (areaLabels ? 90 : 30);
  return (
    <>
      <HeatMapLegend />
      <EChart
        label={`热力图：${rows.length} 个乡镇（街道）× ${obligations.length} 项义务的状态；表格视图提供同样的数据`}
        testId="heatmap"
        option={option}
        height={height}
        onClick={(e) => {
          const [x, y] = e.data as [number, number, number];
          const c = columns[x];
          if ('obligation' in c) onOpen(rows[y], c.obligation.id);
        }}
      />
      <Typography.Text type="secondary">横轴为 {obligations.length} 项义务，按领域分段排列{areaLabels ? '' : '（悬停可见领域名称）'}；悬停查看义务、状态与测得值，点击进入该乡镇的检查项。</Typography.Text>
    </>
  );
}

/** The status colours of the heat map, above it: seen together with the map at any window size. */
function HeatMapLegend() {
  return (
    <Space wrap size={[16, 4]} data-testid="heatmap-legend" aria-label="热力图图例" style={{ marginBottom: 4 }}>
      {CELL_STATUS_ORDER.map((s) => (
        <span key={s} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 12 }}>
          <span aria-hidden style={{ width: 14, height: 14, borderRadius: 2, background: ITEM_STATUS[s].color, display: 'inline-block' }} />
          {ITEM_STATUS[s].label}
        </span>
      ))}
    </Space>
  );
}

function MatrixTable({ matrix, onOpen }: { matrix: Matrix; onOpen: (r: Row, obligationId?: string) => void }) {
  const obligations = sortedObligations(matrix);
  return (
    <Table<Row>
      size="small"
      rowKey="townshipId"
      pagination={false}
      scroll={{ x: 'max-content', y: 520 }}
      dataSource={matrix.townships}
      columns={[
        {
          title: '乡镇（街道）',
          fixed: 'left',
          width: 120,
          render: (_, r) => (
            <Button type="link" size="small" onClick={() => onOpen(r)} style={{ padding: 0 }}>
              {r.townshipName}
            </Button>
          ),
        },
        {
          title: '得分',
          width: 80,
          fixed: 'left',
          render: (_, r) => (notSubmitted(r) ? <Tag data-testid="not-submitted">未报送</Tag> : formatScore(r.score)),
        },
        ...obligations.map((o) => ({
          title: <span title={`${areaName(o.area)}：${o.name}`}>{o.name.length > 8 ? `${o.name.slice(0, 8)}…` : o.name}</span>,
          key: o.id,
          width: 110,
          render: (_: unknown, r: Row) => {
            const value = notSubmitted(r) ? '' : valueVsThreshold(cellValue(r, o));
            const short = notSubmitted(r) ? '' : shortValue(cellValue(r, o));
            return (
              <Link
                to={`/townships/${r.townshipId}/${matrix.year}?item=${encodeURIComponent(o.id)}`}
                aria-label={`${r.townshipName} ${o.name}：${ITEM_STATUS[cellStatus(r, o.id)].label}${value ? `，${value}` : ''}`}
                title={value || undefined}
              >
                <StatusTag status={cellStatus(r, o.id)} />
                {short && <div style={{ fontSize: 12, color: '#595959' }} data-testid="cell-value">{short}</div>}
              </Link>
            );
          },
        })),
      ]}
    />
  );
}
