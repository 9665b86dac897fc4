import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { useTownships } from '../../api/queries';
import { auditActionName, auditActorName, auditEntityName, ENTITY_ZH } from '../../catalogue';
import { changeLines } from './changes';
import { formatDateTime } from '../../format';

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
          { title: '操作人', width: 140, render: (_, r) => auditActorName(r.actorLabel) },
          { title: '操作', width: 140, render: (_, r) => <span className="audit-action">{auditActionName(r.action)}</span> },
          { title: '对象', width: 140, render: (_, r) => `${auditEntityName(r.entityType)}${r.townshipId && names.get(r.townshipId) ? `（${names.get(r.townshipId)}）` : ''}` },
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
