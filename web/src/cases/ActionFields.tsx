import { Alert, Form, Input, InputNumber, Radio } from 'antd';
import type { CaseActionType } from '@gongzhi/contracts/vocabulary';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { fetchCatalogue } from './caseApi.ts';
import type { CaseActionInput } from './caseApi.ts';
import { CasePicker } from './CasePicker.tsx';
import { CategoryPicker } from './CategoryPicker.tsx';

/** What an action form holds before it becomes the API's payload. */
export interface ActionValues {
  unitId?: string;
  category?: string[];
  reason?: string;
  note?: string;
  text?: string;
  days?: number;
  decision?: 'reroute' | 'must_handle';
  contacted?: boolean;
  solved?: boolean;
  satisfied?: boolean;
  caseId?: string;
}

/** Steps taken at once: they carry nothing but the decision to take them. */
export const IMMEDIATE_ACTIONS: readonly CaseActionType[] = ['accept', 'start', 'resume'];

function Reason({ optional, label }: { optional?: boolean; label?: string }) {
  const t = useT();
  return (
    <Form.Item
      name="reason"
      label={label ?? t('action.reason')}
      rules={optional ? [] : [{ required: true, whitespace: true, message: t('action.reasonRequired') }]}
    >
      <Input.TextArea rows={3} maxLength={1000} showCount />
    </Form.Item>
  );
}

function YesNo({ name, label }: { name: 'contacted' | 'solved' | 'satisfied'; label: string }) {
  const t = useT();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('action.answerRequired') }]}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        options={[
          { value: true, label: t('common.yes') },
          { value: false, label: t('common.no') },
        ]}
      />
    </Form.Item>
  );
}

function DispatchFields() {
  const t = useT();
  const catalogue = useApi('catalogue', fetchCatalogue);
  return (
    <>
      <Form.Item name="unitId" label={t('action.unit')} rules={[{ required: true, message: t('action.unitRequired') }]}>
        <UnitSelect placeholder={t('action.unitSearch')} data-testid="action-unit" />
      </Form.Item>
      <Form.Item name="category" label={t('action.category')} extra={t('action.categoryHint')}>
        <CategoryPicker catalogue={catalogue.data} />
      </Form.Item>
    </>
  );
}

function ArbitrateFields() {
  const t = useT();
  return (
    <>
      <Form.Item name="decision" label={t('action.decision')} rules={[{ required: true, message: t('action.decisionRequired') }]}>
        <Radio.Group
          options={[
            { value: 'reroute', label: t('decision.reroute') },
            { value: 'must_handle', label: t('decision.must_handle') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['decision']}>
        {({ getFieldValue }) =>
          getFieldValue('decision') === 'reroute' && (
            <Form.Item name="unitId" label={t('action.rerouteUnit')} rules={[{ required: true, message: t('action.unitRequired') }]}>
              <UnitSelect placeholder={t('action.unitSearch')} data-testid="action-unit" />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

/** The inputs each step needs (a reason, a unit, the callback answers …). */
export function ActionFields({ type, caseId, pending }: { type: CaseActionType; caseId: string; pending?: string }) {
  const t = useT();
  const info = pending && <Alert type="info" showIcon title={pending} style={{ marginBottom: 16 }} />;
  switch (type) {
    case 'dispatch':
      return <DispatchFields />;
    case 'arbitrate_return':
      return (
        <>
          {info}
          <ArbitrateFields />
        </>
      );
    case 'contact':
      return (
        <Form.Item name="note" label={t('action.note')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item name="days" label={t('action.days')} rules={[{ required: true, message: t('action.daysRequired') }]}>
            <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Reason />
        </>
      );
    case 'approve_extension':
      return info;
    case 'reject_extension':
      return (
        <>
          {info}
          <Reason optional label={t('action.rejectReason')} />
        </>
      );
    case 'reply':
      return (
        <Form.Item
          name="text"
          label={t('action.replyText')}
          rules={[{ required: true, whitespace: true, message: t('action.replyRequired') }]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('action.replyPlaceholder')} />
        </Form.Item>
      );
    case 'record_callback':
      return (
        <>
          {info}
          <YesNo name="contacted" label={t('callback.contacted')} />
          <YesNo name="solved" label={t('callback.solved')} />
          <YesNo name="satisfied" label={t('callback.satisfied')} />
        </>
      );
    case 'add_cohandler':
      return (
        <Form.Item name="unitId" label={t('action.cohandler')} rules={[{ required: true, message: t('action.unitRequired') }]}>
          <UnitSelect placeholder={t('action.unitSearch')} data-testid="action-unit" />
        </Form.Item>
      );
    case 'merge_into':
      return (
        <Form.Item name="caseId" label={t('action.mergeTarget')} rules={[{ required: true, message: t('action.mergeRequired') }]}>
          <CasePicker excludeId={caseId} placeholder={t('action.mergeSearch')} />
        </Form.Item>
      );
    case 'return':
    case 'suspend':
    case 'escalate':
    case 'withdraw':
    case 'close':
      return <Reason />;
    case 'accept':
    case 'start':
    case 'resume':
      return null;
  }
}

const reasonOf = (values: ActionValues) => (values.reason ?? '').trim();

/** The API's payload for a step from its form. */
export function toAction(type: CaseActionType, values: ActionValues): CaseActionInput {
  switch (type) {
    case 'dispatch': {
      const leaf = values.category?.[values.category.length - 1];
      return { type, unitId: values.unitId ?? '', ...(leaf ? { categoryCode: leaf } : {}) };
    }
    case 'arbitrate_return':
      return values.decision === 'reroute' ? { type, decision: 'reroute', unitId: values.unitId ?? '' } : { type, decision: 'must_handle' };
    case 'contact':
      return values.note?.trim() ? { type, note: values.note.trim() } : { type };
    case 'request_extension':
      return { type, days: values.days ?? 0, reason: reasonOf(values) };
    case 'reject_extension':
      return reasonOf(values) ? { type, reason: reasonOf(values) } : { type };
    case 'reply':
      return { type, text: (values.text ?? '').trim() };
    case 'record_callback':
      return { type, contacted: values.contacted === true, solved: values.solved === true, satisfied: values.satisfied === true };
    case 'add_cohandler':
      return { type, unitId: values.unitId ?? '' };
    case 'merge_into':
      return { type, caseId: values.caseId ?? '' };
    case 'return':
    case 'suspend':
    case 'escalate':
    case 'withdraw':
    case 'close':
      return { type, reason: reasonOf(values) };
    case 'accept':
    case 'start':
    case 'resume':
    case 'approve_extension':
      return { type };
  }
}
