import { Alert, Button, Card, Form, Radio, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { CaseStatus } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { answerCallback, fetchCallback } from './publicApi.ts';
import { isNotFound, PublicLayout } from './PublicLayout.tsx';

interface Answers {
  contacted: boolean;
  solved: boolean;
  satisfied: boolean;
}

const QUESTIONS = ['contacted', 'solved', 'satisfied'] as const;

/** /r/:token — the link in the SMS after the reply: the resident answers the three callback questions. */
export function CallbackLinkPage() {
  const t = useT();
  const errorText = useErrorText();
  const token = useParams().token ?? '';
  const page = useApi(`callback:${token}`, () => fetchCallback(token));
  const [form] = Form.useForm<Answers>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [answered, setAnswered] = useState<CaseStatus | null>(null);

  const submit = async () => {
    const answers = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      setAnswered((await answerCallback(token, answers)).status);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  if (page.error !== undefined) {
    return (
      <PublicLayout>
        <Result status="warning" title={t('callbackLink.invalid')} subTitle={isNotFound(page.error) ? undefined : errorText(page.error)} />
      </PublicLayout>
    );
  }
  if (!page.data) {
    return (
      <PublicLayout>
        <Spin />
      </PublicLayout>
    );
  }
  if (answered) {
    return (
      <PublicLayout>
        <Result
          status="success"
          data-testid="callback-thanks"
          title={t('callbackLink.thanks')}
          subTitle={answered === 'closed' ? t('callbackLink.closed') : t('callbackLink.reopened')}
        />
      </PublicLayout>
    );
  }
  const { data } = page;
  return (
    <PublicLayout>
      <Card title={t('callbackLink.title', { code: data.trackingCode })} data-testid="callback-page">
        <Typography.Text type="secondary">{t('callbackLink.yourProblem')}</Typography.Text>
        <Typography.Paragraph className="gz-case-text">{data.text}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('callbackLink.theReply')}</Typography.Text>
        <Typography.Paragraph className="gz-reply" data-testid="callback-link-reply">
          {data.reply ?? t('common.none')}
        </Typography.Paragraph>
        {data.open ? (
          <Form<Answers> form={form} name="callback-link" layout="vertical" className="gz-callback-questions">
            {QUESTIONS.map((question) => (
              <Form.Item
                key={question}
                name={question}
                label={t(`callback.${question}`)}
                rules={[{ required: true, message: t('action.answerRequired') }]}
              >
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  data-testid={`answer-${question}`}
                  options={[
                    { value: true, label: t('common.yes') },
                    { value: false, label: t('common.no') },
                  ]}
                />
              </Form.Item>
            ))}
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
            <Button
              type="primary"
              size="large"
              block
              loading={saving}
              onClick={() => void submit().catch(() => undefined)}
              data-testid="callback-link-submit"
            >
              {t('callbackLink.submit')}
            </Button>
          </Form>
        ) : (
          <Alert type="info" showIcon title={t('callbackLink.notOpen')} />
        )}
      </Card>
    </PublicLayout>
  );
}
