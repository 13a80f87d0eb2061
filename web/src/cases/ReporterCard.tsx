import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { hasAbility, useMe } from '../auth/session.tsx';
import { useState } from 'react';
import { useErrorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';
import { revealReporter } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';
import { MarkCaller } from './MarkCaller.tsx';

/** The reporter, masked; those who call them back may show the number (each view is audited). */
export function ReporterCard({ theCase }: { theCase: CaseView }) {
  const t = useT();
  const errorText = useErrorText();
  const [clear, setClear] = useState<{ name: string | null; phone: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const me = useMe();
  const { reporter } = theCase;
  // The server leaves the masked number out for those who may not reveal it.
  const mayReveal = reporter.revealable && reporter.phone !== null;

  const reveal = async () => {
    setLoading(true);
    setError(null);
    try {
      setClear(await revealReporter(theCase.id));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setLoading(false);
    }
  };

  const name = clear ? clear.name : reporter.name;
  const phone = clear ? clear.phone : reporter.phone;
  return (
    <Card
      size="small"
      title={t('case.reporter')}
      extra={
        mayReveal &&
        !clear && (
          <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={() => void reveal()} data-testid="reveal-reporter">
            {t('case.showNumber')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('intake.name')}>
          {reporter.anonymous ? <Tag>{t('case.anonymous')}</Tag> : (name ?? t('common.none'))}
        </Descriptions.Item>
        <Descriptions.Item label={t('intake.phone')}>
          {phone ? (
            <Typography.Text data-testid="reporter-phone" copyable={clear !== null}>
              {clear && <PhoneOutlined style={{ marginInlineEnd: 6 }} />}
              {phone}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('case.phoneHidden')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      {(theCase.callerFlag || (mayReveal && hasAbility(me, 'caller.flag'))) && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
          {theCase.callerFlag && (
            <Tag color="red" data-testid="case-caller-flag">
              {t('caller.flaggedTag')} · {t(`caller.reason.${theCase.callerFlag.reason}` as const)}
            </Tag>
          )}
          {mayReveal && hasAbility(me, 'caller.flag') && <MarkCaller caseId={theCase.id} />}
        </Flex>
      )}
      {clear && <Typography.Text type="secondary">{t('case.revealAudited')}</Typography.Text>}
      {error && <Alert type="error" showIcon title={error} />}
    </Card>
  );
}
