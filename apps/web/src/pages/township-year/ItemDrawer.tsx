import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Form, Grid, Input, List, Modal, Space, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, authFetch, unwrap } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import { canReview, canSubmit } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { areaName, DECISION_ZH, EVIDENCE_REVIEW, readableBasis, REQUIREMENT_ZH, sectionName, TIER_ZH, UNIT_ZH } from '../../catalogue';
import { CatalogueTag, StatusTag } from '../../components/StatusTag';
import { formatDate, formatDateTime } from '../../format';
import { checklistKey, type ChecklistView, type ItemView } from './useChecklist';
import { valueVsThreshold } from './value';
import { applyReview } from './rules';
import { NoteForm } from './NoteForm';
import { ACCEPTED, ACCEPTED_TEXT, evidenceForm, precheck } from '../submit/precheck';

export { valueVsThreshold };

type Action = 'accept' | 'reject' | 'waive' | 'clear' | 'comment';
const ACTION_ZH: Record<Action, string> = { accept: '认可', reject: '驳回', waive: '豁免', clear: '撤销', comment: '提出审核意见' };

export function ItemDrawer({ checklist, item, onClose }: { checklist: ChecklistView; item: ItemView | null; onClose: () => void }) {
  const me = useMe();
  const screens = Grid.useBreakpoint();
  return (
    <Drawer open={!!item} onClose={onClose} size={screens.md ? 640 : '100%'} title={item?.name} destroyOnHidden>
      {item && <ItemDetail checklist={checklist} item={item} reviewer={canReview(me.role)} township={canSubmit(me.role)} />}
    </Drawer>
  );
}

function ItemDetail({ checklist, item, reviewer, township }: { checklist: ChecklistView; item: ItemView; reviewer: boolean; township: boolean }) {
  const r = item.requirement;
  const base = `/townships/${checklist.township.id}/${checklist.year}/report`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="item-detail">
      {/* Labels on one line: on a phone the narrow label column otherwise breaks 状态 into 状/态. */}
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="状态">
          <span data-testid="item-status">
            <StatusTag status={item.status} />
          </span>
          {item.decision && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              审核员{DECISION_ZH[item.decision]}
              {item.decidedAt ? `（${formatDateTime(item.decidedAt)}）` : ''}
            </Typography.Text>
          )}
        </Descriptions.Item>
        {item.decisionReason && <Descriptions.Item label="理由">{item.decisionReason}</Descriptions.Item>}
        {item.comment && (
          <Descriptions.Item label="审核意见">
            <span data-testid="item-comment">{item.comment}</span>
            {item.commentAt && <Typography.Text type="secondary">（{formatDateTime(item.commentAt)}）</Typography.Text>}{' '}
            {item.openQuestion && <Tag color="warning">待乡镇答复</Tag>}
          </Descriptions.Item>
        )}
        {item.townshipNote && (
          <Descriptions.Item label="乡镇说明">
            <span data-testid="item-township-note">{item.townshipNote}</span>
            {item.townshipNoteAt && <Typography.Text type="secondary">（{formatDateTime(item.townshipNoteAt)}）</Typography.Text>}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="领域">
          {areaName(item.area)} · {TIER_ZH[item.tier] ?? '常规'}
        </Descriptions.Item>
        <Descriptions.Item label="要求">
          {REQUIREMENT_ZH[r.kind] ?? '其他'}
          {r.threshold !== null && r.threshold !== undefined ? ` ${r.threshold}${UNIT_ZH(r.unit)}` : ''}
          {r.basis ? <Typography.Text type="secondary">（{readableBasis(r.basis)}）</Typography.Text> : null}
        </Descriptions.Item>
        {valueVsThreshold(item) && <Descriptions.Item label="测得值">{valueVsThreshold(item)}</Descriptions.Item>}
        <Descriptions.Item label="完成期限">{formatDate(item.dueDate)}</Descriptions.Item>
        <Descriptions.Item label="何为佐证">{item.description}</Descriptions.Item>
      </Descriptions>

      <div>
        <Typography.Title level={5}>佐证（{item.evidence.length}）</Typography.Title>
        {item.evidence.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="报告中未找到该项的佐证" />
        ) : (
          <List
            dataSource={item.evidence}
            renderItem={(e) => (
              <List.Item
                data-testid="evidence"
                actions={
                  e.submissionId && e.startOffset !== null && e.startOffset !== undefined
                    ? [
                        <Link key="view" to={`${base}/${e.submissionId}?evidence=${e.id}`}>
                          在原文中查看
                        </Link>,
                      ]
                    : []
                }
              >
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Tag>{e.source === 'auto' ? '报告原文' : e.source === 'ocr' ? '扫描件/照片（文字识别）' : '人工补充'}</Tag>
                    {e.source === 'ocr' && typeof e.ocrConfidence === 'number' && (
                      <Tag color={e.ocrConfidence < 0.8 ? 'orange' : undefined}>识别把握度 {Math.round(e.ocrConfidence * 100)}%</Tag>
                    )}
                    {e.section && <Tag color="blue">{sectionName(e.section)}</Tag>}
                    <CatalogueTag entry={EVIDENCE_REVIEW[e.reviewState]} />
                  </Space>
                  {e.quote && <blockquote className="quote" style={{ margin: 0, paddingInlineStart: 12, borderInlineStart: '3px solid #b4232a', color: '#262626' }}>{e.quote}</blockquote>}
                  {e.note && <Typography.Paragraph style={{ margin: 0 }}>{e.note}</Typography.Paragraph>}
                  {e.source === 'manual' && e.submissionId && !e.quote && <Typography.Text type="secondary">附件已作为佐证材料提交</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        )}
        {item.metrics.length > 0 && (
          <>
            <Typography.Text strong>报告中的数字</Typography.Text>
            <ul>
              {item.metrics.map((m) => (
                <li key={m.id}>
                  {m.value}
                  {UNIT_ZH(m.unit)}：“{m.quote}”
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      {item.openFindings.length > 0 && (
        <Alert type="warning" showIcon title="未结问题" description={item.openFindings.map((f) => f.message).join('；')} />
      )}

      {reviewer && <ReviewActions checklist={checklist} item={item} />}
      {township && (
        <div>
          <Divider style={{ margin: '8px 0' }} />
          <NoteForm itemId={item.id} townshipId={checklist.township.id} year={checklist.year} initial={item.openQuestion ? '' : item.townshipNote} answering={item.openQuestion} />
        </div>
      )}
      {(reviewer || township) && <ManualEvidence checklist={checklist} item={item} township={township} />}
    </Space>
  );
}

function ReviewActions({ checklist, item }: { checklist: ChecklistView; item: ItemView }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm<{ reason?: string; comment?: string }>();
  const decide = useMutation({
    mutationFn: (body: { action: Action; reason?: string; comment?: string }) =>
      unwrap(api.PATCH('/api/checklist-items/{id}', { params: { path: { id: item.id } }, body })),
    onSuccess: async (reviewed, v) => {
      // The answer carries the item and the checklist's new score: shown at once, then the full view is reloaded.
      qc.setQueryData<ChecklistView>(checklistKey(checklist.township.id, checklist.year), (c) => (c ? applyReview(c, reviewed, v.action !== 'comment') : c));
      message.success(v.action === 'comment' ? '审核意见已发送，乡镇将收到通知' : `已${ACTION_ZH[v.action]}，清单得分 ${reviewed.checklistScore.toFixed(1)}`);
      setAction(null);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: checklistKey(checklist.township.id, checklist.year) });
      void qc.invalidateQueries({ queryKey: ['matrix'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const needsReason = action === 'reject' || action === 'waive';
  return (
    <div>
      <Divider style={{ margin: '8px 0' }} />
      <Typography.Title level={5}>审核</Typography.Title>
      <Space wrap>
        <Button type="primary" onClick={() => setAction('accept')} disabled={item.decision === 'accepted'}>
          认可
        </Button>
        <Button danger onClick={() => setAction('reject')} disabled={item.decision === 'rejected'}>
          驳回
        </Button>
        <Button onClick={() => setAction('waive')} disabled={item.decision === 'waived'}>
          豁免
        </Button>
        <Button onClick={() => setAction('clear')} disabled={!item.decision}>
          撤销
        </Button>
        <Button onClick={() => setAction('comment')}>提出审核意见</Button>
      </Space>
      <Modal
        open={!!action}
        title={action ? `${ACTION_ZH[action]}：${item.name}` : ''}
        okText={action === 'comment' ? '发送' : action ? `确认${ACTION_ZH[action]}` : '确认'}
        cancelText="取消"
        confirmLoading={decide.isPending}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => action && decide.mutate({ action, reason: v.reason?.trim() || undefined, comment: v.comment?.trim() || undefined })}>
          {action !== 'clear' && action !== 'comment' && (
            <Form.Item label="理由" name="reason" rules={needsReason ? [{ required: true, whitespace: true, message: `${ACTION_ZH[action!]}须填写理由` }] : []}>
              <Input.TextArea rows={3} placeholder={needsReason ? '必填' : '选填'} />
            </Form.Item>
          )}
          {action === 'comment' && <Typography.Paragraph type="secondary">只提意见，不改变该项的状态和得分；乡镇会收到通知并可答复，答复后该项回到待审。</Typography.Paragraph>}
          <Form.Item label="审核意见" name="comment" rules={action === 'comment' ? [{ required: true, whitespace: true, message: '请填写审核意见' }] : []}>
            <Input.TextArea rows={action === 'comment' ? 3 : 2} placeholder={action === 'comment' ? '例如：请说明聘请法律顾问的村（社区）数量' : '选填，乡镇可见'} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function ManualEvidence({ checklist, item, township }: { checklist: ChecklistView; item: ItemView; township: boolean }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const done = async (text: string) => {
    message.success(text);
    setNote('');
    await qc.invalidateQueries({ queryKey: checklistKey(checklist.township.id, checklist.year) });
    void qc.invalidateQueries({ queryKey: ['submissions'] });
  };
  const send = async (file?: File) => {
    setBusy(true);
    try {
      const form = new FormData();
      if (township) {
        // A township attaches evidence as a submission of kind "evidence" for this item.
        const res = await authFetch(`/api/townships/${checklist.township.id}/submissions`, { method: 'POST', body: evidenceForm(checklist.year, item.id, file!) });
        if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
        await done('佐证材料已提交，等待审核');
      } else {
        if (file) form.set('file', file);
        if (note.trim()) form.set('note', note.trim());
        const res = await authFetch(`/api/checklist-items/${item.id}/evidence`, { method: 'POST', body: form });
        if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => undefined));
        await done('已补充佐证');
      }
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Divider style={{ margin: '8px 0' }} />
      <Typography.Title level={5}>{township ? '上传该项的佐证材料' : '补充人工佐证'}</Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        {!township && (
          <>
            <label htmlFor={`note-${item.id}`}>说明</label>
            <Input.TextArea id={`note-${item.id}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="例如：已查阅聘用合同 12 份" />
          </>
        )}
        <Space wrap>
          {!township && (
            <Button onClick={() => send()} disabled={!note.trim()} loading={busy}>
              保存说明
            </Button>
          )}
          <Upload
            accept={ACCEPTED.join(',')}
            showUploadList={false}
            beforeUpload={(file) => {
              const problem = precheck(file);
              if (problem) message.error(problem);
              else void send(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              上传文件
            </Button>
          </Upload>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ACCEPTED_TEXT}
          </Typography.Text>
        </Space>
      </Space>
    </div>
  );
}
