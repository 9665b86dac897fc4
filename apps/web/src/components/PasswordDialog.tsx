import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { api, session, unwrap } from '../api/client';
import { errorText, fieldProblems } from '../api/errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The api names the new password `password` in policy refusals and `newPassword` in validation details. */
const FORM_FIELD: Record<string, keyof Values> = { currentPassword: 'currentPassword', newPassword: 'newPassword', password: 'newPassword' };

/**
 * 修改密码: the person's own password, with the current one. The api checks the policy (at least 10 characters, not a
 * common password, nothing made from the username) and answers with the Chinese reason, shown under the field. On
 * success every other session ends and this tab carries on with the new tokens the api returns.
 */
export function PasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    form.resetFields();
    setProblem(null);
    onClose();
  };
  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      const tokens = await unwrap(api.POST('/api/me/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }));
      session.set(tokens);
      message.success('密码已修改，其他设备上的登录已失效');
      close();
    } catch (e) {
      // A reason about one field goes under it; anything else (throttling, network) above the form.
      const known = fieldProblems(e).filter((f) => FORM_FIELD[f.field]);
      if (known.length) form.setFields(known.map((f) => ({ name: FORM_FIELD[f.field], errors: [f.message] })));
      else if ((e as { code?: string }).code === 'INVALID_CREDENTIALS') form.setFields([{ name: 'currentPassword', errors: ['当前密码不正确'] }]);
      else setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title="修改密码" okText="修改密码" cancelText="取消" onCancel={close} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">新密码至少 10 个字符，不能是常见密码，也不能包含用户名或单位名称。修改后其他设备上的登录将失效。</Typography.Paragraph>
      {problem && <Alert role="alert" type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="password-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
