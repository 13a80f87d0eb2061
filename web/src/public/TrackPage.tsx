import { Alert, Card, Descriptions, Input, Spin, Steps, Timeline, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import type { CaseStatus } from '@gongzhi/contracts/vocabulary';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { formatMinute, StatusTag } from '../cases/CaseTags.tsx';
import { fetchPublicCity, trackCase } from './publicApi.ts';
import type { PublicCaseView } from './publicApi.ts';
import { isNotFound, PublicLayout } from './PublicLayout.tsx';

const STEP_OF: Record<CaseStatus, number> = {
  received: 0,
  returned: 0,
  dispatched: 1,
  accepted: 2,
  handling: 2,
  suspended: 2,
  replied: 3,
  closed: 4,
  withdrawn: 0,
  merged: 0,
};

function TrackedCase({ tracked }: { tracked: PublicCaseView }) {
  const t = useT();
  const { tDynamic } = useLang();
  const inLoop = tracked.status !== 'withdrawn' && tracked.status !== 'merged';
  return (
    <Card
      data-testid="track-case"
      title={<span className="gz-mono">{tracked.trackingCode}</span>}
      extra={<StatusTag status={tracked.status} />}
    >
      {inLoop && (
        <Steps
          size="small"
          className="gz-track-steps"
          current={STEP_OF[tracked.status]}
          status={tracked.status === 'closed' ? 'finish' : 'process'}
          items={(['received', 'dispatched', 'handling', 'replied', 'closed'] as const).map((status) => ({
            title: t(`track.step.${status}`),
          }))}
        />
      )}
      <Typography.Paragraph className="gz-case-text">{tracked.text}</Typography.Paragraph>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.category')}>{tracked.category ?? t('case.unclassified')}</Descriptions.Item>
        <Descriptions.Item label={t('case.region')}>{tracked.regionName ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('track.handledBy')}>{tracked.handledBy ?? t('track.notYet')}</Descriptions.Item>
        <Descriptions.Item label={t('case.receivedAt')}>{formatDateTime(tracked.receivedAt)}</Descriptions.Item>
        {tracked.dueAt && <Descriptions.Item label={t('track.dueAt')}>{formatMinute(tracked.dueAt)}</Descriptions.Item>}
      </Descriptions>
      {tracked.reply && (
        <Alert
          type="success"
          showIcon
          title={t('track.reply')}
          description={<span data-testid="track-reply">{tracked.reply}</span>}
          style={{ marginBottom: 16 }}
        />
      )}
      {tracked.callbackOpen && <Alert type="info" showIcon title={t('track.callbackOpen')} style={{ marginBottom: 16 }} />}
      <Typography.Title level={5}>{t('case.timeline')}</Typography.Title>
      <Timeline
        data-testid="track-timeline"
        items={tracked.timeline.map((event, index) => ({
          key: index,
          content: (
            <>
              <Typography.Text strong>{tDynamic('publicEvent', event.type.replace(/^case\./, ''))}</Typography.Text>
              <Typography.Text type="secondary" className="gz-timeline-meta">
                {formatDateTime(event.at)}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}

/** /track/:city/:code — follow a case by its tracking code; no names, no phones. */
export function TrackPage() {
  const t = useT();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { city = '', code } = useParams();
  const info = useApi(`public-city:${city}`, () => fetchPublicCity(city));
  const tracked = useApi(code ? `track:${city}:${code}` : null, () => trackCase(city, code ?? ''));
  return (
    <PublicLayout cityName={info.data?.name} home={`/report/${city}`}>
      <Card size="small" className="gz-public-lookup" title={t('track.title')}>
        <Input.Search
          key={code}
          defaultValue={code}
          placeholder={t('track.placeholder')}
          enterButton={t('track.lookup')}
          maxLength={10}
          onSearch={(value) => value.trim() && void navigate(`/track/${city}/${value.trim().toUpperCase()}`)}
          data-testid="track-input"
        />
      </Card>
      {tracked.loading && code && <Spin />}
      {tracked.error !== undefined && (
        <Alert
          type="warning"
          showIcon
          title={t('track.notFound')}
          description={isNotFound(tracked.error) ? t('track.checkCode') : errorText(tracked.error)}
        />
      )}
      {tracked.data && <TrackedCase tracked={tracked.data} />}
    </PublicLayout>
  );
}
