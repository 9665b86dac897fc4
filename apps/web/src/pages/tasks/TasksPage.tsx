import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useNotifications } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { areaName, PLAN_STATUS, SUBMISSION_STATUS } from '../../catalogue';
import { CatalogueTag, StatusTag } from '../../components/StatusTag';
import { countdownText, daysUntil, dueDateOf, formatDate, formatDateTime } from '../../format';
import { FindingList, SubmissionsPanel } from '../township-year/Panels';
import { NoteForm } from '../township-year/NoteForm';
import { useCurrentReportYear } from './useCurrentYear';

const checklistQuery = (townshipId: string, year: number) => ({
  queryKey: ['checklist', townshipId, year],
  queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: townshipId, year } } })),
  retry: (n: number, e: unknown) => !(e instanceof ApiError && e.status === 404) && n < 2,
});

/** 我的任务: what a township must do next — deadlines, missing items, commitments due, findings, reminders. */
export default function TasksPage() {
  const me = useMe();
  const townshipId = me.townshipId!;
  const { year, template } = useCurrentReportYear();
  const checklist = useQuery({ ...checklistQuery(townshipId, year ?? 0), enabled: !!year });
  const lastYear = useQuery({ ...checklistQuery(townshipId, (year ?? 1) - 1), enabled: !!year });
  const fullTemplate = useQuery({
    queryKey: ['template', template?.id],
    queryFn: () => unwrap(api.GET('/api/templates/{id}', { params: { path: { id: template!.id } } })),
    enabled: !!template && checklist.isError,
  });
  const submissions = useQuery({
    queryKey: ['submissions', townshipId, year],
    queryFn: () => unwrap(api.GET('/api/townships/{id}/submissions', { params: { path: { id: townshipId }, query: { year: year! } } })),
    enabled: !!year,
  });
  // The township's open findings it has not answered yet, newest page first (the api filters and counts).
  const findings = useQuery({
    queryKey: ['findings', 'page', { townshipId, status: 'open', answered: false, pageSize: 50 }],
    queryFn: () => unwrap(api.GET('/api/findings', { params: { query: { townshipId, status: 'open', answered: false, pageSize: 50 } } })),
  });
  const notifications = useNotifications();

  if (!year || !template) return <Empty description="尚无检查模板" />;
  const submitBy = dueDateOf(template.reportSubmitBy, year);
  const publishBy = dueDateOf(template.reportPublishBy, year);
  const report = (submissions.data ?? []).find((s) => s.kind === 'annual_report' && !s.withdrawnAt);
  const withdrawnReport = !report && (submissions.data ?? []).some((s) => s.kind === 'annual_report' && s.withdrawnAt);
  const missing = checklist.data
    ? checklist.data.items.filter((i) => !['auto_evidenced', 'accepted', 'waived'].includes(i.status)).map((i) => ({ key: i.id, name: i.name, area: i.area, description: i.description, status: i.status }))
    : (fullTemplate.data?.obligations ?? []).map((o) => ({ key: o.obligationId, name: o.nameZh, area: o.area, description: o.descriptionZh, status: 'missing' }));
  const commitments = checklist.data?.planItemsDue ?? (lastYear.data?.planItemsMade ?? []).filter((p) => p.planYear === year);
  const unread = (notifications.data ?? []).filter((n) => n.channel === 'in_app' && !n.readAt);
  const questions = (checklist.data?.items ?? []).filter((i) => i.openQuestion);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {me.townshipName} · 我的任务
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Deadline title={`报送${year}年度报告`} date={submitBy} done={!!report} doneText={report ? SUBMISSION_STATUS[report.status]?.label : undefined} />
        </Col>
        <Col xs={24} md={8}>
          <Deadline title={`向社会公开${year}年度报告`} date={publishBy} done={!!report?.publishedAt} doneText={report?.publishedAt ? `已于${formatDate(report.publishedAt)}公开` : undefined} />
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" style={{ height: '100%' }}>
            <Space direction="vertical">
              <Typography.Text data-testid="report-state">
                年度报告：{report ? <CatalogueTag entry={SUBMISSION_STATUS[report.status]} /> : <Tag color="error">未报送</Tag>}
                {withdrawnReport && <Typography.Text type="secondary">（已撤回，请重新报送）</Typography.Text>}
              </Typography.Text>
              <Link to={`/submit?year=${year}`}>
                <Button type="primary" icon={<UploadOutlined />}>
                  {report ? '重新报送' : '报送年度报告'}
                </Button>
              </Link>
            </Space>
          </Card>
        </Col>
      </Row>

      {questions.length > 0 && (
        <Card size="small" title={`待答复的审核意见（${questions.length}）`} data-testid="open-questions">
          <List
            size="small"
            dataSource={questions}
            renderItem={(i) => (
              <List.Item>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <StatusTag status={i.status} />
                    <Typography.Text strong>{i.name}</Typography.Text>
                    {i.commentAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(i.commentAt)}</Typography.Text>}
                  </Space>
                  <Typography.Paragraph style={{ margin: 0 }}>审核意见：{i.comment}</Typography.Paragraph>
                  <NoteForm itemId={i.id} townshipId={townshipId} year={year} answering />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card size="small" title={`${year}年度报送记录`}>
        <SubmissionsPanel townshipId={townshipId} year={year} />
      </Card>

      {unread.length > 0 && (
        <Card size="small" title={`未读提醒（${unread.length}）`}>
          <List size="small" dataSource={unread.slice(0, 5)} renderItem={(n) => <List.Item><List.Item.Meta title={n.subject} description={`${n.body}（${formatDateTime(n.createdAt)}）`} /></List.Item>} />
        </Card>
      )}

      <Card size="small" title={`待答复的问题（${findings.data?.total ?? 0}）`} extra={(findings.data?.total ?? 0) > (findings.data?.items.length ?? 0) && <Link to="/findings?status=open&answered=no">查看全部</Link>}>
        <FindingList findings={findings.data?.items ?? []} invalidate={[['findings']]} />
      </Card>

      <Card size="small" title={`上年度承诺本年度完成的事项（${commitments.length}）`}>
        {commitments.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有到期的承诺事项" />
        ) : (
          <List size="small" dataSource={commitments} renderItem={(p) => <List.Item extra={<CatalogueTag entry={PLAN_STATUS[p.status]} />}><List.Item.Meta title={p.text} description={`期限：${formatDate(p.dueDate)}`} /></List.Item>} />
        )}
      </Card>

      <Card size="small" title={`${year}年度尚缺佐证的义务（${missing.length}）`} extra={checklist.data && <Link to={`/townships/${townshipId}/${year}`}>查看本年度清单</Link>}>
        {!checklist.data && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="尚未报送本年度报告：以下为全部义务及可作为佐证的材料。" />}
        <List
          size="small"
          pagination={missing.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={missing}
          renderItem={(i) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <StatusTag status={i.status} />
                    <span>{i.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{areaName(i.area)}</Typography.Text>
                  </Space>
                }
                description={<>何为佐证：{i.description}</>}
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function Deadline({ title, date, done, doneText }: { title: string; date: string; done: boolean; doneText?: string }) {
  const days = daysUntil(date);
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="deadline">
      <Statistic title={title} value={formatDate(date)} styles={{ content: { fontSize: 20 } }} />
      {done ? <Tag color="success">{doneText ?? '已完成'}</Tag> : <Tag color={days < 0 ? 'error' : days <= 30 ? 'warning' : 'processing'}>{countdownText(date)}</Tag>}
    </Card>
  );
}
