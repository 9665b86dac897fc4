import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorText, fieldProblems } from '../../api/errors';
import { useReportYears, useTownships } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';
import { LEVEL_ZH, ROLE_ZH } from '../../catalogue';
import { formatDate } from '../../format';

/** 乡镇与账号: the county's townships (village counts, enable/disable) and accounts (enable/disable, reset password). */
export default function TownshipsPage() {
  const me = useMe();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        乡镇与账号
      </Typography.Title>
      {me.role === 'admin' && <AdminTools />}
      <Tabs items={[{ key: 't', label: '乡镇（街道）', children: <Townships /> }, { key: 'u', label: '账号', children: <Users /> }]} />
    </Space>
  );
}

/** Opens the queue dashboard: a session cookie for /admin/queues first (the dashboard cannot send a bearer token). */
export async function openQueueDashboard(): Promise<void> {
  // Opened before the request so the browser does not treat it as an unrequested pop-up.
  const win = window.open('', '_blank');
  try {
    await unwrap(api.POST('/api/admin/queues/session'));
  } catch (e) {
    win?.close();
    throw e;
  }
  if (win) win.location.href = '/admin/queues';
  else window.location.href = '/admin/queues';
}

/** Admin tools: the queue dashboard and running the reminder planner now, with what the run did. */
function AdminTools() {
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/api/admin/reminders/run')),
    onError: (e) => message.error(errorText(e)),
  });
  const answer = run.data;
  return (
    <Card size="small" title="系统管理">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">系统管理员可查看所有县。提醒每天自动发送；需要时可立即运行一次（重复的提醒不会再发）。</Typography.Text>
        <Space wrap>
          <Button onClick={() => openQueueDashboard().catch((e) => message.error(errorText(e)))}>打开任务队列监控</Button>
          <Popconfirm title="立即按今天的日期检查各项期限并发送提醒？" okText="发送" cancelText="取消" onConfirm={() => run.mutate()}>
            <Button type="primary" loading={run.isPending}>
              立即发送提醒
            </Button>
          </Popconfirm>
        </Space>
        {answer && (
          <Alert
            type={answer.state === 'completed' ? 'success' : 'info'}
            showIcon
            data-testid="reminder-result"
            title={
              answer.state === 'completed' && answer.result
                ? `提醒已发送：检查了 ${answer.result.townships} 个乡镇（街道）、${answer.result.deadlines} 个期限，新生成 ${answer.result.inserted} 条提醒，投递 ${answer.result.deliveries} 次。`
                : '提醒任务已在后台运行，完成后各乡镇即可收到提醒。'
            }
            description={`计算日期：${formatDate(answer.asOf)}`}
          />
        )}
      </Space>
    </Card>
  );
}

function Townships() {
  const q = useTownships();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { defaultYear } = useReportYears();
  const [editing, setEditing] = useState<Schemas['TownshipDto'] | null>(null);
  const toggle = useMutation({
    mutationFn: (t: Schemas['TownshipDto']) =>
      unwrap(t.disabled ? api.POST('/api/townships/{id}/enable', { params: { path: { id: t.id } } }) : api.POST('/api/townships/{id}/disable', { params: { path: { id: t.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['townships'] }),
    onError: (e) => message.error(errorText(e)),
  });
  const save = useMutation({
    mutationFn: (v: { villageCount: number | null }) => unwrap(api.PATCH('/api/townships/{id}', { params: { path: { id: editing!.id } }, body: { villageCount: v.villageCount } })),
    onSuccess: async () => {
      message.success('已保存，相关清单将重新计算');
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['townships'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <>
      <Table<Schemas['TownshipDto']>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: '名称', render: (_, t) => (defaultYear ? <Link to={`/townships/${t.id}/${defaultYear}`}>{t.name}</Link> : t.name) },
          { title: '编码', dataIndex: 'code', width: 110 },
          { title: '类别', width: 70, render: (_, t) => LEVEL_ZH[t.level] ?? '' },
          { title: '村（社区）数', width: 110, render: (_, t) => t.villageCount ?? '未填' },
          { title: '状态', width: 80, render: (_, t) => (t.disabled ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>) },
          {
            title: '操作',
            width: 170,
            render: (_, t) => (
              <Space>
                <Button size="small" onClick={() => setEditing(t)}>修改</Button>
                <Popconfirm title={t.disabled ? `启用 ${t.name}？` : `停用 ${t.name}？其账号将无法登录。`} okText="确定" cancelText="取消" onConfirm={() => toggle.mutate(t)}>
                  <Button size="small" danger={!t.disabled}>{t.disabled ? '启用' : '停用'}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={`修改 ${editing?.name ?? ''}`} okText="保存" cancelText="取消" onCancel={() => setEditing(null)} okButtonProps={{ form: 'township-form', htmlType: 'submit' }} confirmLoading={save.isPending} destroyOnHidden>
        <Form id="township-form" layout="vertical" initialValues={{ villageCount: editing?.villageCount }} onFinish={(v) => save.mutate({ villageCount: v.villageCount ?? null })}>
          <Form.Item label="村（社区）数" name="villageCount">
            <InputNumber min={0} max={10000} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Users() {
  const q = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/api/users', { params: { query: {} } })) });
  const townships = useTownships();
  const names = new Map((townships.data ?? []).map((t) => [t.id, t.name]));
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [resetting, setResetting] = useState<Schemas['UserViewDto'] | null>(null);
  const toggle = useMutation({
    mutationFn: (u: Schemas['UserViewDto']) =>
      unwrap(u.disabled ? api.POST('/api/users/{id}/enable', { params: { path: { id: u.id } } }) : api.POST('/api/users/{id}/disable', { params: { path: { id: u.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
    onError: (e) => message.error(errorText(e)),
  });
  const [resetForm] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: resetting!.id } }, body: { password } })),
    onSuccess: () => {
      message.success('密码已重置，该账号需用新密码重新登录');
      setResetting(null);
    },
    onError: (e) => {
      // The policy's Chinese reason goes under the field; anything else as a message.
      const problems = fieldProblems(e).filter((p) => p.field === 'password');
      if (problems.length) resetForm.setFields([{ name: 'password', errors: problems.map((p) => p.message) }]);
      else message.error(errorText(e));
    },
  });
  return (
    <>
      <Table<Schemas['UserViewDto']>
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 720 }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', render: (_, u) => u.displayName ?? '—' },
          { title: '角色', width: 110, render: (_, u) => ROLE_ZH[u.role] },
          { title: '所属乡镇', width: 110, render: (_, u) => (u.townshipId ? names.get(u.townshipId) ?? '—' : '—') },
          { title: '创建', width: 140, render: (_, u) => formatDate(u.createdAt) },
          { title: '状态', width: 80, render: (_, u) => (u.disabled ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>) },
          {
            title: '操作',
            width: 190,
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setResetting(u)}>重置密码</Button>
                <Popconfirm title={u.disabled ? `启用账号 ${u.username}？` : `停用账号 ${u.username}？`} okText="确定" cancelText="取消" onConfirm={() => toggle.mutate(u)}>
                  <Button size="small" danger={!u.disabled}>{u.disabled ? '启用' : '停用'}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!resetting} title={`重置 ${resetting?.username ?? ''} 的密码`} okText="重置" cancelText="取消" onCancel={() => setResetting(null)} okButtonProps={{ form: 'reset-form', htmlType: 'submit' }} confirmLoading={reset.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">至少 10 个字符，不能是常见密码，也不能包含用户名或单位名称。</Typography.Paragraph>
        <Form id="reset-form" form={resetForm} layout="vertical" onFinish={(v: { password: string }) => reset.mutate(v.password)}>
          <Form.Item label="新密码" name="password" rules={[{ required: true, min: 10, message: '至少 10 个字符' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
