import { SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Radio, Switch, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useMemo, useRef, useState } from 'react';
import type { ClassifierSuggestion as Suggestion } from '@gongzhi/contracts';
import type { CaseUrgency } from '@gongzhi/contracts/vocabulary';
import { caseUrgencies } from '@gongzhi/contracts/vocabulary';
import { hasAbility, useMe } from '../auth/session.tsx';
import { ApiError } from '../api.ts';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { CallerHistory } from './CallerHistory.tsx';
import { createCase, fetchCatalogue, fetchChildShapes, locatePoint, newIdempotencyKey } from './caseApi.ts';
import type { CaseCreate, CaseCreated, LocatedPlace } from './caseApi.ts';
import { indexLeaves } from './catalogue.ts';
import type { LeafEntry } from './catalogue.ts';
import { CategoryPicker, LeafHint } from './CategoryPicker.tsx';
import { ClassifierSuggestion, recordSuggestionOutcome } from './ClassifierSuggestion.tsx';
import { ExtraFields, fieldValuesForApi } from './ExtraFields.tsx';
import { IntakeResult } from './IntakeResult.tsx';
import type { LngLat } from './PlaceMap.tsx';
import { PlacePicker } from './PlacePicker.tsx';

interface IntakeValues {
  phone?: string;
  name?: string;
  anonymous: boolean;
  text: string;
  category?: string[];
  fields?: Record<string, unknown>;
  urgency: CaseUrgency;
  address?: string;
  route: boolean;
}

const PHONE = /^\+?[0-9-]{5,20}$/;
const INITIAL: Partial<IntakeValues> = { anonymous: false, urgency: 'normal', route: true };

const placeText = (place: LocatedPlace) =>
  [place.district, place.street, place.community, place.grid].flatMap((region) => (region ? [region.name] : [])).join(' / ');

/** 热线受理: the operator's keyboard-first form; registered residents and grid workers report through it too. */
export function IntakePage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const me = useMe();
  const takesCalls = hasAbility(me, 'case.pii');
  // Staff who take cases in get the classifier's suggestion (residents choose themselves).
  const getsSuggestions = hasAbility(me, 'case.read');
  const [form] = Form.useForm<IntakeValues>();
  const phoneRef = useRef<InputRef>(null);
  const catalogue = useApi('catalogue', fetchCatalogue);
  const leaves = useMemo(() => (catalogue.data ? indexLeaves(catalogue.data) : new Map<string, LeafEntry>()), [catalogue.data]);
  const categoryPath = Form.useWatch('category', form);
  const anonymous = Form.useWatch('anonymous', form);
  const text = Form.useWatch('text', form);
  const entry = categoryPath ? leaves.get(categoryPath[categoryPath.length - 1] ?? '') : undefined;

  const [point, setPoint] = useState<LngLat | null>(null);
  const [historyPhone, setHistoryPhone] = useState<string>();
  // A new form starts the map at the whole city again.
  const [formKey, setFormKey] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CaseCreated | null>(null);
  // The last suggestion, and the category it pre-selected (replaced by the next one unless the operator changed it).
  const suggestion = useRef<Suggestion | null>(null);
  const autoPicked = useRef<string | null>(null);
  const pickCategory = (code: string): boolean => {
    const found = leaves.get(code);
    if (found) form.setFieldValue('category', found.codes);
    return Boolean(found);
  };
  const onSuggestion = (next: Suggestion | null) => {
    suggestion.current = next;
    const current = (form.getFieldValue('category') as string[] | undefined)?.at(-1);
    const untouched = current === undefined || current === autoPicked.current;
    if (!untouched) return;
    if (next && !next.belowThreshold && pickCategory(next.category.code)) autoPicked.current = next.category.code;
    else if (current !== undefined) {
      form.setFieldValue('category', undefined);
      autoPicked.current = null;
    }
  };
  const resetSuggestion = () => {
    suggestion.current = null;
    autoPicked.current = null;
  };
  // One key per logical submit: a retry of the same body sends it again, a changed body gets a new one.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const toBody = (values: IntakeValues): CaseCreate => {
    const fields = entry ? fieldValuesForApi(entry.leaf.fields ?? [], values.fields) : {};
    const phone = values.phone?.trim();
    const name = values.anonymous ? undefined : values.name?.trim();
    return {
      text: values.text.trim(),
      urgency: values.urgency,
      route: values.route,
      ...(entry ? { categoryCode: entry.leaf.code } : {}),
      ...(Object.keys(fields).length ? { fields } : {}),
      ...(point ? { location: point } : {}),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(phone || name || values.anonymous
        ? { reporter: { anonymous: values.anonymous, ...(phone ? { phone } : {}), ...(name ? { name } : {}) } }
        : {}),
    };
  };

  const submit = async () => {
    const values = await form.validateFields();
    const body = toBody(values);
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setSaving(true);
    setError(null);
    try {
      const result = await createCase(body, attempt.current.key);
      setCreated(result);
      // Accepted or corrected: followed by the classifier's quality report; never in the way of intake.
      if (suggestion.current) void recordSuggestionOutcome(suggestion.current.suggestionId, result.case.id).catch(() => undefined);
      resetSuggestion();
      attempt.current = null;
      form.resetFields();
      setPoint(null);
      setHistoryPhone(undefined);
      setFormKey((value) => value + 1);
      window.scrollTo({ top: 0 });
      phoneRef.current?.focus();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_fields' && Array.isArray(caught.details)) {
        // the server names each refused field: the message goes under it
        form.setFields(
          (caught.details as { field: string; reason: string }[]).map((problem) => ({
            name: ['fields', problem.field],
            errors: [problem.reason],
          })),
        );
      }
      setError(caught instanceof ApiError && caught.code === 'outside_jurisdiction' ? t('intake.outsideCity') : errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') void submit().catch(() => undefined);
  };

  return (
    <div onKeyDown={onKeyDown}>
      <PageHeader
        title={t(takesCalls ? 'intake.title' : 'intake.titleReport')}
        extra={<Typography.Text type="secondary">{t('intake.shortcut')}</Typography.Text>}
      />
      {created && <IntakeResult created={created} onMerged={(merged) => setCreated({ ...created, case: merged })} />}
      <Form<IntakeValues> form={form} name="intake" layout="vertical" initialValues={INITIAL} requiredMark className="gz-intake">
        <div className="gz-intake-grid">
          <Flex vertical gap={16}>
            {takesCalls && (
              <Card size="small" title={t('intake.caller')}>
                <div className="gz-form-row">
                  <Form.Item name="phone" label={t('intake.phone')} rules={[{ pattern: PHONE, message: t('intake.phoneInvalid') }]}>
                    <Input
                      ref={phoneRef}
                      autoFocus
                      maxLength={20}
                      inputMode="tel"
                      onBlur={(e) => setHistoryPhone(PHONE.test(e.target.value.trim()) ? e.target.value.trim() : undefined)}
                    />
                  </Form.Item>
                  <Form.Item name="name" label={t('intake.name')}>
                    <Input maxLength={50} disabled={anonymous} />
                  </Form.Item>
                  <Form.Item name="anonymous" label={t('intake.anonymous')} valuePropName="checked" tooltip={t('intake.anonymousHint')}>
                    <Switch />
                  </Form.Item>
                </div>
              </Card>
            )}
            <Card size="small" title={t('intake.content')}>
              <Form.Item
                name="text"
                label={t('case.text')}
                rules={[{ required: true, min: 5, whitespace: true, message: t('intake.textRequired') }]}
              >
                <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('intake.textPlaceholder')} autoFocus={!takesCalls} />
              </Form.Item>
              {getsSuggestions && (
                <ClassifierSuggestion
                  text={text}
                  point={point}
                  onSuggestion={onSuggestion}
                  onUse={(chosen) => {
                    pickCategory(chosen.category.code);
                    autoPicked.current = null;
                  }}
                />
              )}
              <Form.Item name="category" label={t('case.category')} extra={<LeafHint entry={entry} />}>
                <CategoryPicker catalogue={catalogue.data} placeholder={t('intake.categoryPlaceholder')} data-testid="intake-category" />
              </Form.Item>
              {entry?.leaf.fields && <ExtraFields fields={entry.leaf.fields} />}
              <div className="gz-form-row">
                <Form.Item name="urgency" label={t('case.urgency')}>
                  <Radio.Group optionType="button" options={caseUrgencies.map((value) => ({ value, label: tDynamic('urgency', value) }))} />
                </Form.Item>
                <Form.Item name="route" label={t('intake.routing')} valuePropName="checked">
                  <Checkbox>{t('intake.routeAutomatically')}</Checkbox>
                </Form.Item>
              </div>
            </Card>
          </Flex>
          <Flex vertical gap={16}>
            <Card size="small" title={t('intake.place')}>
              <Form.Item
                name="address"
                label={t('case.address')}
                rules={[
                  {
                    validator: (_, value?: string) =>
                      point || value?.trim() ? Promise.resolve() : Promise.reject(new Error(t('intake.placeRequired'))),
                  },
                ]}
              >
                <Input maxLength={300} placeholder={t('intake.addressPlaceholder')} />
              </Form.Item>
              <PlacePicker
                key={formKey}
                rootCode={me.city.code}
                loadShapes={fetchChildShapes}
                value={point}
                onChange={(next) => {
                  setPoint(next);
                  void form.validateFields(['address']).catch(() => undefined);
                }}
                describe={async (p) => placeText(await locatePoint(p))}
                height={360}
              />
            </Card>
            {takesCalls && <CallerHistory phone={historyPhone} />}
          </Flex>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} role="alert" data-testid="intake-error" />}
        <Flex gap={8} className="gz-form-actions">
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={saving}
            onClick={() => void submit().catch(() => undefined)}
            data-testid="intake-submit"
          >
            {t('intake.submit')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              resetSuggestion();
              setPoint(null);
              setHistoryPhone(undefined);
              setFormKey((value) => value + 1);
              setError(null);
            }}
          >
            {t('intake.clear')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
