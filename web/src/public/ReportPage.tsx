import { Alert, Button, Card, Flex, Form, Input, Result, Select, Spin, Switch, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { useErrorText } from '../components/errors.ts';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { newIdempotencyKey } from '../cases/caseApi.ts';
import { formatMinute } from '../cases/CaseTags.tsx';
import type { LngLat } from '../cases/PlaceMap.tsx';
import { PlacePicker } from '../cases/PlacePicker.tsx';
import { DevicePosition } from './DevicePosition.tsx';
import { fetchPublicCity, fetchPublicShapes, reportCase } from './publicApi.ts';
import type { PublicReceipt, PublicReport } from './publicApi.ts';
import { isNotFound, PublicLayout } from './PublicLayout.tsx';

interface ReportValues {
  text: string;
  categoryCode?: string;
  address?: string;
  phone: string;
  name?: string;
  anonymous: boolean;
}

const PHONE = /^\+?[0-9-]{5,20}$/;

/** /report/:city — a resident reports a problem without an account and gets a tracking code. */
export function ReportPage() {
  const t = useT();
  const errorText = useErrorText();
  const city = useParams().city ?? '';
  const [form] = Form.useForm<ReportValues>();
  const info = useApi(`public-city:${city}`, () => fetchPublicCity(city));
  // The map shows only when the server offers the public boundaries.
  const mapRoot = info.data?.code;
  const map = useApi(mapRoot ? `public-map:${city}` : null, () => fetchPublicShapes(city, mapRoot ?? ''));
  const [point, setPoint] = useState<LngLat | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<PublicReceipt | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const anonymous = Form.useWatch('anonymous', form);

  const submit = async () => {
    const values = await form.validateFields();
    const body: PublicReport = {
      text: values.text.trim(),
      phone: values.phone.trim(),
      anonymous: values.anonymous,
      ...(values.categoryCode ? { categoryCode: values.categoryCode } : {}),
      ...(point ? { location: point } : {}),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(!values.anonymous && values.name?.trim() ? { name: values.name.trim() } : {}),
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
    setSaving(true);
    setError(null);
    try {
      setReceipt(await reportCase(city, body, attempt.current.key));
      attempt.current = null;
      window.scrollTo({ top: 0 });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.code === 'outside_jurisdiction' ? t('intake.outsideCity') : errorText(caught));
    } finally {
      setSaving(false);
    }
  };

  if (info.error !== undefined) {
    return (
      <PublicLayout>
        <Result status="404" title={t('public.noCity')} subTitle={isNotFound(info.error) ? undefined : errorText(info.error)} />
      </PublicLayout>
    );
  }
  if (!info.data) {
    return (
      <PublicLayout>
        <Spin />
      </PublicLayout>
    );
  }
  const trackUrl = receipt ? `/track/${city}/${receipt.trackingCode}` : '';
  return (
    <PublicLayout cityName={info.data.name} home={`/report/${city}`}>
      {receipt ? (
        <Card data-testid="report-receipt">
          <Result
            status="success"
            title={t('public.reported')}
            subTitle={receipt.dueAt ? t('public.dueBy', { at: formatMinute(receipt.dueAt) }) : undefined}
          >
            <div className="gz-receipt-code">
              <Typography.Text type="secondary">{t('case.trackingCode')}</Typography.Text>
              <Typography.Text copyable className="gz-tracking gz-receipt-tracking" data-testid="report-tracking">
                {receipt.trackingCode}
              </Typography.Text>
              <Typography.Text type="secondary">{t('public.keepCode')}</Typography.Text>
            </div>
          </Result>
          <Flex vertical gap={12}>
            <Link to={trackUrl} data-testid="report-track-link">
              <Button type="primary" size="large" block>
                {t('public.trackIt')}
              </Button>
            </Link>
            <Button
              size="large"
              block
              onClick={() => {
                setReceipt(null);
                form.resetFields();
                setPoint(null);
              }}
            >
              {t('public.reportAnother')}
            </Button>
          </Flex>
        </Card>
      ) : (
        <Card title={t('public.reportTitle')} data-testid="report-form">
          <Typography.Paragraph type="secondary">{t('public.reportIntro')}</Typography.Paragraph>
          <Form<ReportValues> form={form} name="report" layout="vertical" initialValues={{ anonymous: false }}>
            <Form.Item
              name="text"
              label={t('public.problem')}
              rules={[{ required: true, min: 5, whitespace: true, message: t('intake.textRequired') }]}
            >
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('intake.textPlaceholder')} />
            </Form.Item>
            <Form.Item name="categoryCode" label={t('public.category')} extra={t('public.categoryHint')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('public.categoryPlaceholder')}
                // leaves with required extra fields need the operator's form
                options={info.data.categories.filter((c) => !c.required).map((c) => ({ value: c.code, label: c.path.join(' / ') }))}
              />
            </Form.Item>
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
            {map.data ? (
              <Form.Item label={t('public.placeOnMap')}>
                <PlacePicker
                  rootCode={mapRoot ?? ''}
                  loadShapes={(code) => fetchPublicShapes(city, code)}
                  value={point}
                  onChange={setPoint}
                  offerDevicePosition
                  height={300}
                />
              </Form.Item>
            ) : (
              <Form.Item label={t('public.placeOnDevice')}>
                <DevicePosition point={point} onChange={setPoint} />
              </Form.Item>
            )}
            <Form.Item
              name="phone"
              label={t('intake.phone')}
              extra={t('public.phoneHint')}
              rules={[{ required: true, pattern: PHONE, message: t('intake.phoneInvalid') }]}
            >
              <Input inputMode="tel" maxLength={20} />
            </Form.Item>
            <Form.Item name="name" label={t('public.name')}>
              <Input maxLength={50} disabled={anonymous} />
            </Form.Item>
            <Form.Item name="anonymous" label={t('intake.anonymous')} valuePropName="checked" extra={t('public.anonymousHint')}>
              <Switch />
            </Form.Item>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
            <Button
              type="primary"
              size="large"
              block
              loading={saving}
              onClick={() => void submit().catch(() => undefined)}
              data-testid="report-submit"
            >
              {t('public.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Typography.Paragraph className="gz-public-aside">
        <Link to={`/track/${city}`}>{t('public.trackExisting')}</Link>
      </Typography.Paragraph>
    </PublicLayout>
  );
}
