import { useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Collapse, Empty, Progress, Row, Select, Skeleton, Space, Statistic, Tabs, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api, openHtml, unwrap } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import { useReportYears } from '../../api/queries';
import { areaName, ITEM_STATUS } from '../../catalogue';
import { EChart } from '../../components/EChart';
import { NotFound } from '../../components/NotFound';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { formatScore } from '../../format';
import { ItemDrawer } from './ItemDrawer';
import { trendOption, trendText, type TrendPoint } from './trend';
import { valueVsThreshold } from './value';
import { FindingsPanel, PlanItemsPanel, ProblemsPanel, SubmissionsPanel } from './Panels';
import { useChecklist, type ChecklistView, type ItemView } from './useChecklist';

/** One township's year: score and trend, the checklist by area, plan items, problems, findings, submissions. */
export default function TownshipYearPage() {
  const { townshipId = '', year: yearParam = '' } = useParams();
  const year = Number(yearParam);
  const township = useQuery({
    queryKey: ['township', townshipId],
    queryFn: () => unwrap(api.GET('/api/townships/{id}', { params: { path: { id: townshipId } } })),
    enabled: /^[0-9a-f-]{36}$/i.test(townshipId),
  });
  const checklist = useChecklist(townshipId, year);
  if (!/^[0-9a-f-]{36}$/i.test(townshipId) || !Number.isInteger(year)) return <NotFound />;
  if (township.error instanceof ApiError && township.error.status === 404) return <NotFound />;
  const noChecklist = checklist.error instanceof ApiError && checklist.error.code === 'CHECKLIST_NOT_FOUND';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Header townshipId={townshipId} name={township.data?.name ?? checklist.data?.township.name} year={year} />
      {noChecklist ? (
        <Card>
          <Empty description={`${year}年度尚未报送年度报告（未报送）`} />
          <SubmissionsPanel townshipId={townshipId} year={year} />
        </Card>
      ) : (
        <QueryState query={checklist}>{(c) => <Body checklist={c} />}</QueryState>
      )}
    </Space>
  );
}

function Header({ townshipId, name, year }: { townshipId: string; name?: string; year: number }) {
  const navigate = useNavigate();
  const { years } = useReportYears();
  const { message } = App.useApp();
  return (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {name ?? '…'} · {year}年度
      </Typography.Title>
      <Space wrap>
        <label htmlFor="township-year">年度</label>
        <Select id="township-year" value={year} style={{ width: 120 }} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={(y) => navigate(`/townships/${townshipId}/${y}`)} />
        <Button icon={<PrinterOutlined />} onClick={() => openHtml(`/api/townships/${townshipId}/report/${year}`).catch((e) => message.error(errorText(e)))}>
          打印报告
        </Button>
      </Space>
    </Space>
  );
}

function Body({ checklist }: { checklist: ChecklistView }) {
  const [params, setParams] = useSearchParams();
  const openObligation = params.get('item');
  const openItem = checklist.items.find((i) => i.obligationId === openObligation) ?? null;
  const groups = useMemo(() => {
    const m = new Map<string, ItemView[]>();
    for (const i of [...checklist.items].sort((a, b) => a.position - b.position)) m.set(i.area, [...(m.get(i.area) ?? []), i]);
    return [...m.entries()];
  }, [checklist.items]);
  const met = checklist.items.filter((i) => ITEM_STATUS[i.status as keyof typeof ITEM_STATUS]?.met).length;
  const setItem = (obligationId: string | null) => {
    const next = new URLSearchParams(params);
    if (obligationId) next.set('item', obligationId);
    else next.delete('item');
    setParams(next, { replace: true });
  };

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Space size="large" align="center">
              <div data-testid="year-score">
                <Progress type="dashboard" percent={checklist.score ?? 0} format={() => (checklist.score == null ? formatScore(null) : `${formatScore(checklist.score)}分`)} size={110} strokeColor="#b4232a" />
              </div>
              <Space direction="vertical" size={0}>
                <Statistic title="已达标义务" value={met} suffix={`/ ${checklist.items.length}`} />
                <Typography.Text type="secondary">
                  模板 {checklist.template.year}年度 第{checklist.template.version}版
                </Typography.Text>
              </Space>
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title="历年得分">
            <Trend townshipId={checklist.township.id} upTo={checklist.year} />
          </Card>
        </Col>
      </Row>
      <Tabs
        items={[
          {
            key: 'items',
            label: '检查项',
            children: (
              <Collapse
                defaultActiveKey={groups.map(([a]) => a)}
                items={groups.map(([area, items]) => ({
                  key: area,
                  label: (
                    <span>
                      {areaName(area)}{' '}
                      <Typography.Text type="secondary">
                        （{items.filter((i) => ITEM_STATUS[i.status as keyof typeof ITEM_STATUS]?.met).length}/{items.length}）
                      </Typography.Text>
                    </span>
                  ),
                  children: (
                    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {items.map((i) => (
                        <li key={i.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
                          <button
                            type="button"
                            className="item-row"
                            data-obligation={i.obligationId}
                            onClick={() => setItem(i.obligationId)}
                            style={{ all: 'unset', boxSizing: 'border-box', display: 'flex', gap: 8, alignItems: 'center', width: '100%', padding: '8px 4px', cursor: 'pointer', flexWrap: 'wrap' }}
                          >
                            <StatusTag status={i.status} />
                            <span style={{ flex: 1, minWidth: 180 }}>{i.name}</span>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {[valueVsThreshold(i), i.evidence.length ? `佐证 ${i.evidence.length} 条` : ''].filter(Boolean).join(' · ')}
                            </Typography.Text>
                          </button>
                        </li>
                      ))}
                    </ul>
                  ),
                }))}
              />
            ),
          },
          { key: 'plans', label: `计划事项（${checklist.planItemsDue.length + checklist.planItemsMade.length}）`, children: <PlanItemsPanel checklist={checklist} /> },
          { key: 'problems', label: `存在问题（${checklist.problems.reportedThisYear.length + checklist.problems.reportedLastYear.length}）`, children: <ProblemsPanel checklist={checklist} /> },
          { key: 'findings', label: `问题清单（${checklist.findings.filter((f) => f.status === 'open').length}）`, children: <FindingsPanel checklist={checklist} /> },
          { key: 'submissions', label: '报送记录', children: <SubmissionsPanel townshipId={checklist.township.id} year={checklist.year} /> },
        ]}
      />
      <ItemDrawer checklist={checklist} item={openItem} onClose={() => setItem(null)} />
    </>
  );
}

function Trend({ townshipId, upTo }: { townshipId: string; upTo: number }) {
  const { years } = useReportYears();
  const asc = [...years].filter((y) => y <= upTo).sort((a, b) => a - b);
  const results = useQueries({
    queries: asc.map((y) => ({
      queryKey: ['checklist', townshipId, y],
      queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: townshipId, year: y } } })),
      retry: false,
    })),
  });
  // A year without a checklist has no report either (未报送); any other failure is not a 未报送 and says so.
  const points: TrendPoint[] = asc.map((y, i) => {
    const r = results[i];
    const none = r.error instanceof ApiError && r.error.code === 'CHECKLIST_NOT_FOUND';
    return { year: y, score: r.data?.score ?? null, failed: !!r.error && !none };
  });
  const pending = !years.length || results.some((r) => r.isPending);
  const option = useMemo(() => trendOption(points), [JSON.stringify(points)]);
  if (pending) return <Skeleton active title={false} paragraph={{ rows: 3 }} style={{ height: 150 }} />;
  return (
    <div data-testid="score-trend">
      <EChart renderer="svg" label={`历年得分：${points.map((p) => `${p.year}年${trendText(p)}`).join('，')}`} option={option} height={150} />
    </div>
  );
}
