import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Schemas } from '../../api/client';
import { useCounty } from '../../api/county';
import { errorText } from '../../api/errors';
import { fetchAllFindings, useFindingsPage, useReportYears, useTownships, type FindingQuery } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { FINDING_KIND_ZH, FINDING_STATUS } from '../../catalogue';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../format';
import { FindingList } from '../township-year/Panels';

type Kind = NonNullable<FindingQuery['kind']>;

/** CSV of every finding matching the filters (UTF-8 with BOM so Excel opens it in Chinese). */
function exportCsv(rows: Schemas['FindingViewDto'][]) {
  const esc = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [['乡镇（街道）', '年度', '类型', '问题', '状态', '期限', '乡镇答复'].map(esc).join(',')];
  for (const f of rows)
    lines.push([f.townshipName, String(f.year), FINDING_KIND_ZH[f.kind] ?? '其他', f.message, FINDING_STATUS[f.status]?.label ?? '其他', f.dueDate ? formatDate(f.dueDate) : '', f.response ?? ''].map(esc).join(','));
  const href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = href;
  a.download = '问题清单.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/**
 * 问题清单: the findings in scope, filtered and paged by the api (township, year, kind, status, answered; admins
 * choose the county). The filters and the page live in the address, so a link opens the same list.
 */
export default function FindingsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { years } = useReportYears();
  const townships = useTownships();
  const { countyId, counties, setCounty } = useCounty(me);
  const [exporting, setExporting] = useState(false);
  const answered = params.get('answered');
  const filters: Omit<FindingQuery, 'page' | 'pageSize'> = {
    townshipId: params.get('township') ?? undefined,
    year: params.get('year') ? Number(params.get('year')) : undefined,
    status: (params.get('status') as 'open' | 'resolved' | null) ?? undefined,
    kind: (params.get('kind') as Kind | null) ?? undefined,
    answered: answered === 'yes' ? true : answered === 'no' ? false : undefined,
    countyId: me.role === 'admin' ? countyId : undefined,
  };
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const q = useFindingsPage({ ...filters, page, pageSize }, me.role !== 'admin' || !!countyId);
  const set = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
    next.delete('page');
    setParams(next, { replace: true });
  };
  const setPage = (p: number, size: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(size === pageSize ? p : 1));
    next.set('pageSize', String(size));
    setParams(next, { replace: true });
  };
  const total = q.data?.total ?? 0;
  const exportAll = async () => {
    setExporting(true);
    try {
      exportCsv(await fetchAllFindings(filters));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };
  const inCounty = (townships.data ?? []).filter((t) => me.role !== 'admin' || t.countyId === countyId);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        问题清单
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          {me.role === 'admin' && (
            <Select
              aria-label="县"
              value={countyId}
              style={{ width: 150 }}
              options={counties.map((c) => ({ value: c.id, label: c.name }))}
              onChange={(id) => {
                const next = new URLSearchParams(params);
                next.delete('township');
                next.delete('page');
                setParams(next, { replace: true });
                setCounty(id);
              }}
            />
          )}
          {me.role !== 'township' && (
            <Select aria-label="乡镇（街道）" allowClear placeholder="全部乡镇" style={{ width: 150 }} value={filters.townshipId} onChange={(v) => set('township', v)} options={inCounty.map((t) => ({ value: t.id, label: t.name }))} />
          )}
          <Select aria-label="年度" allowClear placeholder="全部年度" style={{ width: 120 }} value={filters.year} onChange={(v) => set('year', v)} options={years.map((y) => ({ value: y, label: `${y}年度` }))} />
          <Select aria-label="类型" allowClear placeholder="全部类型" style={{ width: 140 }} value={filters.kind} onChange={(v) => set('kind', v)} options={Object.entries(FINDING_KIND_ZH).map(([value, label]) => ({ value, label }))} />
          <Select aria-label="状态" allowClear placeholder="全部状态" style={{ width: 120 }} value={filters.status} onChange={(v) => set('status', v)} options={Object.entries(FINDING_STATUS).map(([value, s]) => ({ value, label: s.label }))} />
          <Select aria-label="答复" allowClear placeholder="答复情况" style={{ width: 120 }} value={answered ?? undefined} onChange={(v) => set('answered', v)} options={[{ value: 'yes', label: '已答复' }, { value: 'no', label: '未答复' }]} />
          <Button icon={<DownloadOutlined />} onClick={() => void exportAll()} disabled={!total} loading={exporting}>
            导出 CSV
          </Button>
          <Typography.Text type="secondary" data-testid="findings-total">
            共 {total} 条
          </Typography.Text>
        </Space>
      </Card>
      <QueryState query={q}>
        {(data) => (
          <FindingList
            findings={data.items}
            invalidate={[['findings']]}
            showTownship={me.role !== 'township'}
            paging={{ page: data.page, pageSize: data.pageSize, total: data.total, onChange: setPage }}
          />
        )}
      </QueryState>
    </Space>
  );
}
