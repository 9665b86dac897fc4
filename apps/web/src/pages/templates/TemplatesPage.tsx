import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorText } from '../../api/errors';
import { useTemplates } from '../../api/queries';
import { areaName, REQUIREMENT_ZH, TIER_ZH, UNIT_ZH } from '../../catalogue';
import { dueDateOf, formatDate } from '../../format';

type Obligation = Schemas['TemplateObligationDto'];

/** 检查模板: each year's version, its obligations with thresholds, weights and due rules; next year's version. */
export default function TemplatesPage() {
  const templates = useTemplates();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<string | undefined>();
  const id = selected ?? templates.data?.find((t) => t.checklistCount > 0)?.id ?? templates.data?.[0]?.id;
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
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        检查模板
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label="模板版本"
          style={{ width: 260 }}
          value={id}
          onChange={setSelected}
          options={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.year}年度 第${x.version}版（${x.checklistCount} 份清单）` }))}
        />
        <Popconfirm title="以此模板生成下一年度模板？" okText="生成" cancelText="取消" onConfirm={() => next.mutate()}>
          <Button loading={next.isPending} disabled={!id}>
            生成下一年度模板
          </Button>
        </Popconfirm>
      </Space>
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
          { title: '操作', width: 80, render: (_, o) => <Button size="small" onClick={() => setEditing(o)}>修改</Button> },
        ]}
      />
      <EditObligation templateId={id} obligation={editing} onClose={() => setEditing(null)} />
    </Space>
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
