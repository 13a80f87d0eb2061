import { ApartmentOutlined, FundOutlined, LockOutlined, SyncOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { LogoMark } from '../components/Logo.tsx';
import { useErrorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';

interface LoginForm {
  username: string;
  password: string;
}

function targetAfterLogin(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const t = useT();
  const errorText = useErrorText();
  const { me, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (me) return <Navigate to={targetAfterLogin(location.state)} replace />;

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      void navigate(targetAfterLogin(location.state), { replace: true });
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSubmitting(false);
    }
  };

  const features = [
    { icon: <SyncOutlined />, text: t('login.feature.cases') },
    { icon: <ApartmentOutlined />, text: t('login.feature.grid') },
    { icon: <FundOutlined />, text: t('login.feature.assess') },
  ];

  return (
    <div className="gz-login">
      <section className="gz-login-brand">
        <div className="gz-login-brand-inner">
          <div className="gz-login-logo">
            <LogoMark size={48} />
            <div>
              <div className="gz-login-name">{t('app.name')}</div>
              <div className="gz-login-latin">{t('app.nameLatin')}</div>
            </div>
          </div>
          <h1 className="gz-login-tagline">{t('app.tagline')}</h1>
          <p className="gz-login-intro">{t('app.loginIntro')}</p>
          <ul className="gz-login-features">
            {features.map((feature) => (
              <li key={feature.text}>
                <span className="gz-login-feature-icon">{feature.icon}</span>
                {feature.text}
              </li>
            ))}
          </ul>
          <div className="gz-login-slogan">{t('app.slogan')}</div>
        </div>
      </section>
      <section className="gz-login-panel">
        <div className="gz-login-lang">
          <LanguageSwitch />
        </div>
        <div className="gz-login-card">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('app.name')} · {t('app.tagline')}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" role="alert" />}
          <Form<LoginForm> layout="vertical" size="large" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
        </div>
        <div className="gz-login-footer">{t('app.footer')}</div>
      </section>
    </div>
  );
}
