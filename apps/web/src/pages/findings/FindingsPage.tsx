import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useReportYears, useTownships } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { FINDING_KIND_ZH, FINDING_STATUS } from '../../catalogue';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../format';
import { FindingList } from '../township-year/Panels';

/** CSV of what is on screen (UTF-8 with BOM so Excel opens it in Chinese). */
function exportCsv(rows: Schemas['FindingDto'][], names: Map<string, string>) {
  const esc = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [['乡镇（街道）', '年度', '类型', '问题', '状态', '期限', '乡镇答复'].map(esc).join(',')];
  for (const f of rows)
    lines.push([names.get(f.townshipId) ?? '', String(f.year), FINDING_KIND_ZH[f.kind] ?? '其他', f.message, FINDING_STATUS[f.status]?.label ?? '其他', f.dueDate ? formatDate(f.dueDate) : '', f.response ?? ''].map(esc).join(','));
  const href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = href;
  a.download = '问题清单.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** 问题清单: every finding in scope, filtered by township, year, kind, status and whether it was answered. */
export default function FindingsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { years } = useReportYears();
  const townships = useTownships();
  const names = useMemo(() => new Map((townships.data ?? []).map((t) => [t.id, t.name])), [townships.data]);
  const f = {
    townshipId: params.get('township') ?? undefined,
    year: params.get('year') ? Number(params.get('year')) : undefined,
    status: (params.get('status') as 'open' | 'resolved' | null) ?? undefined,
    kind: params.get('kind') ?? undefined,
    answered: params.get('answered') ?? undefined,
  };
  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const q = useQuery({
    queryKey: ['findings', { townshipId: f.townshipId, year: f.year, status: f.status }],
    queryFn: () => unwrap(api.GET('/api/findings', { params: { query: { townshipId: f.townshipId, year: f.year, status: f.status } } })),
  });
  const rows = (q.data?.items ?? []).filter((x) => (!f.kind || x.kind === f.kind) && (f.answered === undefined || (f.answered === 'yes') === !!x.response));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        问题清单
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          {me.role !== 'township' && (
            <Select aria-label="乡镇（街道）" allowClear placeholder="全部乡镇" style={{ width: 150 }} value={f.townshipId} onChange={(v) => set('township', v)} options={(townships.data ?? []).map((t) => ({ value: t.id, label: t.name }))} />
          )}
          <Select aria-label="年度" allowClear placeholder="全部年度" style={{ width: 120 }} value={f.year} onChange={(v) => set('year', v)} options={years.map((y) => ({ value: y, label: `${y}年度` }))} />
          <Select aria-label="类型" allowClear placeholder="全部类型" style={{ width: 140 }} value={f.kind} onChange={(v) => set('kind', v)} options={Object.entries(FINDING_KIND_ZH).map(([value, label]) => ({ value, label }))} />
          <Select aria-label="状态" allowClear placeholder="全部状态" style={{ width: 120 }} value={f.status} onChange={(v) => set('status', v)} options={Object.entries(FINDING_STATUS).map(([value, s]) => ({ value, label: s.label }))} />
          <Select aria-label="答复" allowClear placeholder="答复情况" style={{ width: 120 }} value={f.answered} onChange={(v) => set('answered', v)} options={[{ value: 'yes', label: '已答复' }, { value: 'no', label: '未答复' }]} />
          <Button icon={<DownloadOutlined />} onClick={() => exportCsv(rows, names)} disabled={!rows.length}>
            导出 CSV
          </Button>
          <Typography.Text type="secondary">共 {rows.length} 条</Typography.Text>
        </Space>
      </Card>
      <QueryState query={q}>{() => <FindingList findings={rows} invalidate={[['findings']]} townshipNames={names} />}</QueryState>
    </Space>
  );
}
