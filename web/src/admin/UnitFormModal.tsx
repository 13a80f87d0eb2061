import { Form, Input, Select } from 'antd';
import { api } from '../api.ts';
import { FormModal } from '../components/FormModal.tsx';
import { RegionSelect } from '../components/RegionSelect.tsx';
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

/** Shown only for the kinds that have a department type; reads the kind from the surrounding form. */
function DepartmentTypeField() {
  const t = useT();
  const kind = Form.useWatch<UnitKind | undefined>('kind', Form.useFormInstance());
  if (!kind || !KINDS_WITH_DEPARTMENT_TYPE.includes(kind)) return null;
  return (
    <Form.Item name="departmentType" label={t('units.departmentType')}>
      <Input maxLength={50} />
    </Form.Item>
  );
}

export function UnitFormModal({ open, unit, onClose, onSaved }: UnitFormModalProps) {
  const t = useT();
  const { tDynamic } = useLang();

  const submit = async (values: UnitForm) => {
    const body = {
      name: values.name.trim(),
      kind: values.kind,
      regionCode: values.regionCode,
      ...(KINDS_WITH_DEPARTMENT_TYPE.includes(values.kind) && values.departmentType
        ? { departmentType: values.departmentType.trim() }
        : {}),
    };
    const saved = unit ? await api.patch<Unit>(`/api/units/${unit.id}`, body) : await api.post<Unit>('/api/units', body);
    onSaved(saved);
  };

  return (
    <FormModal<UnitForm>
      name="unit"
      open={open}
      title={unit ? t('units.edit') : t('units.create')}
      initial={
        unit
          ? { name: unit.name, kind: unit.kind, regionCode: unit.region.code, departmentType: unit.departmentType ?? undefined }
          : undefined
      }
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item name="name" label={t('units.name')} rules={[{ required: true, whitespace: true, message: t('units.nameRequired') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true, message: t('units.kindRequired') }]}>
        <Select options={UNIT_KINDS.map((value) => ({ value, label: tDynamic('unitKind', value) }))} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('units.region')} rules={[{ required: true, message: t('units.regionRequired') }]}>
        <RegionSelect valueLabel={unit?.region.name} />
      </Form.Item>
      <DepartmentTypeField />
    </FormModal>
  );
}
