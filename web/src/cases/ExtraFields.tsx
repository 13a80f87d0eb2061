import { Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useT } from '../i18n/index.tsx';
import type { ExtraField } from './catalogue.ts';

/** A date picker's value: what the form holds for a date field until it is sent. */
interface DateLike {
  format: (template: string) => string;
}

const isDateLike = (value: unknown): value is DateLike =>
  typeof value === 'object' && value !== null && typeof (value as { format?: unknown }).format === 'function';

/** The control for one field type; Form.Item's id, value and onChange pass through to it. */
function FieldInput({ field, ...control }: { field: ExtraField; id?: string; value?: unknown; onChange?: (value: unknown) => void }) {
  const t = useT();
  const options = field.options ?? [];
  // Form.Item injects these into its child; each control takes them in its own type.
  const bound = control as Record<string, never>;
  switch (field.type) {
    case 'text':
      return <Input maxLength={200} {...bound} />;
    case 'number':
      return <InputNumber style={{ width: 160 }} {...bound} />;
    case 'date':
      return <DatePicker placeholder={t('intake.pickDate')} {...bound} />;
    case 'single':
      return options.length <= 4 ? (
        <Radio.Group options={options} {...bound} />
      ) : (
        <Select options={options} showSearch={{ optionFilterProp: 'label' }} allowClear {...bound} />
      );
    case 'multiple':
      return options.length <= 6 ? (
        <Checkbox.Group options={options} {...bound} />
      ) : (
        <Select mode="multiple" options={options} allowClear {...bound} />
      );
  }
}

/** The typed extra fields of a catalogue leaf, under `fields.<code>` in the form. */
export function ExtraFields({ fields }: { fields: readonly ExtraField[] }) {
  const t = useT();
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.code}
          name={['fields', field.code]}
          label={field.label}
          rules={field.required ? [{ required: true, message: t('intake.fieldRequired', { label: field.label }) }] : []}
        >
          <FieldInput field={field} />
        </Form.Item>
      ))}
    </>
  );
}

/** The values as the API takes them: dates as YYYY-MM-DD, empty ones left out. */
export function fieldValuesForApi(fields: readonly ExtraField[], values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values?.[field.code];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[field.code] = field.type === 'date' && isDateLike(value) ? value.format('YYYY-MM-DD') : value;
  }
  return out;
}

/** A stored value as a reader sees it: option labels instead of option values. */
export function fieldValueText(field: ExtraField | undefined, value: unknown): string {
  const label = (item: unknown) => field?.options?.find((option) => option.value === item)?.label ?? String(item);
  if (Array.isArray(value)) return value.map(label).join('、');
  return label(value);
}
