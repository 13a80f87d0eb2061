import { Descriptions, Form, Input, InputNumber, Select } from 'antd';
import { FormModal } from '../components/FormModal.tsx';
import { useLang, useT } from '../i18n/index.tsx';
import { REGION_SUBTYPES } from '../types.ts';
import type { RegionDetail, RegionSubtype } from '../types.ts';
import { createRegion, updateRegion } from './regionApi.ts';
import { CODE_DIGITS, REGION_CODE, childCodePrefix, childLevelOf } from './regionRules.ts';

interface RegionEdit {
  name: string;
  population?: number | null;
}

interface ModalProps {
  /** The region the modal is for; none = closed. */
  region: RegionDetail | null;
  onClose: () => void;
  onDone: (saved: RegionDetail) => void;
}

export function EditRegionModal({ region, onClose, onDone }: ModalProps) {
  const t = useT();
  return (
    <FormModal<RegionEdit>
      name="editRegion"
      open={region !== null}
      title={t('regions.editTitle', { name: region?.name ?? '' })}
      initial={{ name: region?.name, population: region?.population ?? undefined }}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!region) return;
        const saved = await updateRegion(region.code, {
          name: values.name.trim(),
          ...(typeof values.population === 'number' ? { population: values.population } : {}),
        });
        onDone(saved);
      }}
    >
      <Form.Item
        name="name"
        label={t('regions.childName')}
        rules={[{ required: true, whitespace: true, message: t('regions.nameRequired') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="population" label={t('regions.population')}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

interface RegionNew {
  code: string;
  name: string;
  subtype?: RegionSubtype;
  population?: number | null;
}

export function AddRegionModal({ region: parent, onClose, onDone }: ModalProps) {
  const t = useT();
  const { tDynamic } = useLang();
  const level = parent ? childLevelOf(parent.level) : undefined;
  const prefix = parent ? childCodePrefix(parent) : '';
  const subtypes = level ? REGION_SUBTYPES[level] : [];
  const levelName = level ? tDynamic('level', level) : '';
  return (
    <FormModal<RegionNew>
      name="addRegion"
      open={parent !== null && level !== undefined}
      title={t('regions.addTitle', { level: levelName })}
      initial={{ code: prefix, subtype: subtypes[0] }}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!parent || !level) return;
        const saved = await createRegion({
          parentCode: parent.code,
          code: values.code.trim(),
          name: values.name.trim(),
          level,
          ...(values.subtype ? { subtype: values.subtype } : {}),
          ...(typeof values.population === 'number' ? { population: values.population } : {}),
        });
        onDone(saved);
      }}
    >
      <Descriptions
        className="gz-modal-facts"
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 1, whiteSpace: 'nowrap' } }}
        items={[
          {
            key: 'parent',
            label: t('regions.parent'),
            children: (
              <span data-testid="add-region-parent">
                {parent && t('regions.option', { name: parent.name, level: tDynamic('level', parent.level) })}
              </span>
            ),
          },
          { key: 'level', label: t('regions.level'), children: levelName },
        ]}
      />
      <Form.Item
        name="code"
        label={t('regions.code')}
        extra={level && t('regions.codeHint', { prefix, digits: CODE_DIGITS[level] })}
        rules={[
          { required: true, pattern: REGION_CODE, message: t('regions.codeInvalid') },
          {
            validator: (_, value: string | undefined) =>
              !value || (value.startsWith(prefix) && value.length > prefix.length)
                ? Promise.resolve()
                : Promise.reject(new Error(t('regions.codePrefix', { prefix }))),
          },
        ]}
      >
        <Input inputMode="numeric" maxLength={15} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('regions.childName')}
        rules={[{ required: true, whitespace: true, message: t('regions.nameRequired') }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      {subtypes.length > 1 && (
        <Form.Item name="subtype" label={t('regions.subtype')}>
          <Select options={subtypes.map((value) => ({ value, label: tDynamic('subtype', value) }))} />
        </Form.Item>
      )}
      <Form.Item name="population" label={t('regions.population')}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
