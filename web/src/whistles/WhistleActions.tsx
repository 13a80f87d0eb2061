import { App, Button, Flex, Form, Input, Modal, Rate, Typography } from 'antd';
import { useState } from 'react';
import type { WhistleActionType } from '@gongzhi/contracts/vocabulary';
import { useMe } from '../auth/session.tsx';
import { fetchChildShapes } from '../cases/caseApi.ts';
import type { LngLat } from '../cases/PlaceMap.tsx';
import { PlacePicker } from '../cases/PlacePicker.tsx';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { actOnWhistle } from './whistleApi.ts';
import type { WhistleActionInput, WhistleView } from './whistleApi.ts';

type RatingValues = Record<string, { arrival?: number; attitude?: number; result?: number; comment?: string }>;

interface FormValues {
  text?: string;
  result?: string;
  ratings?: RatingValues;
}

const DIMENSIONS = ['arrival', 'attitude', 'result'] as const;
const DIRECT: readonly WhistleActionType[] = ['acknowledge', 'leave'];

/** The steps this user may take on the whistle: a department's reports, the street's close, rating and follow-up case. */
export function WhistleActions({ whistle, onChanged }: { whistle: WhistleView; onChanged: (next: WhistleView) => void }) {
  const t = useT();
  const { tDynamic } = useLang();
  const me = useMe();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [open, setOpen] = useState<WhistleActionType | null>(null);
  const [position, setPosition] = useState<LngLat | null>(null);
  const [busy, setBusy] = useState(false);
  const toRate = whistle.attendance.filter((a) => !a.rating);

  const run = async (action: WhistleActionInput) => {
    setBusy(true);
    try {
      onChanged(await actOnWhistle(whistle.id, action));
      void message.success(t('action.done', { action: tDynamic('whistleAction', action.type) }));
      setOpen(null);
      form.resetFields();
      setPosition(null);
    } catch (caught) {
      void message.error(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  const ratingsOf = (values: FormValues) =>
    Object.entries(values.ratings ?? {}).flatMap(([unitId, r]) =>
      r.arrival && r.attitude && r.result
        ? [
            {
              unitId,
              arrival: r.arrival,
              attitude: r.attitude,
              result: r.result,
              ...(r.comment?.trim() ? { comment: r.comment.trim() } : {}),
            },
          ]
        : [],
    );

  const confirm = async () => {
    if (open === 'check_in') {
      if (!position) return void message.warning(t('checkIn.positionRequired'));
      return run({ type: 'check_in', position });
    }
    const values = await form.validateFields();
    if (open === 'act') return run({ type: 'act', text: values.text!.trim() });
    if (open === 'spawn_case') return run({ type: 'spawn_case', text: values.text!.trim() });
    if (open === 'close') return run({ type: 'close', result: values.result!.trim(), ratings: ratingsOf(values) });
    if (open === 'rate') return run({ type: 'rate', ratings: ratingsOf(values) });
  };

  const ratingFields = (
    <Flex vertical gap={8} data-testid="whistle-ratings">
      <Typography.Text strong>{t('close.ratings')}</Typography.Text>
      {toRate.map((a) => (
        <div key={a.unit.id} className="gz-whistle-rating" data-testid="whistle-rating" data-unit={a.unit.name}>
          <Typography.Text>{a.unit.name}</Typography.Text>
          <Flex gap={16} wrap>
            {DIMENSIONS.map((d) => (
              <Flex key={d} align="center" gap={4}>
                <span>{t(`rating.${d}`)}</span>
                <Form.Item name={['ratings', a.unit.id, d]} noStyle>
                  <Rate data-testid={`rate-${d}`} style={{ fontSize: 16 }} />
                </Form.Item>
              </Flex>
            ))}
          </Flex>
          <Form.Item name={['ratings', a.unit.id, 'comment']} noStyle>
            <Input placeholder={t('rating.comment')} maxLength={500} style={{ marginTop: 4 }} />
          </Form.Item>
        </div>
      ))}
    </Flex>
  );

  return (
    <>
      <Flex gap={8} wrap data-testid="whistle-actions">
        {whistle.allowedActions.map((type) => (
          <Button
            key={type}
            type={type === 'check_in' || type === 'close' ? 'primary' : 'default'}
            loading={busy && DIRECT.includes(type)}
            data-testid={`whistle-action-${type}`}
            onClick={() => (DIRECT.includes(type) ? void run({ type } as WhistleActionInput) : setOpen(type))}
          >
            {tDynamic('whistleAction', type)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={open !== null}
        title={open ? tDynamic('whistleAction', open) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => void confirm().catch(() => undefined)}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'whistle-action-confirm' }}
        width={open === 'check_in' ? 760 : 560}
        destroyOnHidden
      >
        <Form<FormValues> form={form} layout="vertical" name="whistle-action" preserve={false}>
          {open === 'check_in' && (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('checkIn.hint')}</Typography.Text>
              <PlacePicker
                rootCode={me.city.code}
                loadShapes={fetchChildShapes}
                value={position}
                onChange={setPosition}
                offerDevicePosition
                height={320}
              />
            </Flex>
          )}
          {(open === 'act' || open === 'spawn_case') && (
            <Form.Item
              name="text"
              label={t(open === 'act' ? 'act.text' : 'spawn.text')}
              rules={[{ required: true, whitespace: true, min: open === 'act' ? 1 : 5 }]}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount autoFocus data-testid="whistle-action-text" />
            </Form.Item>
          )}
          {open === 'close' && (
            <>
              <Form.Item
                name="result"
                label={t('close.result')}
                rules={[{ required: true, whitespace: true, message: t('close.resultRequired') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} autoFocus data-testid="whistle-close-result" />
              </Form.Item>
              {ratingFields}
            </>
          )}
          {open === 'rate' && ratingFields}
        </Form>
      </Modal>
    </>
  );
}
