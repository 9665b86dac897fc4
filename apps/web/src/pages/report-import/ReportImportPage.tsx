import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { download, uploadWithProgress, type Schemas } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import { useCounty } from '../../api/county';
import { useMe } from '../../auth/AuthContext';
import { formatBytes, formatDate } from '../../format';
import { MAX_UPLOAD_BYTES } from '../submit/precheck';

/** The api's default IMPORT_MAX_BYTES, for the hint; the api is the judge (413 naming its own cap). */
export const MAX_IMPORT_BYTES = 500 * 1024 * 1024;

type ImportResult = Schemas['ImportResultDto'];
type Row = Schemas['ImportRowVerdictDto'];

export const ROW_STATUS: Record<string, { label: string; color: string }> = {
  ready: { label: '可导入', color: 'blue' },
  already_imported: { label: '已提交过', color: 'default' },
  error: { label: '有误', color: 'red' },
  imported: { label: '已导入', color: 'green' },
};

/** The summary line of a check or an import. */
export function importSummary(r: Pick<ImportResult, 'counts' | 'rows' | 'imported'>): string {
  const c = r.counts;
  if (r.imported)
    return `已导入 ${c.imported} 份报告，正在排队分析${c.already_imported ? `；${c.already_imported} 行的文件此前已提交过，未重复导入` : ''}${c.error ? `；${c.error} 行未能导入，见下表` : ''}`;
  const parts = [`可导入 ${c.ready} 行`];
  if (c.already_imported) parts.push(`已提交过 ${c.already_imported} 行`);
  if (c.error) parts.push(`有误 ${c.error} 行`);
  return `清单共 ${r.rows.length} 行：${parts.join('，')}`;
}

/**
 * 历史报告导入: the county loads past years' annual reports with their real submission and publication dates. The
 * auditor downloads the manifest template, packs it with the reports into a ZIP, sees each row checked, and imports
 * once every row is right (the api files nothing while any row is wrong).
 */
export default function ReportImportPage() {
  const me = useMe();
  const { message } = App.useApp();
  const { countyId, countyName, counties, setCounty } = useCounty(me);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const resultCard = useRef<HTMLDivElement>(null);
  // The verdicts appear below the upload area: bring them into view.
  useEffect(() => {
    if (result) resultCard.current?.scrollIntoView({ block: 'start' });
  }, [result]);

  const send = async (zip: File, dryRun: boolean) => {
    if (!countyId) return;
    setError(null);
    setBusy(dryRun ? 'check' : 'import');
    try {
      const form = new FormData();
      form.set('file', zip);
      const res = await uploadWithProgress(`/api/counties/${countyId}/report-imports${dryRun ? '?dryRun=true' : ''}`, form, () => undefined);
      if (res.status >= 400) {
        const e = ApiError.from(res.status, res.body);
        // Rows in error: the api answers with every row's verdict, shown in the table.
        if (e.code === 'IMPORT_ROWS_INVALID' && e.details) setResult(e.details as ImportResult);
        else setResult(null);
        setError(e.message);
        return;
      }
      setResult(res.body as ImportResult);
      if (!dryRun) message.success('导入完成');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const canImport = !!result && !result.imported && result.counts.error === 0 && result.counts.ready > 0 && !!file;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        历史报告导入
      </Typography.Title>
      {me.role === 'admin' && (
        <Space>
          <label htmlFor="import-county">县（区）</label>
          <Select id="import-county" value={countyId} style={{ width: 220 }} options={counties.map((c) => ({ value: c.id, label: c.name }))} onChange={(id) => { setCounty(id); setResult(null); setFile(null); }} />
        </Space>
      )}
      <Card size="small" title="第一步：填写清单">
        <Space direction="vertical">
          <Typography.Text>
            补录往年的年度报告时，按报告实际的报送日期和公开日期入库（按时报送的不会被判为逾期）。下载清单模板，每份报告填写一行：乡镇、年度、文件名、报送日期，以及公开日期、公开网址（可不填）。
          </Typography.Text>
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/report-imports/manifest-template', '历史报告导入清单模板.xlsx').catch((e) => message.error(errorText(e)))}>
            下载清单模板
          </Button>
        </Space>
      </Card>
      <Card size="small" title={`第二步：上传压缩包${countyName ? `（${countyName}）` : ''}`}>
        <Upload.Dragger
          accept=".zip"
          multiple={false}
          showUploadList={false}
          disabled={busy !== null || !countyId}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            void send(f, true);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">将 ZIP 压缩包拖到此处，或点击选择</p>
          <p className="ant-upload-hint">压缩包中放入填好的清单（.xlsx 或 .csv）和各份报告；上传后先逐行检查，不会立即导入。压缩包不超过 {formatBytes(MAX_IMPORT_BYTES)}，其中每份报告不超过 {formatBytes(MAX_UPLOAD_BYTES)}</p>
        </Upload.Dragger>
        {busy === 'check' && <Alert type="info" showIcon style={{ marginTop: 12 }} title="正在检查…" />}
        {error && <Alert role="alert" type="error" showIcon style={{ marginTop: 12 }} title={error} />}
      </Card>
      {result && (
        <div ref={resultCard}>
          <Card size="small" title={result.imported ? '导入结果' : '第三步：检查结果'} extra={file ? <Typography.Text type="secondary">{file.name}</Typography.Text> : null}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Alert
                data-testid="import-summary"
                type={result.counts.error ? (result.imported ? 'warning' : 'error') : result.imported ? 'success' : 'info'}
                showIcon
                title={importSummary(result)}
                description={!result.imported && result.counts.error ? '有误的行须在清单中改正后重新上传；有误时不会导入任何报告。' : undefined}
              />
              {result.unlistedFiles.length > 0 && <Alert type="warning" showIcon title={`压缩包中有 ${result.unlistedFiles.length} 个文件未在清单中列出，不会导入：${result.unlistedFiles.join('、')}`} />}
              <Table<Row>
                size="small"
                rowKey="line"
                pagination={false}
                dataSource={result.rows}
                scroll={{ x: 900 }}
                columns={[
                  { title: '行', dataIndex: 'line', width: 56 },
                  { title: '乡镇', dataIndex: 'township', width: 100 },
                  { title: '年度', dataIndex: 'year', width: 80, render: (y: number | null) => (y ? `${y}年` : '—') },
                  { title: '文件名', dataIndex: 'fileName', ellipsis: true },
                  { title: '报送日期', dataIndex: 'submittedAt', width: 130, render: (d: string | null) => formatDate(d) },
                  { title: '公开日期', dataIndex: 'publishedAt', width: 130, render: (d: string | null) => formatDate(d) },
                  { title: '结果', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={ROW_STATUS[s]?.color}>{ROW_STATUS[s]?.label ?? s}</Tag> },
                  {
                    title: '说明',
                    key: 'notes',
                    render: (_: unknown, r: Row) => (
                      <Space direction="vertical" size={0}>
                        {r.errors.map((e) => (
                          <Typography.Text key={e.code + e.message} type="danger">
                            {e.message}
                          </Typography.Text>
                        ))}
                        {r.warnings.map((w) => (
                          <Typography.Text key={w} type="secondary">
                            {w}
                          </Typography.Text>
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
              {!result.imported && (
                <Button type="primary" disabled={!canImport} loading={busy === 'import'} onClick={() => file && void send(file, false)}>
                  导入 {result.counts.ready} 份报告
                </Button>
              )}
            </Space>
          </Card>
        </div>
      )}
    </Space>
  );
}
