import { Alert, Button, Card, Flex, Form, Radio, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { useT } from '../i18n/index.tsx';
import { actOnCase } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';
import { ReporterCard } from './ReporterCard.tsx';

interface Answers {
  contacted: boolean;
  solved: boolean;
  satisfied: boolean;
}

const QUESTIONS = ['contacted', 'solved', 'satisfied'] as const;

/** One replied case on the operator's desk: the reply, the resident's number, and the three questions. */
export function CallbackCard({ theCase, onDone }: { theCase: CaseView; onDone: (next: CaseView) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm<Answers>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reply = [...theCase.timeline].reverse().find((event) => event.type === 'case.replied');

  const submit = async () => {
    const answers = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      onDone(await actOnCase(theCase.id, { type: 'record_callback', ...answers }, theCase.version));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="callback-card"
      data-code={theCase.trackingCode}
      title={
        <Flex gap={8} align="center">
          <Link to={`/cases/${theCase.id}`} className="gz-mono">
            {theCase.trackingCode}
          </Link>
          <Typography.Text type="secondary">{theCase.leadUnit?.name}</Typography.Text>
        </Flex>
      }
      extra={
        theCase.repliedAt && (
          <Typography.Text type="secondary">{t('callbacks.repliedAt', { at: formatDateTime(theCase.repliedAt) })}</Typography.Text>
        )
      }
    >
      <div className="gz-callback-grid">
        <div>
          <Typography.Text type="secondary">{t('case.text')}</Typography.Text>
          <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }}>{theCase.text}</Typography.Paragraph>
          <Typography.Text type="secondary">{t('callbacks.reply')}</Typography.Text>
          <Typography.Paragraph className="gz-reply" data-testid="callback-reply">
            {typeof reply?.data.text === 'string' ? reply.data.text : t('common.none')}
          </Typography.Paragraph>
        </div>
        <ReporterCard theCase={theCase} />
        <Form<Answers> form={form} name={`callback-${theCase.id}`} layout="vertical" className="gz-callback-form">
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
                options={[
                  { value: true, label: t('common.yes') },
                  { value: false, label: t('common.no') },
                ]}
              />
            </Form.Item>
          ))}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="callback-submit">
            {t('callbacks.submit')}
          </Button>
        </Form>
      </div>
    </Card>
  );
}
