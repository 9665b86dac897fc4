import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Dropdown, Empty, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { api, download, openHtml, unwrap, type Schemas } from '../../api/client';
import { errorText } from '../../api/errors';
import { useCounty } from '../../api/county';
import { useReportYears } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { AREA_SHORT_ZH, areaName, CELL_STATUS_ORDER, FINDING_KIND_ZH, ITEM_STATUS, type CellStatus } from '../../catalogue';
import { EChart } from '../../components/EChart';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { formatScore } from '../../format';
import { valueVsThreshold } from '../township-year/value';

type Matrix = Schemas['CountyMatrixDto'];
type Row = Matrix['townships'][number];

/** A township-year without an analysed report (no checklist, or no score): 未报送, never a score of 0. */
export const notSubmitted = (r: Row) => !r.checklistId || r.score === null || r.score === undefined;

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
  const findings = useQuery({
    queryKey: ['findings', { year }],
    queryFn: () => unwrap(api.GET('/api/findings', { params: { query: { year: year!, status: 'open' } } })),
    enabled: !!year,
  });

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
      <QueryState query={matrix}>{(m) => <OverviewBody matrix={m} findings={findings.data?.items ?? []} />}</QueryState>
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

/** Above this many townships the heat map's tooltip shows status only (no per-township checklist requests). */
const DETAIL_LIMIT = 60;

function OverviewBody({ matrix, findings }: { matrix: Matrix; findings: Schemas['FindingDto'][] }) {
  const navigate = useNavigate();
  // Measured values for the heat map's tooltip come from each township's checklist (cached for its own page too).
  const withChecklist = matrix.townships.filter((r) => !notSubmitted(r));
  const details = useQueries({
    queries: (withChecklist.length <= DETAIL_LIMIT ? withChecklist : []).map((r) => ({
      queryKey: ['checklist', r.townshipId, matrix.year],
      queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: r.townshipId, year: matrix.year } } })),
    })),
  });
  const measured = useMemo(() => {
    const m = new Map<string, string>();
    for (const q of details) for (const i of q.data?.items ?? []) m.set(`${q.data!.township.id}/${i.obligationId}`, valueVsThreshold(i));
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [details.map((q) => q.dataUpdatedAt).join()]);
  const [view, setView] = useState<'heat' | 'table'>('heat');
  const rows = matrix.townships;
  const submitted = rows.filter((r) => !notSubmitted(r));
  const avg = submitted.length ? submitted.reduce((s, r) => s + (r.score ?? 0), 0) / submitted.length : null;
  const byKind = new Map<string, number>();
  for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const openTownship = (r: Row, obligationId?: string) =>
    navigate(`/townships/${r.townshipId}/${matrix.year}${obligationId ? `?item=${encodeURIComponent(obligationId)}` : ''}`);

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="乡镇（街道）" value={rows.length} /></Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="已报送并分析" value={submitted.length} suffix={`/ ${rows.length}`} /></Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="未报送" value={rows.length - submitted.length} styles={{ content: { color: rows.length > submitted.length ? '#cf1322' : undefined } }} /></Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="逾期报送" value={byKind.get('late_report') ?? 0} /></Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="未公开报告" value={byKind.get('unpublished_report') ?? 0} /></Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small"><Statistic title="平均得分" value={avg === null ? '—' : avg.toFixed(1)} /></Card>
        </Col>
      </Row>
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
            extra={<Segmented value={view} onChange={(v) => setView(v as 'heat' | 'table')} options={[{ value: 'heat', label: '热力图' }, { value: 'table', label: '表格' }]} />}
          >
            {matrix.obligations.length === 0 ? (
              <Empty description="该年度没有检查模板" />
            ) : view === 'heat' ? (
              <HeatMap matrix={matrix} onOpen={openTownship} measured={measured} />
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

const cellStatus = (r: Row, obligationId: string): CellStatus => (notSubmitted(r) ? 'not_submitted' : ((r.statuses[obligationId] as CellStatus) ?? 'missing'));

type Column = { obligation: Matrix['obligations'][number] } | { gap: true };

function HeatMap({ matrix, onOpen, measured }: { matrix: Matrix; onOpen: (r: Row, obligationId: string) => void; measured: Map<string, string> }) {
  const obligations = useMemo(() => sortedObligations(matrix), [matrix]);
  const rows = matrix.townships;
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
      grid: { left: 8, right: many ? 40 : 16, top: 8, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (p: { data: [number, number, number] }) => {
          const [x, y, s] = p.data;
          const o = (columns[x] as { obligation: Matrix['obligations'][number] }).obligation;
          const status = ITEM_STATUS[CELL_STATUS_ORDER[s]];
          const value = measured.get(`${rows[y].townshipId}/${o.id}`);
          return `<b>${rows[y].townshipName}</b><br/>${o.name}<br/>${areaName(o.area)}<br/>状态：<b>${status.label}</b>${value ? `<br/>${value}` : ''}`;
        },
      },
      xAxis: {
        type: 'category',
        data: columns.map((_, i) => String(i)),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { interval: 0, rotate: 40, fontSize: 11, formatter: (_: string, i: number) => labelAt.get(i) ?? '' },
      },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.townshipName), axisTick: { show: false } },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: CELL_STATUS_ORDER.map((s, i) => ({ value: i, label: ITEM_STATUS[s].label, color: ITEM_STATUS[s].color })),
      },
      dataZoom: many ? [{ type: 'slider', yAxisIndex: 0, right: 4, width: 16, startValue: 0, endValue: 24 }, { type: 'inside', yAxisIndex: 0 }] : [],
      series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#fff', borderWidth: 1 }, progressive: 2000 }],
    };
  }, [rows, columns, labelAt, measured]);
  const height = Math.min(rows.length, 25) * 30 + 140;
  return (
    <>
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
      <Typography.Text type="secondary">横轴为 {obligations.length} 项义务，按领域分段排列；悬停查看义务与状态，点击进入该乡镇的检查项。</Typography.Text>
    </>
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
        { title: '得分', width: 70, fixed: 'left', render: (_, r) => formatScore(notSubmitted(r) ? null : r.score) },
        ...obligations.map((o) => ({
          title: <span title={`${areaName(o.area)}：${o.name}`}>{o.name.length > 8 ? `${o.name.slice(0, 8)}…` : o.name}</span>,
          key: o.id,
          width: 110,
          render: (_: unknown, r: Row) => (
            <Link to={`/townships/${r.townshipId}/${matrix.year}?item=${encodeURIComponent(o.id)}`} aria-label={`${r.townshipName} ${o.name}：${ITEM_STATUS[cellStatus(r, o.id)].label}`}>
              <StatusTag status={cellStatus(r, o.id)} />
            </Link>
          ),
        })),
      ]}
    />
  );
}
