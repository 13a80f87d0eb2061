import { App, Button, Flex, Form, Input, Modal, Popconfirm, Select } from 'antd';
import { useState } from 'react';
import { whistleReasons } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { DepartmentsSelect } from '../whistles/DepartmentsSelect.tsx';
import { actOnHotspot } from './hotspotApi.ts';
import type { HotspotActionInput, HotspotView } from './hotspotApi.ts';

/** The steps the server says this user may take: acknowledge, dismiss (with a reason), open a case, blow a whistle. */
export function HotspotActions({ hotspot, onChanged }: { hotspot: HotspotView; onChanged: (next: HotspotView) => void }) {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [open, setOpen] = useState<'dismiss' | 'to_whistle' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string; unitIds?: string[]; whistleReason?: (typeof whistleReasons)[number] }>();

  const run = async (action: HotspotActionInput) => {
    setBusy(true);
    try {
      onChanged(await actOnHotspot(hotspot.id, action));
      void message.success(t('hotspot.action.done', { action: tDynamic('hotspot.action', action.action) }));
      setOpen(null);
      form.resetFields();
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  if (hotspot.actions.length === 0) return null;
  const has = (a: HotspotView['actions'][number]) => hotspot.actions.includes(a);
  return (
    <Flex gap={8} wrap data-testid="hotspot-actions">
      {has('to_case') && (
        <Popconfirm title={t('hotspot.toCaseConfirm')} onConfirm={() => run({ action: 'to_case' })}>
          <Button type="primary" loading={busy} data-testid="hotspot-to-case">
            {t('hotspot.action.to_case')}
          </Button>
        </Popconfirm>
      )}
      {has('to_whistle') && (
        <Button danger onClick={() => setOpen('to_whistle')} data-testid="hotspot-to-whistle">
          {t('hotspot.action.to_whistle')}
        </Button>
      )}
      {has('acknowledge') && (
        <Button onClick={() => run({ action: 'acknowledge' })} loading={busy} data-testid="hotspot-acknowledge">
          {t('hotspot.action.acknowledge')}
        </Button>
      )}
      {has('dismiss') && (
        <Button onClick={() => setOpen('dismiss')} data-testid="hotspot-dismiss">
          {t('hotspot.action.dismiss')}
        </Button>
      )}
      <Modal
        open={open !== null}
        title={open === 'to_whistle' ? t('hotspot.whistleTitle') : t('hotspot.action.dismiss')}
        okButtonProps={{ loading: busy }}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) =>
            open === 'to_whistle'
              ? run({ action: 'to_whistle', unitIds: values.unitIds ?? [], reason: values.whistleReason ?? 'beyond_street' })
              : run({ action: 'dismiss', reason: values.reason || undefined })
          }
        >
          {open === 'to_whistle' ? (
            <>
              <Form.Item
                name="unitIds"
                label={t('hotspot.whistleDepartments')}
                rules={[{ required: true, message: t('whistle.departmentsRequired') }]}
              >
                <DepartmentsSelect placeholder={t('whistle.departmentsPlaceholder')} />
              </Form.Item>
              <Form.Item name="whistleReason" label={t('whistle.reason')} initialValue="beyond_street">
                <Select options={whistleReasons.map((r) => ({ value: r, label: tDynamic('whistleReason', r) }))} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="reason" label={t('hotspot.dismissReason')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
