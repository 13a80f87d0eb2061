import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { callerMarkReasons, type CallerMarkReason } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';
import { markCaller } from './caseApi.ts';

/** An operator or dispatcher marks the case's caller as malicious (恶意来电); the server flags the number at the threshold. */
export function MarkCaller({ caseId }: { caseId: string }) {
  const t = useT();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: CallerMarkReason; note?: string }>();

  const submit = async (values: { reason: CallerMarkReason; note?: string }) => {
    setSaving(true);
    setError(null);
    try {
      const note = values.note?.trim();
      const marked = await markCaller(caseId, { reason: values.reason, ...(note ? { note } : {}) });
      setResult(marked.flag ? t('caller.markedFlagged') : t('caller.marked', { count: marked.markCount }));
      setOpen(false);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  if (result) return <Typography.Text type="warning">{result}</Typography.Text>;
  return (
    <>
      <Button size="small" danger icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="mark-caller">
        {t('caller.mark')}
      </Button>
      <Modal open={open} title={t('caller.markTitle')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={saving}>
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} initialValues={{ reason: 'harassment' }}>
          <Form.Item name="reason" label={t('caller.markReason')} rules={[{ required: true }]}>
            <Radio.Group
              options={callerMarkReasons.map((reason) => ({ value: reason, label: t(`caller.markReason.${reason}` as const) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('caller.markNote')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </>
  );
}
