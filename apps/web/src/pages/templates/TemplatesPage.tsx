import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTemplates } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { areaName, REQUIREMENT_ZH, TIER_ZH, UNIT_ZH } from '../../catalogue';
import { dueDateOf, formatDate } from '../../format';

type Obligation = Schemas['TemplateObligationDto'];
type Summary = Schemas['TemplateSummaryDto'];

/** Who owns a template version, as a person reads it: the national default, the reader's county, or (admins) a county by name. */
function ownerText(t: { countyId?: string | null }, myCountyId: string | null | undefined, countyNames: Map<string, string>): string {
  if (!t.countyId) return '全国默认';
  if (t.countyId === myCountyId) return '本县';
  return countyNames.get(t.countyId) ?? '县级模板';
}

/**
 * 检查模板: each year's versions with their owner — the national default (admins edit it; county auditors read it and
 * derive their county's own version) and the county's own templates (its auditors and admins edit them).
 */
export default function TemplatesPage() {
  const me = useMe();
  const templates = useTemplates();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const counties = useQuery({ queryKey: ['counties'], queryFn: () => unwrap(api.GET('/api/counties')), enabled: me.role === 'admin' });
  const countyNames = useMemo(() => new Map((counties.data ?? []).map((c) => [c.id, c.name])), [counties.data]);
  const [selected, setSelected] = useState<string | undefined>();
  const [deriving, setDeriving] = useState(false);
  const list = templates.data ?? [];
  // Open on what the county's checklists use: its own version when it has one, else the default's.
  const id =
    selected ??
    list.find((x) => x.checklistCount > 0 && !!me.countyId && x.countyId === me.countyId)?.id ??
    list.find((x) => x.checklistCount > 0)?.id ??
    list[0]?.id;
  const summary = list.find((x) => x.id === id);
  const template = useQuery({ queryKey: ['template', id], queryFn: () => unwrap(api.GET('/api/templates/{id}', { params: { path: { id: id! } } })), enabled: !!id });
  const [editing, setEditing] = useState<Obligation | null>(null);
  const next = useMutation({
    mutationFn: () => unwrap(api.POST('/api/templates/{id}/next-year', { params: { path: { id: id! } } })),
    onSuccess: async (t) => {
      message.success(`已生成${t.year}年度第${t.version}版模板`);
      await qc.invalidateQueries({ queryKey: ['templates'] });
      setSelected(t.id);
    },
    onError: (e) => message.error(errorText(e)),
  });
  const t = template.data;
  const isDefault = !!summary && !summary.countyId;
  const editable = !!summary && (me.role === 'admin' || (!isDefault && summary.countyId === me.countyId));
  const owner = summary ? ownerText(summary, me.countyId, countyNames) : '';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        检查模板
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label="模板版本"
          style={{ width: 340 }}
          value={id}
          onChange={setSelected}
          options={list.map((x) => ({ value: x.id, label: `${x.year}年度 第${x.version}版 · ${ownerText(x, me.countyId, countyNames)}（${x.checklistCount} 份清单）` }))}
        />
        {summary && (
          <Tag color={isDefault ? 'blue' : 'gold'} data-testid="template-owner">
            {owner}
          </Tag>
        )}
        {editable && (
          <Popconfirm title="以此模板生成下一年度模板？" okText="生成" cancelText="取消" onConfirm={() => next.mutate()}>
            <Button loading={next.isPending} disabled={!id}>
              生成下一年度模板
            </Button>
          </Popconfirm>
        )}
        {(me.role === 'auditor' || me.role === 'admin') && summary && (
          <Button type={isDefault && me.role === 'auditor' ? 'primary' : 'default'} onClick={() => setDeriving(true)}>
            {me.role === 'admin' ? '为县派生本年度模板' : '为本县派生本年度模板'}
          </Button>
        )}
      </Space>
      {isDefault && me.role === 'auditor' && (
        <Alert
          type="info"
          showIcon
          title="全国默认模板由系统管理员维护，本县只能查看。"
          description={`如需调整阈值、权重或完成期限，请先“为本县派生本年度模板”，本县的${summary!.year}年度清单随即改用本县模板。`}
        />
      )}
      {t && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t.title}。年度报告报送期限 {formatDate(dueDateOf(t.reportSubmitBy, t.year))}，公开期限 {formatDate(dueDateOf(t.reportPublishBy, t.year))}。
        </Typography.Paragraph>
      )}
      <Table<Obligation>
        size="small"
        rowKey="obligationId"
        loading={template.isPending}
        dataSource={t?.obligations ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: '领域', width: 150, render: (_, o) => areaName(o.area) },
          { title: '义务', render: (_, o) => <>{o.nameZh} {o.tier !== 'standard' && <Tag>{TIER_ZH[o.tier] ?? '其他'}</Tag>}</> },
          { title: '要求', width: 160, render: (_, o) => `${REQUIREMENT_ZH[o.requirementKind] ?? ''}${o.threshold !== null && o.threshold !== undefined ? ` ${o.threshold}${UNIT_ZH(o.unit)}` : ''}` },
          { title: '权重', width: 70, dataIndex: 'weight' },
          { title: '完成期限', width: 150, render: (_, o) => (t ? formatDate(dueDateOf(o.dueRule, t.year)) : '') },
          ...(editable ? [{ title: '操作', width: 80, render: (_: unknown, o: Obligation) => <Button size="small" onClick={() => setEditing(o)}>修改</Button> }] : []),
        ]}
      />
      <EditObligation templateId={id} obligation={editing} onClose={() => setEditing(null)} />
      {summary && (me.countyId || me.role === 'admin') && (
        <DeriveModal
          open={deriving}
          countyId={me.countyId ?? undefined}
          counties={me.role === 'admin' ? (counties.data ?? []) : undefined}
          year={summary.year}
          hasPrevious={list.some((x) => x.year === summary.year - 1)}
          onClose={() => setDeriving(false)}
          onDone={(created) => setSelected(created.id)}
        />
      )}
    </Space>
  );
}

/**
 * The county's own version of a year, copied from the default or from what the county used the year before. An
 * auditor derives for their county; an admin (who sees every county) picks the county first.
 */
function DeriveModal({
  open,
  countyId,
  counties,
  year,
  hasPrevious,
  onClose,
  onDone,
}: {
  open: boolean;
  countyId?: string;
  /** Admins: the counties to choose from. */
  counties?: { id: string; name: string }[];
  year: number;
  hasPrevious: boolean;
  onClose: () => void;
  onDone: (t: Summary | Schemas['TemplateWithObligationsDto']) => void;
}) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [from, setFrom] = useState<'default' | 'previous_year'>('default');
  const [picked, setPicked] = useState<string | undefined>();
  const target = counties ? picked : countyId;
  const whose = counties ? (counties.find((c) => c.id === picked)?.name ?? '所选县') : '本县';
  const derive = useMutation({
    mutationFn: () => unwrap(api.POST('/api/counties/{id}/templates', { params: { path: { id: target! } }, body: { year, from } })),
    onSuccess: async (t) => {
      message.success(`已为${whose}派生${t.year}年度第${t.version}版模板，${whose}清单已改用该模板`);
      onClose();
      await qc.invalidateQueries({ queryKey: ['templates'] });
      void qc.invalidateQueries({ queryKey: ['checklist'] });
      void qc.invalidateQueries({ queryKey: ['matrix'] });
      onDone(t);
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Modal
      open={open}
      title={counties ? `为县派生${year}年度模板` : `为本县派生${year}年度模板`}
      okText="派生"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => derive.mutate()}
      okButtonProps={{ disabled: !target }}
      confirmLoading={derive.isPending}
      destroyOnHidden
    >
      {counties && (
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="derive-county">县</label>
          <Select id="derive-county" aria-label="派生给哪个县" placeholder="请选择县" style={{ width: 200 }} value={picked} onChange={setPicked} options={counties.map((c) => ({ value: c.id, label: c.name }))} />
        </Space>
      )}
      <Typography.Paragraph>派生后，{whose}可以自行调整阈值、权重和完成期限；{whose}{year}年度的检查清单改用该县模板并重新计算。</Typography.Paragraph>
      <Radio.Group value={from} onChange={(e) => setFrom(e.target.value)} aria-label="派生来源">
        <Space direction="vertical">
          <Radio value="default">复制全国默认模板的{year}年度版本</Radio>
          <Radio value="previous_year" disabled={!hasPrevious}>
            沿用{counties ? '该县' : '本县'}{year - 1}年度所用的模板
          </Radio>
        </Space>
      </Radio.Group>
    </Modal>
  );
}

function EditObligation({ templateId, obligation, onClose }: { templateId?: string; obligation: Obligation | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ threshold?: number; weight: number; month: number; day: number; yearOffset: number }>();
  const save = useMutation({
    mutationFn: (v: { threshold?: number; weight: number; month: number; day: number; yearOffset: number }) =>
      unwrap(
        api.PATCH('/api/templates/{id}/obligations/{obligationId}', {
          params: { path: { id: templateId!, obligationId: obligation!.obligationId } },
          body: { ...(v.threshold !== undefined && v.threshold !== null ? { threshold: v.threshold } : {}), weight: v.weight, dueRule: { month: v.month, day: v.day, yearOffset: v.yearOffset } },
        }),
      ),
    onSuccess: async () => {
      message.success('已保存');
      onClose();
      await qc.invalidateQueries({ queryKey: ['template', templateId] });
      void qc.invalidateQueries({ queryKey: ['checklist'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const o = obligation;
  return (
    <Modal open={!!o} title={o?.nameZh} okText="保存" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden>
      {o && (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ threshold: o.threshold ?? undefined, weight: o.weight, ...o.dueRule }}>
          {o.requirementKind !== 'presence' && (
            <Form.Item label={`阈值（${UNIT_ZH(o.unit) || '数量'}）`} name="threshold">
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item label="权重" name="weight" rules={[{ required: true, message: '请填写权重' }]}>
            <InputNumber min={0.01} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Space>
            <Form.Item label="期限：月" name="month" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={1} max={12} />
            </Form.Item>
            <Form.Item label="日" name="day" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={1} max={31} />
            </Form.Item>
            <Form.Item label="年份" name="yearOffset">
              <Select style={{ width: 120 }} options={[{ value: 0, label: '报告年度内' }, { value: 1, label: '次年' }]} />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  );
}
