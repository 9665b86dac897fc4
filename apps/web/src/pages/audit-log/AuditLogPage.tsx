import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useTownships } from '../../api/queries';
import { auditActionName, DECISION_ZH, ENTITY_ZH, EVIDENCE_REVIEW, FINDING_STATUS, ITEM_STATUS, PLAN_STATUS, SUBMISSION_STATUS, type CellStatus } from '../../catalogue';
import { formatDateTime } from '../../format';

const FIELD_ZH: Record<string, string> = {
  status: '状态',
  decision: '审核决定',
  decisionReason: '理由',
  comment: '意见',
  reviewState: '审核状态',
  response: '答复',
  overrideStatus: '人工判定',
  overrideReason: '理由',
  disabled: '停用',
  villageCount: '村（社区）数',
  threshold: '阈值',
  weight: '权重',
  name: '名称',
  note: '说明',
};

function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined) return '无';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (key === 'status' && typeof v === 'string') {
    const label = ITEM_STATUS[v as CellStatus]?.label ?? SUBMISSION_STATUS[v]?.label ?? PLAN_STATUS[v]?.label ?? FINDING_STATUS[v]?.label;
    if (label) return label;
  }
  if ((key === 'reviewState') && typeof v === 'string') return EVIDENCE_REVIEW[v]?.label ?? v;
  if (key === 'overrideStatus' && typeof v === 'string') return PLAN_STATUS[v]?.label ?? v;
  if (key === 'decision' && typeof v === 'string') return DECISION_ZH[v] ?? v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** before → after, one line per field that changed, in Chinese field names. */
export function changeLines(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => FIELD_ZH[k] && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.map((k) => `${FIELD_ZH[k]}：${valueText(k, b[k])} → ${valueText(k, a[k])}`);
}

/** 审计日志: who did what, when, before → after; newest first, paged by the api. */
export default function AuditLogPage() {
  const [page, setPage] = useState(1);
  const [townshipId, setTownshipId] = useState<string | undefined>();
  const [entityType, setEntityType] = useState<string | undefined>();
  const townships = useTownships();
  const names = useMemo(() => new Map((townships.data ?? []).map((t) => [t.id, t.name])), [townships.data]);
  const q = useQuery({
    queryKey: ['audit-log', page, townshipId, entityType],
    queryFn: () => unwrap(api.GET('/api/audit-log', { params: { query: { page, pageSize: 30, townshipId, entityType } } })),
    placeholderData: (prev) => prev,
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        审计日志
      </Typography.Title>
      <Space wrap>
        <Select aria-label="乡镇（街道）" allowClear placeholder="全部乡镇" style={{ width: 150 }} value={townshipId} onChange={(v) => { setTownshipId(v); setPage(1); }} options={(townships.data ?? []).map((t) => ({ value: t.id, label: t.name }))} />
        <Select aria-label="对象" allowClear placeholder="全部对象" style={{ width: 150 }} value={entityType} onChange={(v) => { setEntityType(v); setPage(1); }} options={Object.entries(ENTITY_ZH).map(([value, label]) => ({ value, label }))} />
      </Space>
      <Table<Schemas['AuditLogDto']>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 30, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        columns={[
          { title: '时间', width: 170, render: (_, r) => formatDateTime(r.at) },
          { title: '操作人', width: 140, render: (_, r) => r.actorLabel },
          { title: '操作', width: 140, render: (_, r) => <span className="audit-action">{auditActionName(r.action)}</span> },
          { title: '对象', width: 140, render: (_, r) => `${ENTITY_ZH[r.entityType] ?? '其他'}${r.townshipId && names.get(r.townshipId) ? `（${names.get(r.townshipId)}）` : ''}` },
          {
            title: '变更（前 → 后）',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                {changeLines(r.before, r.after).map((l) => (
                  <span key={l}>{l}</span>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
