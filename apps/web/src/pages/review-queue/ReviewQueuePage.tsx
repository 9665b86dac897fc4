import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { useCounty } from '../../api/county';
import { fetchAllFindings, useReportYears } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime } from '../../format';
import { sortTasks, tasksOf, type Task, type TaskKind, type TaskOrder } from './tasks';

const KIND_COLOR: Record<TaskKind, string> = { 佐证材料待审: 'blue', 机器把握较低: 'gold', 未达标待核实: 'orange', 乡镇已答复: 'green', 已答复审核意见: 'cyan', 驳回后已补充: 'purple' };

/** 待审: the county's waiting work for a year, oldest first; ↑/↓ to move, Enter to open. */
export default function ReviewQueuePage() {
  const me = useMe();
  const navigate = useNavigate();
  const { years, defaultYear } = useReportYears();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear;
  const order: TaskOrder = params.get('sort') === 'confidence' ? 'confidence' : 'oldest';
  const { countyId } = useCounty(me);
  const matrix = useQuery({
    queryKey: ['matrix', countyId, year],
    queryFn: () => unwrap(api.GET('/api/counties/{id}/matrix', { params: { path: { id: countyId! }, query: { year: year! } } })),
    enabled: !!countyId && !!year,
  });
  const withChecklist = (matrix.data?.townships ?? []).filter((r) => r.checklistId);
  const checklists = useQueries({
    queries: withChecklist.map((r) => ({
      queryKey: ['checklist', r.townshipId, year],
      queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: r.townshipId, year: year! } } })),
    })),
  });
  const submissions = useQueries({
    queries: withChecklist.map((r) => ({
      queryKey: ['submissions', r.townshipId, year],
      queryFn: () => unwrap(api.GET('/api/townships/{id}/submissions', { params: { path: { id: r.townshipId }, query: { year: year! } } })),
    })),
  });
  // Answers to findings wait whatever year they are about.
  // Only the open findings the townships have answered: the api filters, every page of them is waiting work.
  const findings = useQuery({
    queryKey: ['findings', 'answered-open', countyId],
    queryFn: () => fetchAllFindings({ status: 'open', answered: true, countyId }),
    enabled: !!countyId,
  });
  const tasks = useMemo(() => {
    const answered: Task[] = (findings.data ?? [])
      .filter((f) => f.respondedAt)
      .map((f) => ({ key: `f-${f.id}`, kind: '乡镇已答复', township: f.townshipName, title: `${f.message}（答复：${f.response}）`, since: f.respondedAt!, href: `/findings?township=${f.townshipId}&answered=yes&status=open`, confidence: null }));
    const evidenceFiles = new Set(submissions.flatMap((q) => (q.data ?? []).filter((s) => s.kind === 'evidence' && !s.withdrawnAt).map((s) => s.id)));
    return sortTasks([...checklists.flatMap((q) => (q.data ? tasksOf(q.data, evidenceFiles) : [])), ...answered], order);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checklists.map((q) => q.dataUpdatedAt).join(), submissions.map((q) => q.dataUpdatedAt).join(), findings.data, order]);
  const [cursor, setCursor] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, [role=combobox]')) return;
      if (e.key === 'ArrowDown' || e.key === 'j') setCursor((c) => Math.min(tasks.length - 1, c + 1));
      else if (e.key === 'ArrowUp' || e.key === 'k') setCursor((c) => Math.max(0, c - 1));
      else if (e.key === 'Enter' && tasks[cursor]) navigate(tasks[cursor].href);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tasks, cursor, navigate]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          待审
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label="排序"
            value={order}
            style={{ width: 170 }}
            options={[
              { value: 'oldest', label: '按时间（最早在前）' },
              { value: 'confidence', label: '按把握度（最低在前）' },
            ]}
            onChange={(o) => setParams({ ...(year ? { year: String(year) } : {}), sort: o })}
          />
          <Select aria-label="报告年度" value={year} style={{ width: 120 }} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={(y) => setParams({ year: String(y), sort: order })} />
        </Space>
      </Space>
      <Alert type="info" showIcon title={`${order === 'confidence' ? '机器把握度最低的在前（把握度低于 75% 的自动引文也在此待审）' : '按时间先后排列'}。键盘：↑/↓ 选择，回车打开。`} />
      <Table<Task>
        size="small"
        rowKey="key"
        loading={matrix.isPending || checklists.some((q) => q.isPending)}
        dataSource={tasks}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: '没有待审事项' }}
        onRow={(t, i) => ({
          onClick: () => navigate(t.href),
          style: { cursor: 'pointer', background: i === cursor ? '#fff1f0' : undefined },
          'aria-selected': i === cursor,
        })}
        columns={[
          { title: '类型', width: 130, render: (_, t) => <Tag color={KIND_COLOR[t.kind]}>{t.kind}</Tag> },
          { title: '乡镇（街道）', width: 120, dataIndex: 'township' },
          { title: '事项', dataIndex: 'title' },
          { title: '把握度', width: 80, render: (_, t) => (t.confidence === null ? '—' : `${Math.round(t.confidence * 100)}%`) },
          { title: '时间', width: 170, render: (_, t) => formatDateTime(t.since) },
        ]}
      />
    </Space>
  );
}
