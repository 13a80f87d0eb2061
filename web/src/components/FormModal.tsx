import { Alert, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useErrorText } from './errors.ts';
import { useT } from '../i18n/index.tsx';

interface FormModalProps<T> {
  /** Prefixes the field ids, which must be unique on the page. */
  name: string;
  open: boolean;
  title: ReactNode;
  initial?: Partial<T>;
  onClose: () => void;
  /** Sends the form; a thrown error is shown in the modal. */
  onSubmit: (values: T) => Promise<void>;
  /** The confirm button's text; 保存 by default. */
  okText?: ReactNode;
  children: ReactNode;
}

/** A modal around one form: validates, sends, and shows the error of a refused request above the fields. */
export function FormModal<T extends object>({ name, open, title, initial, onClose, onSubmit, okText, children }: FormModalProps<T>) {
  const t = useT();
  const errorText = useErrorText();
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (initial) form.setFieldsValue(initial as Parameters<typeof form.setFieldsValue>[0]);
    // the initial values are read when the modal opens
  }, [open, form]);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<T> form={form} name={name} layout="vertical">
        {children}
      </Form>
    </Modal>
  );
}
