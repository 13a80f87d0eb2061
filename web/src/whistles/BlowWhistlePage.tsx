import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { whistleReasons } from '@gongzhi/contracts/vocabulary';
import type { WhistleReason } from '@gongzhi/contracts/vocabulary';
import { useMe } from '../auth/session.tsx';
import { fetchChildShapes, locatePoint, newIdempotencyKey } from '../cases/caseApi.ts';
import type { LocatedPlace } from '../cases/caseApi.ts';
import type { LngLat } from '../cases/PlaceMap.tsx';
import { PlacePicker } from '../cases/PlacePicker.tsx';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { DepartmentsSelect } from './DepartmentsSelect.tsx';
import { blowWhistle, fetchWhistleSettings } from './whistleApi.ts';
import type { WhistleCreate } from './whistleApi.ts';

interface BlowValues {
  problem: string;
  reason: WhistleReason;
  unitIds: string[];
  arrivalMinutes: number;
  address?: string;
}

const placeText = (place: LocatedPlace) =>
  [place.district, place.street, place.community, place.grid].flatMap((region) => (region ? [region.name] : [])).join(' / ');

/** 街乡吹哨: the street or community names the problem, the place, the departments and the arrival deadline. */
export function BlowWhistlePage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const me = useMe();
  const navigate = useNavigate();
  const caseId = useSearchParams()[0].get('case') ?? undefined;
  const [form] = Form.useForm<BlowValues>();
  const settings = useApi('whistle-settings', fetchWhistleSettings);
  const [point, setPoint] = useState<LngLat | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    if (settings.data && form.getFieldValue('arrivalMinutes') === undefined) {
      form.setFieldValue('arrivalMinutes', settings.data.arrivalMinutes);
    }
  }, [settings.data, form]);

  const submit = async () => {
    const values = await form.validateFields();
    if (!point && !caseId) {
      setError(t('whistle.placeRequired'));
      return;
    }
    const body: WhistleCreate = {
      problem: values.problem.trim(),
      reason: values.reason,
      unitIds: values.unitIds,
      arrivalMinutes: values.arrivalMinutes,
      ...(caseId ? { caseId } : {}),
      ...(point ? { location: point } : {}),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setSaving(true);
    setError(null);
    try {
      const whistle = await blowWhistle(body, attempt.current.key);
      void navigate(`/whistles/${whistle.id}`);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('whistle.blowTitle')} />
      <Form<BlowValues> form={form} name="whistle" layout="vertical" initialValues={{ reason: 'beyond_street', unitIds: [] }} requiredMark>
        <div className="gz-intake-grid">
          <Flex vertical gap={16}>
            <Card size="small" title={t('whistle.facts')}>
              {caseId && (
                <Typography.Paragraph type="secondary">
                  {t('whistle.onCase')}：{caseId}
                </Typography.Paragraph>
              )}
              <Form.Item
                name="problem"
                label={t('whistle.problem')}
                rules={[{ required: true, min: 5, whitespace: true, message: t('whistle.problemRequired') }]}
              >
                <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('whistle.problemPlaceholder')} autoFocus />
              </Form.Item>
              <Form.Item name="reason" label={t('whistle.reason')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  options={whistleReasons.map((value) => ({ value, label: tDynamic('whistleReason', value) }))}
                />
              </Form.Item>
              <Form.Item
                name="unitIds"
                label={t('whistle.departments')}
                rules={[{ required: true, type: 'array', min: 1, message: t('whistle.departmentsRequired') }]}
              >
                <DepartmentsSelect placeholder={t('whistle.departmentsPlaceholder')} />
              </Form.Item>
              <Form.Item name="arrivalMinutes" label={t('whistle.arrivalMinutes')} rules={[{ required: true }]}>
                <InputNumber min={5} max={1440} step={5} style={{ width: 160 }} />
              </Form.Item>
            </Card>
          </Flex>
          <Flex vertical gap={16}>
            <Card size="small" title={t('whistle.place')}>
              <Form.Item name="address" label={t('whistle.address')}>
                <Input maxLength={300} placeholder={t('whistle.addressPlaceholder')} />
              </Form.Item>
              <PlacePicker
                rootCode={me.city.code}
                loadShapes={fetchChildShapes}
                value={point}
                onChange={setPoint}
                describe={async (p) => placeText(await locatePoint(p))}
                offerDevicePosition
                height={360}
              />
            </Card>
          </Flex>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} role="alert" data-testid="whistle-error" />}
        <Flex gap={8} className="gz-form-actions">
          <Button
            type="primary"
            danger
            icon={<NotificationOutlined />}
            loading={saving}
            onClick={() => void submit().catch(() => undefined)}
            data-testid="whistle-submit"
          >
            {t('whistle.submit')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
