import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Grid, Input, List, Progress, Result, Select, Space, Steps, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, unwrap, uploadWithProgress } from '../../api/client';
import { ApiError, chineseMessage, errorText } from '../../api/errors';
import { useReportYears } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { SUBMISSION_STATUS } from '../../catalogue';
import { StatusTag } from '../../components/StatusTag';
import { formatBytes } from '../../format';
import { useCurrentReportYear } from '../tasks/useCurrentYear';
import { ACCEPTED, ACCEPTED_TEXT, MAX_UPLOAD_BYTES, precheck } from './precheck';

type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number; name: string } | { kind: 'tracking'; id: string; duplicate: boolean };

/** 报送年度报告: drag and drop, upload progress, then the analysis status until the result. */
export default function SubmitPage() {
  const phone = Grid.useBreakpoint().md === false;
  const me = useMe();
  const [params] = useSearchParams();
  const current = useCurrentReportYear();
  const { years } = useReportYears();
  const [year, setYear] = useState<number | undefined>(Number(params.get('year')) || undefined);
  const [publishedAt, setPublishedAt] = useState<Dayjs | null>(null);
  const [publishedUrl, setPublishedUrl] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const reportYear = year ?? current.year;

  const send = async (file: File) => {
    setError(null);
    const problem = precheck(file);
    if (problem) return setError(problem);
    if (!reportYear) return;
    const form = new FormData();
    form.set('year', String(reportYear));
    form.set('kind', 'annual_report');
    if (publishedAt) form.set('publishedAt', publishedAt.format('YYYY-MM-DD'));
    if (publishedUrl.trim()) form.set('publishedUrl', publishedUrl.trim());
    form.set('file', file);
    setPhase({ kind: 'uploading', percent: 0, name: file.name });
    try {
      const res = await uploadWithProgress(`/api/townships/${me.townshipId}/submissions`, form, (percent) => setPhase({ kind: 'uploading', percent, name: file.name }));
      if (res.status >= 400) {
        const err = ApiError.from(res.status, res.body);
        setPhase({ kind: 'idle' });
        return setError(err.code === 'FILE_TOO_LARGE' ? `文件太大，上限为 ${formatBytes(MAX_UPLOAD_BYTES)}` : err.message);
      }
      const body = res.body as { id: string; duplicate?: boolean };
      setPhase({ kind: 'tracking', id: body.id, duplicate: !!body.duplicate });
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(errorText(e));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        报送年度报告
      </Typography.Title>
      <Card size="small">
        <Form layout="vertical">
          <Space wrap size="large" align="start">
            <Form.Item label="报告年度" htmlFor="submit-year" style={{ marginBottom: 8 }}>
              <Select id="submit-year" value={reportYear} style={{ width: 140 }} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={setYear} />
            </Form.Item>
            <Form.Item label="公开日期（选填）" htmlFor="published-at" style={{ marginBottom: 8 }}>
              <DatePicker id="published-at" value={publishedAt} onChange={setPublishedAt} placeholder="选择日期" />
            </Form.Item>
            <Form.Item label="公开网址（选填）" htmlFor="published-url" style={{ marginBottom: 8 }}>
              <Input id="published-url" value={publishedUrl} onChange={(e) => setPublishedUrl(e.target.value)} placeholder="政府网站上该报告的网址" style={{ width: 280, maxWidth: '100%' }} />
            </Form.Item>
          </Space>
        </Form>
        <Upload.Dragger
          accept={ACCEPTED.join(',')}
          multiple={false}
          showUploadList={false}
          disabled={phase.kind === 'uploading'}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          {/* A phone has nothing to drag: it only offers the tap. */}
          <p className="ant-upload-text">{phone ? '点击选择年度报告文件' : '将年度报告拖到此处，或点击选择文件'}</p>
          <p className="ant-upload-hint">
            {ACCEPTED_TEXT}；单个文件不超过 {formatBytes(MAX_UPLOAD_BYTES)}
          </p>
        </Upload.Dragger>
        {error && <Alert role="alert" type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        {phase.kind === 'uploading' && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text>正在上传 {phase.name}</Typography.Text>
            <Progress percent={phase.percent} status="active" aria-label="上传进度" />
          </div>
        )}
      </Card>
      {phase.kind === 'tracking' && reportYear && <Tracking id={phase.id} duplicate={phase.duplicate} townshipId={me.townshipId!} year={reportYear} />}
    </Space>
  );
}

function Tracking({ id, duplicate, townshipId, year }: { id: string; duplicate: boolean; townshipId: string; year: number }) {
  const submission = useQuery({
    queryKey: ['submission', id],
    queryFn: () => unwrap(api.GET('/api/submissions/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && ['analyzed', 'failed', 'rejected_not_report', 'needs_year_confirmation'].includes(q.state.data.status) ? false : 1500),
  });
  const s = submission.data;
  const done = s?.status === 'analyzed';
  // The text states another year than the one chosen: the township confirms the chosen year (or withdraws and
  // uploads again under the other one); the api then analyses it as that year's report.
  const confirmYear = useMutation({
    mutationFn: () => unwrap(api.POST('/api/submissions/{id}/confirm-year', { params: { path: { id } }, body: { year: s!.year } })),
    onSuccess: () => void submission.refetch(),
  });
  const checklist = useQuery({
    queryKey: ['checklist', townshipId, year, 'after', id],
    queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: townshipId, year } } })),
    enabled: done,
  });
  const step = !s ? 0 : s.status === 'analyzed' ? 3 : s.status === 'failed' || s.status === 'rejected_not_report' ? 2 : s.status === 'analyzing' ? 2 : 1;
  const warnings = ((s?.analysisMeta as { warnings?: string[] } | null)?.warnings ?? []).filter((w) => typeof w === 'string');

  return (
    <Card size="small" title="分析进度">
      <Steps
        size="small"
        current={step}
        status={s?.status === 'failed' || s?.status === 'rejected_not_report' ? 'error' : s?.status === 'analyzed' ? 'finish' : 'process'}
        items={[{ title: '已上传' }, { title: '排队中' }, { title: '分析中' }, { title: '已分析' }]}
      />
      <div style={{ marginTop: 16 }} aria-live="polite">
        状态：<span data-testid="submission-status">{s ? <Tag color={SUBMISSION_STATUS[s.status]?.tag}>{SUBMISSION_STATUS[s.status]?.label}</Tag> : '…'}</span>
        {s && <Typography.Text type="secondary">{s.fileName}</Typography.Text>}
        {s?.progressLabel && <Typography.Text data-testid="submission-progress"> {s.progressLabel}</Typography.Text>}
      </div>
      {duplicate && <Alert type="info" showIcon style={{ marginTop: 12 }} title="该文件此前已经报送过，显示的是已有的记录。" />}
      {warnings.map((w) => (
        <Alert key={w} type="warning" showIcon style={{ marginTop: 12 }} title={w} />
      ))}
      {s?.status === 'failed' && <Result status="error" title="分析失败" subTitle={chineseMessage(s.errorCode ?? '', s.errorMessage ?? undefined)} />}
      {s?.status === 'rejected_not_report' && <Result status="warning" title="未被认定为年度报告" subTitle={s.errorMessage ?? undefined} />}
      {s?.status === 'needs_year_confirmation' && (
        <Result
          status="warning"
          title="报告年度待确认"
          subTitle={s.errorMessage ?? undefined}
          extra={
            <Space direction="vertical">
              <Button type="primary" loading={confirmYear.isPending} onClick={() => confirmYear.mutate()}>
                确认为{s.year}年度报告
              </Button>
              {confirmYear.isError && <Alert type="error" showIcon title={errorText(confirmYear.error)} />}
              <Typography.Text type="secondary">如不是{s.year}年度的报告，请在“我的任务”中撤回后按正确年度重新报送。</Typography.Text>
            </Space>
          }
        />
      )}
      {done && checklist.data && (
        <div style={{ marginTop: 16 }}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="得分">{checklist.data.score?.toFixed(1) ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="已有佐证的义务">
              {checklist.data.items.filter((i) => ['auto_evidenced', 'accepted'].includes(i.status)).length} / {checklist.data.items.length}
            </Descriptions.Item>
            <Descriptions.Item label="读到的数字">{checklist.data.items.reduce((n, i) => n + i.metrics.length, 0)} 项</Descriptions.Item>
            <Descriptions.Item label="下一年度计划">{checklist.data.planItemsMade.length} 项</Descriptions.Item>
            <Descriptions.Item label="自查问题">{checklist.data.problems.reportedThisYear.length} 项</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            仍缺佐证的义务
          </Typography.Title>
          <List
            size="small"
            pagination={{ pageSize: 8, size: 'small' }}
            dataSource={checklist.data.items.filter((i) => ['missing', 'below_threshold', 'rejected'].includes(i.status))}
            renderItem={(i) => (
              <List.Item>
                <Space wrap>
                  <StatusTag status={i.status} />
                  {i.name}
                </Space>
              </List.Item>
            )}
          />
          <Link to={`/townships/${townshipId}/${year}`}>查看完整检查清单</Link>
        </div>
      )}
    </Card>
  );
}
