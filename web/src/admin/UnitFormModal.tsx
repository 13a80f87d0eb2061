import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { RegionSelect } from '../components/RegionSelect.tsx';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { UNIT_KINDS } from '../types.ts';
import type { Unit, UnitKind } from '../types.ts';

interface UnitForm {
  name: string;
  kind: UnitKind;
  regionCode: string;
  departmentType?: string;
}

interface UnitFormModalProps {
  open: boolean;
  /** The unit being edited; none = a new unit. */
  unit: Unit | null;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}

const KINDS_WITH_DEPARTMENT_TYPE: readonly UnitKind[] = ['department', 'utility'];

export function UnitFormModal({ open, unit, onClose, onSaved }: UnitFormModalProps) {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const [form] = Form.useForm<UnitForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (unit) {
      form.setFieldsValue({
        name: unit.name,
        kind: unit.kind,
        regionCode: unit.region.code,
        departmentType: unit.departmentType ?? undefined,
      });
    }
  }, [open, unit, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const body = {
      name: values.name.trim(),
      kind: values.kind,
      regionCode: values.regionCode,
      ...(KINDS_WITH_DEPARTMENT_TYPE.includes(values.kind) && values.departmentType
        ? { departmentType: values.departmentType.trim() }
        : {}),
    };
    setSaving(true);
    setError(null);
    try {
      const saved = unit ? await api.patch<Unit>(`/api/units/${unit.id}`, body) : await api.post<Unit>('/api/units', body);
      onSaved(saved);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={unit ? t('units.edit') : t('units.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<UnitForm> form={form} name="unit" layout="vertical" requiredMark>
        <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('units.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('units.kindRequired') }]}>
          <Select options={UNIT_KINDS.map((value) => ({ value, label: tDynamic('unitKind', value) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('units.region')} rules={[{ required: true, message: t('units.regionRequired') }]}>
          <RegionSelect valueLabel={unit?.region.name} />
        </Form.Item>
        {kind && KINDS_WITH_DEPARTMENT_TYPE.includes(kind) && (
          <Form.Item name="departmentType" label={t('units.departmentType')}>
            <Input maxLength={50} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
