import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Grid, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download, unwrap, type Schemas } from '../../api/client';
import { chineseMessage, errorText } from '../../api/errors';
import { canReview, canSubmit } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { FINDING_KIND_ZH, FINDING_STATUS, PLAN_STATUS, PROBLEM_STATUS, SUBMISSION_KIND_ZH, SUBMISSION_STATUS } from '../../catalogue';
import { CatalogueTag } from '../../components/StatusTag';
import { dueDateOf, formatBytes, formatDate, formatDateTime, todayInShanghai } from '../../format';
import { useReportYearTemplate } from '../tasks/useCurrentYear';
import { canWithdraw } from './rules';
import { checklistKey, useSubmissions, type ChecklistView } from './useChecklist';

type PlanItem = Schemas['PlanItemDto'];

export function PlanItemsPanel({ checklist }: { checklist: ChecklistView }) {
  const me = useMe();
  const [editing, setEditing] = useState<PlanItem | null>(null);
  const targetText = (p: PlanItem) => (p.target ? `目标 ${p.target.op === '<=' ? '≤' : p.target.op === '=' ? '=' : '≥'} ${p.target.value}${p.target.unit}` : '');
  const columns = (judged: boolean) => [
    { title: '计划事项', dataIndex: 'text', render: (t: string, p: PlanItem) => <>{t} <Typography.Text type="secondary">{targetText(p)}</Typography.Text></> },
    { title: '期限', dataIndex: 'dueDate', width: 130, render: (d: string) => formatDate(d) },
    ...(judged
      ? [
          {
            title: '判定',
            width: 240,
            render: (_: unknown, p: PlanItem) => (
              <Space direction="vertical" size={0}>
                <span>
                  <CatalogueTag entry={PLAN_STATUS[p.status]} />
                  {p.overrideStatus && <Tag>人工判定</Tag>}
                </span>
                {p.judgementNote && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.judgementNote}</Typography.Text>}
                {p.overrideReason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>理由：{p.overrideReason}</Typography.Text>}
              </Space>
            ),
          },
          ...(canReview(me.role)
            ? [{ title: '操作', width: 90, render: (_: unknown, p: PlanItem) => <Button size="small" onClick={() => setEditing(p)}>人工判定</Button> }]
            : []),
        ]
      : []),
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>上年度报告承诺本年度完成的事项</Typography.Title>
        <Table size="small" rowKey="id" dataSource={checklist.planItemsDue} columns={columns(true)} pagination={false} scroll={{ x: 640 }} locale={{ emptyText: '没有上年度的承诺事项' }} />
      </div>
      <div>
        <Typography.Title level={5}>本年度报告提出的下一年度计划</Typography.Title>
        <Table size="small" rowKey="id" dataSource={checklist.planItemsMade} columns={columns(false)} pagination={false} locale={{ emptyText: '报告中没有读到下一年度计划' }} />
      </div>
      <OverrideModal checklist={checklist} item={editing} onClose={() => setEditing(null)} />
    </Space>
  );
}

function OverrideModal({ checklist, item, onClose }: { checklist: ChecklistView; item: PlanItem | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ status: 'open' | 'fulfilled' | 'partially' | 'overdue' | 'auto'; reason: string }>();
  const save = useMutation({
    mutationFn: (body: { status: 'open' | 'fulfilled' | 'partially' | 'overdue' | 'auto'; reason: string }) =>
      unwrap(api.PATCH('/api/plan-items/{id}', { params: { path: { id: item!.id } }, body })),
    onSuccess: async () => {
      message.success('已保存判定');
      onClose();
      await qc.invalidateQueries({ queryKey: checklistKey(checklist.township.id, checklist.year) });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal open={!!item} title="人工判定计划事项" okText="保存" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph>{item?.text}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ status: v.status, reason: v.reason.trim() })} initialValues={{ status: item?.overrideStatus ?? item?.status }}>
        <Form.Item label="完成情况" name="status" rules={[{ required: true, message: '请选择' }]}>
          <Select options={[...Object.entries(PLAN_STATUS).map(([value, s]) => ({ value, label: s.label })), { value: 'auto', label: '撤销人工判定（恢复自动判定）' }]} />
        </Form.Item>
        <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ProblemsPanel({ checklist }: { checklist: ChecklistView }) {
  const cols = [
    { title: '问题', dataIndex: 'text' },
    { title: '整改情况', width: 220, render: (_: unknown, p: Schemas['ProblemDto']) => <Space direction="vertical" size={0}><CatalogueTag entry={PROBLEM_STATUS[p.status]} />{p.judgementNote && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.judgementNote}</Typography.Text>}</Space> },
  ];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>本年度报告自查的问题</Typography.Title>
        <Table size="small" rowKey="id" dataSource={checklist.problems.reportedThisYear} columns={cols.slice(0, 1)} pagination={false} locale={{ emptyText: '报告中没有读到存在的问题' }} />
      </div>
      <div>
        <Typography.Title level={5}>上年度报告的问题及整改</Typography.Title>
        <Table size="small" rowKey="id" dataSource={checklist.problems.reportedLastYear} columns={cols} pagination={false} locale={{ emptyText: '没有上年度的问题' }} />
      </div>
    </Space>
  );
}

export function FindingsPanel({ checklist }: { checklist: ChecklistView }) {
  return <FindingList findings={checklist.findings} invalidate={[checklistKey(checklist.township.id, checklist.year)]} />;
}

/** Findings with their responses; a township answers its own open ones here. */
type FindingRow = Schemas['FindingDto'] & { townshipName?: string };

/** Server-side paging for the list (the findings page); without it the list pages what it was given. */
export interface FindingPaging {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number, pageSize: number) => void;
}

export function FindingList({ findings, invalidate, showTownship, paging }: { findings: FindingRow[]; invalidate: readonly (readonly unknown[])[]; showTownship?: boolean; paging?: FindingPaging }) {
  const me = useMe();
  const [answering, setAnswering] = useState<FindingRow | null>(null);
  const screens = Grid.useBreakpoint();
  if (!findings.length) return <Empty description="没有问题" />;
  const answer = (f: Schemas['FindingDto']) =>
    f.response ? (
      <Space direction="vertical" size={0}>
        <span className="finding-response">{f.response}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(f.respondedAt)}</Typography.Text>
      </Space>
    ) : canSubmit(me.role) && f.status === 'open' ? (
      <Button size="small" type="primary" onClick={() => setAnswering(f)}>答复</Button>
    ) : (
      <Typography.Text type="secondary">未答复</Typography.Text>
    );
  if (!screens.md)
    return (
      <>
        <List
          size="small"
          dataSource={findings}
          pagination={paging ? { current: paging.page, pageSize: paging.pageSize, total: paging.total, onChange: paging.onChange, size: 'small', showSizeChanger: false } : findings.length > 10 ? { pageSize: 10, size: 'small' } : false}
          renderItem={(f) => (
            <List.Item className="finding-item">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Tag>{FINDING_KIND_ZH[f.kind] ?? '其他'}</Tag>
                  <CatalogueTag entry={FINDING_STATUS[f.status]} />
                  {showTownship && <Typography.Text type="secondary">{f.townshipName}</Typography.Text>}
                </Space>
                <span>{f.message}</span>
                {answer(f)}
              </Space>
            </List.Item>
          )}
        />
        <AnswerModal finding={answering} onClose={() => setAnswering(null)} invalidate={invalidate} />
      </>
    );
  return (
    <>
      <Table
        size="small"
        rowKey="id"
        dataSource={findings}
        pagination={
          paging
            ? { current: paging.page, pageSize: paging.pageSize, total: paging.total, onChange: paging.onChange, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }
            : findings.length > 20
              ? { pageSize: 20, showSizeChanger: false }
              : false
        }
        scroll={{ x: 720 }}
        columns={[
          ...(showTownship ? [{ title: '乡镇（街道）', width: 110, render: (_: unknown, f: FindingRow) => f.townshipName ?? '—' }, { title: '年度', width: 70, render: (_: unknown, f: FindingRow) => `${f.year}` }] : []),
          { title: '类型', width: 100, render: (_: unknown, f: Schemas['FindingDto']) => FINDING_KIND_ZH[f.kind] ?? '其他' },
          { title: '问题', dataIndex: 'message' },
          { title: '状态', width: 90, render: (_: unknown, f: Schemas['FindingDto']) => <CatalogueTag entry={FINDING_STATUS[f.status]} /> },
          {
            title: '乡镇答复',
            width: 240,
            render: (_: unknown, f: Schemas['FindingDto']) => answer(f),
          },
        ]}
      />
      <AnswerModal finding={answering} onClose={() => setAnswering(null)} invalidate={invalidate} />
    </>
  );
}

export function AnswerModal({ finding, onClose, invalidate }: { finding: FindingRow | null; onClose: () => void; invalidate: readonly (readonly unknown[])[] }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ response: string }>();
  const save = useMutation({
    mutationFn: (response: string) => unwrap(api.POST('/api/findings/{id}/response', { params: { path: { id: finding!.id } }, body: { response } })),
    onSuccess: async () => {
      message.success('答复已提交');
      onClose();
      for (const key of invalidate) await qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ['findings'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal open={!!finding} title="答复问题" okText="提交答复" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Typography.Paragraph>{finding?.message}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.response.trim())}>
        <Form.Item label="整改情况说明" name="response" rules={[{ required: true, whitespace: true, message: '请填写答复' }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SubmissionsPanel({ townshipId, year }: { townshipId: string; year: number }) {
  const me = useMe();
  const q = useSubmissions(townshipId, year);
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const { template } = useReportYearTemplate(year);
  const deadline = template ? dueDateOf(template.reportSubmitBy, year) : undefined;
  const today = todayInShanghai();
  const screens = Grid.useBreakpoint();
  const withdraw = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/submissions/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: async (s) => {
      message.success(`已撤回“${s.fileName}”，该年度清单将重新计算`);
      await qc.invalidateQueries({ queryKey: ['submissions'] });
      void qc.invalidateQueries({ queryKey: checklistKey(townshipId, year) });
      void qc.invalidateQueries({ queryKey: ['matrix'] });
      void qc.invalidateQueries({ queryKey: ['findings'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const confirm = (s: Schemas['SubmissionViewDto']) =>
    modal.confirm({
      title: `撤回“${s.fileName}”？`,
      content:
        s.kind === 'annual_report'
          ? `撤回后该报告不再计入${year}年度，清单将重新计算；记录保留可查。${me.role === 'township' && deadline ? `报送截止日期（${formatDate(deadline)}）前可以重新报送。` : ''}`
          : '撤回后该佐证材料不再计入本年度清单；记录保留可查。',
      okText: '确认撤回',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => withdraw.mutateAsync(s.id).catch(() => undefined),
    });
  const state = (s: Schemas['SubmissionViewDto']) =>
    s.withdrawnAt ? (
      <Space direction="vertical" size={0} data-testid="submission-state">
        <Tag>已撤回</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(s.withdrawnAt)}</Typography.Text>
      </Space>
    ) : (
      <Space direction="vertical" size={0} data-testid="submission-state">
        <CatalogueTag entry={SUBMISSION_STATUS[s.status]} />
        {s.status === 'failed' && <Typography.Text type="danger" style={{ fontSize: 12 }}>{chineseMessage(s.errorCode ?? '', s.errorMessage ?? undefined)}</Typography.Text>}
        {(s.status === 'rejected_not_report' || s.status === 'needs_year_confirmation') && <Typography.Text type="warning" style={{ fontSize: 12 }}>{s.errorMessage}</Typography.Text>}
        {s.progressLabel && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.progressLabel}</Typography.Text>}
      </Space>
    );
  const actions = (s: Schemas['SubmissionViewDto']) => (
    <Space size={4}>
      <Button size="small" icon={<DownloadOutlined />} aria-label={`下载 ${s.fileName}`} onClick={() => download(`/api/submissions/${s.id}/file`, s.fileName).catch((e) => message.error(errorText(e)))}>
        下载
      </Button>
      {canWithdraw(me.role, s, deadline, today) && (
        <Button size="small" danger aria-label={`撤回 ${s.fileName}`} loading={withdraw.isPending && withdraw.variables === s.id} onClick={() => confirm(s)}>
          撤回
        </Button>
      )}
    </Space>
  );
  const fileName = (s: Schemas['SubmissionViewDto']) => (s.withdrawnAt ? <Typography.Text delete type="secondary">{s.fileName}</Typography.Text> : s.fileName);
  if (!screens.md)
    return (
      <List
        size="small"
        loading={q.isPending}
        dataSource={q.data ?? []}
        locale={{ emptyText: '没有报送记录' }}
        renderItem={(s) => (
          <List.Item className="submission-item">
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <span style={{ wordBreak: 'break-all' }}>{fileName(s)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {SUBMISSION_KIND_ZH[s.kind] ?? '其他'} · {formatBytes(s.sizeBytes)} · {formatDateTime(s.submittedAt)}
              </Typography.Text>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                {state(s)}
                {actions(s)}
              </Space>
            </Space>
          </List.Item>
        )}
      />
    );
  return (
    <Table
      size="small"
      rowKey="id"
      loading={q.isPending}
      dataSource={q.data ?? []}
      pagination={false}
      scroll={{ x: 820 }}
      locale={{ emptyText: '没有报送记录' }}
      rowClassName={(s) => (s.withdrawnAt ? 'submission-withdrawn' : '')}
      columns={[
        { title: '文件', render: (_, s) => fileName(s) },
        { title: '类型', width: 90, render: (_, s) => SUBMISSION_KIND_ZH[s.kind] ?? '其他' },
        { title: '大小', width: 80, render: (_, s) => formatBytes(s.sizeBytes) },
        { title: '报送时间', width: 170, render: (_, s) => formatDateTime(s.submittedAt) },
        { title: '状态', width: 200, render: (_, s) => state(s) },
        { title: '操作', width: 150, render: (_, s) => actions(s) },
      ]}
    />
  );
}
