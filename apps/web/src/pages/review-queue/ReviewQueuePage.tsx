import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { useCounty } from '../../api/county';
import { fetchAllFindings, useReportYears } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime } from '../../format';
import type { ChecklistView } from '../township-year/useChecklist';

interface Task {
  key: string;
  kind: '佐证材料待审' | '未达标待核实' | '乡镇已答复' | '驳回后已补充';
  township: string;
  title: string;
  since: string;
  href: string;
}

/**
 * Everything in one checklist waiting for an auditor. Evidence files (submissions of kind "evidence", or added by
 * hand) wait until judged; the annual report's own quotes are the machine's reading and are not queued one by one.
 */
export function tasksOf(c: ChecklistView, evidenceFiles: Set<string>): Task[] {
  const base = `/townships/${c.township.id}/${c.year}`;
  const out: Task[] = [];
  for (const i of c.items) {
    const href = `${base}?item=${encodeURIComponent(i.obligationId)}`;
    for (const e of i.evidence)
      if (e.reviewState === 'pending' && (e.source === 'manual' || (e.submissionId !== null && e.submissionId !== undefined && evidenceFiles.has(e.submissionId)))) out.push({ key: `e-${e.id}`, kind: '佐证材料待审', township: c.township.name, title: i.name, since: e.createdAt, href });
    if (i.status === 'below_threshold' && !i.decision) out.push({ key: `b-${i.id}`, kind: '未达标待核实', township: c.township.name, title: i.name, since: c.recomputedAt ?? i.dueDate, href });
    // The api flags an item the township answered, added a file or a note to after a rejection (awaitingReview).
    if (i.awaitingReview && i.reviewRequestedAt)
      out.push({ key: `r-${i.id}`, kind: i.reviewRequestCause === 'finding_response' ? '乡镇已答复' : '驳回后已补充', township: c.township.name, title: i.name, since: i.reviewRequestedAt, href });
    else if (i.decision === 'rejected' && i.decidedAt && i.evidence.some((e) => e.createdAt > i.decidedAt!))
      out.push({ key: `r-${i.id}`, kind: '驳回后已补充', township: c.township.name, title: i.name, since: i.evidence.map((e) => e.createdAt).sort().pop()!, href });
  }
  return out;
}

const KIND_COLOR: Record<Task['kind'], string> = { 佐证材料待审: 'blue', 未达标待核实: 'orange', 乡镇已答复: 'green', 驳回后已补充: 'purple' };

/** 待审: the county's waiting work for a year, oldest first; ↑/↓ to move, Enter to open. */
export default function ReviewQueuePage() {
  const me = useMe();
  const navigate = useNavigate();
  const { years, defaultYear } = useReportYears();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || defaultYear;
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
      .map((f) => ({ key: `f-${f.id}`, kind: '乡镇已答复', township: f.townshipName, title: `${f.message}（答复：${f.response}）`, since: f.respondedAt!, href: `/findings?township=${f.townshipId}&answered=yes&status=open` }));
    const evidenceFiles = new Set(submissions.flatMap((q) => (q.data ?? []).filter((s) => s.kind === 'evidence' && !s.withdrawnAt).map((s) => s.id)));
    return [...checklists.flatMap((q) => (q.data ? tasksOf(q.data, evidenceFiles) : [])), ...answered].sort((a, b) => a.since.localeCompare(b.since));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checklists.map((q) => q.dataUpdatedAt).join(), submissions.map((q) => q.dataUpdatedAt).join(), findings.data]);
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
        <Select aria-label="报告年度" value={year} style={{ width: 120 }} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={(y) => setParams({ year: String(y) })} />
      </Space>
      <Alert type="info" showIcon title="按时间先后排列。键盘：↑/↓ 选择，回车打开。" />
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
          { title: '时间', width: 170, render: (_, t) => formatDateTime(t.since) },
        ]}
      />
    </Space>
  );
}
