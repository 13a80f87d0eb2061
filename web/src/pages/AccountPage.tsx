import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Row, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { useMe } from '../auth/session.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const MIN_PASSWORD_LENGTH = 8;

export function AccountPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setError(null);
    try {
      await api.post<void>('/api/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')}>
            <Descriptions
              column={1}
              items={[
                { key: 'username', label: t('accounts.username'), children: me.account.username },
                { key: 'displayName', label: t('accounts.displayName'), children: me.account.displayName },
                { key: 'phone', label: t('accounts.phone'), children: me.account.phone ?? t('common.none') },
                { key: 'city', label: t('account.city'), children: me.city.name },
                {
                  key: 'roles',
                  label: t('account.roles'),
                  children: (
                    <Flex vertical gap={4} align="flex-start">
                      {me.roles.length === 0 && t('header.noRole')}
                      {me.roles.map((role) => (
                        <Tag key={role.id} color="blue">
                          {t('accounts.roleTag', { role: tDynamic('role', role.role), unit: role.unit.name })}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')}>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
            <Form<PasswordForm> form={form} name="changePassword" layout="vertical" onFinish={submit} style={{ maxWidth: 420 }}>
              <Form.Item
                name="currentPassword"
                label={t('account.currentPassword')}
                rules={[{ required: true, message: t('account.currentRequired') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('account.newPassword')}
                rules={[{ required: true, min: MIN_PASSWORD_LENGTH, message: t('account.passwordTooShort') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirmPassword"
                label={t('account.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('account.passwordMismatch') },
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      !value || value === getFieldValue('newPassword')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('account.passwordMismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('account.changePassword')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
