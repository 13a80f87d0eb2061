import { Alert, Card, Descriptions, Flex, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { formatDateTime } from '../components/format.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { fetchWhistle } from './whistleApi.ts';
import type { WhistleAttendance, WhistleView } from './whistleApi.ts';
import { WhistleActions } from './WhistleActions.tsx';
import { LatenessTag, WhistleStatusTag } from './WhistleTags.tsx';

/** The lines under a timeline event: what was done, where the check-in stood, the street's rating. */
function eventDetails(t: Translate, event: WhistleView['timeline'][number]): string[] {
  const d = event.data;
  switch (event.type) {
    case 'whistle.acted':
      return [String(d.text ?? '')];
    case 'whistle.closed':
      return [String(d.result ?? '')];
    case 'whistle.checked_in': {
      const lines = [t('attendance.meters', { meters: Number(d.distanceMeters) })];
      if (d.far) lines.push(t('attendance.far'));
      if (Number(d.lateMinutes) > 0) lines.push(t('attendance.lateMinutes', { minutes: Number(d.lateMinutes) }));
      return [lines.join(' · ')];
    }
    case 'whistle.rated':
      return [
        `${String(d.unitName ?? '')}：${t('rating.arrival')} ${Number(d.arrival)} · ${t('rating.attitude')} ${Number(d.attitude)} · ${t('rating.result')} ${Number(d.result)}`,
        ...(typeof d.comment === 'string' ? [d.comment] : []),
      ];
    default:
      return [];
  }
}

const time = (value: string | null) => (value ? formatDateTime(value).slice(5, 16) : '—');

/** One whistle: the problem and place, each department's report (arrival, lateness, distance, actions, rating), its history. */
export function WhistleDetailPage() {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const id = useParams().id ?? '';
  const loaded = useApi(`whistle:${id}`, () => fetchWhistle(id));
  const [changed, setChanged] = useState<WhistleView | null>(null);
  const whistle = changed?.id === id && changed.version >= (loaded.data?.version ?? 0) ? changed : loaded.data;
  const { reload } = loaded;
  useCaseChanges(
    useCallback(() => reload(), [reload]),
    id,
  );

  if (loaded.error !== undefined && !whistle) return <Alert type="error" showIcon title={errorText(loaded.error)} />;
  if (!whistle)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  return (
    <div data-testid="whistle-detail">
      <PageHeader
        title={
          <Flex align="center" gap={12} wrap>
            <span>{t('whistle.detailTitle')}</span>
            <WhistleStatusTag status={whistle.status} />
            <Tag color="volcano">{tDynamic('whistleReason', whistle.reason)}</Tag>
          </Flex>
        }
      />
      {whistle.allowedActions.length > 0 && (
        <Card size="small" className="gz-case-actions" title={t('whistle.actions')}>
          <WhistleActions whistle={whistle} onChanged={setChanged} />
        </Card>
      )}
      <Card size="small" title={t('whistle.attendance')} style={{ marginBottom: 16 }}>
        <AttendanceTable whistle={whistle} />
      </Card>
      <div className="gz-case-grid">
        <Flex vertical gap={16} style={{ minWidth: 0 }}>
          <Card size="small" title={t('whistle.facts')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('whistle.problem')}>{whistle.problem}</Descriptions.Item>
              <Descriptions.Item label={t('whistle.address')}>
                {[whistle.address, whistle.regionName].filter(Boolean).join(' · ') || t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('whistle.blowingUnit')}>
                {whistle.blowingUnit.name}
                {whistle.blownBy ? ` · ${whistle.blownBy}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('whistle.blownAt')}>{formatDateTime(whistle.blownAt)}</Descriptions.Item>
              <Descriptions.Item label={t('whistle.dueAt')}>
                {formatDateTime(whistle.dueAt)}（{t('whistle.minutes', { minutes: whistle.arrivalMinutes })}）
              </Descriptions.Item>
              {whistle.caseId && (
                <Descriptions.Item label={t('whistle.onCase')}>
                  <Link to={`/cases/${whistle.caseId}`}>{whistle.caseId.slice(0, 8)}</Link>
                </Descriptions.Item>
              )}
              {whistle.result && (
                <Descriptions.Item label={t('whistle.result')}>
                  <span data-testid="whistle-result">{whistle.result}</span>
                </Descriptions.Item>
              )}
              {whistle.spawnedCaseIds.length > 0 && (
                <Descriptions.Item label={t('whistle.spawnedCases')}>
                  <Flex gap={8} wrap>
                    {whistle.spawnedCaseIds.map((caseId) => (
                      <Link key={caseId} to={`/cases/${caseId}`} data-testid="whistle-spawned-case">
                        {caseId.slice(0, 8)}
                      </Link>
                    ))}
                  </Flex>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Flex>
        <Flex vertical gap={16} style={{ minWidth: 0 }}>
          <Card size="small" title={t('whistle.timeline')}>
            <Timeline
              data-testid="whistle-timeline"
              items={whistle.timeline.map((event) => ({
                key: event.seq,
                color: event.type === 'whistle.closed' ? 'green' : event.data.far || Number(event.data.lateMinutes) > 0 ? 'red' : 'blue',
                content: (
                  <div data-testid="timeline-event" data-type={event.type}>
                    <Typography.Text strong>{tDynamic('whistleEvent', event.type)}</Typography.Text>
                    <Typography.Text type="secondary" className="gz-timeline-meta">
                      {formatDateTime(event.at)} · {[event.actor.name, event.actor.unitName].filter(Boolean).join(' · ')}
                    </Typography.Text>
                    {eventDetails(t, event).map((line) => (
                      <div key={line} className="gz-timeline-detail">
                        {line}
                      </div>
                    ))}
                  </div>
                ),
              }))}
            />
          </Card>
        </Flex>
      </div>
    </div>
  );
}

function AttendanceTable({ whistle }: { whistle: WhistleView }) {
  const t = useT();
  return (
    <Table<WhistleAttendance>
      rowKey={(a) => a.unit.id}
      size="small"
      pagination={false}
      data-testid="whistle-attendance"
      dataSource={whistle.attendance}
      scroll={{ x: true }}
      columns={[
        { title: t('attendance.unit'), key: 'unit', render: (_, a) => <span data-testid="attendance-unit">{a.unit.name}</span> },
        { title: t('attendance.acknowledgedAt'), key: 'ack', render: (_, a) => time(a.acknowledgedAt) },
        { title: t('attendance.arrivedAt'), key: 'arrived', render: (_, a) => time(a.arrivedAt) },
        { title: t('attendance.late'), key: 'late', render: (_, a) => <LatenessTag attendance={a} /> },
        {
          title: t('attendance.distance'),
          key: 'distance',
          render: (_, a) =>
            a.checkIn ? (
              <Flex gap={4} wrap>
                <span>{t('attendance.meters', { meters: a.checkIn.distanceMeters })}</span>
                {a.checkIn.far && (
                  <Tag color="red" data-testid="attendance-far">
                    {t('attendance.far')}
                  </Tag>
                )}
              </Flex>
            ) : (
              '—'
            ),
        },
        {
          title: t('attendance.actions'),
          key: 'actions',
          render: (_, a) =>
            a.actions.length ? (
              <Flex vertical>
                {a.actions.map((x) => (
                  <Typography.Text key={x.at} ellipsis={{ tooltip: x.text }} style={{ maxWidth: 360 }}>
                    {x.text}
                  </Typography.Text>
                ))}
              </Flex>
            ) : (
              '—'
            ),
        },
        {
          title: t('attendance.rating'),
          key: 'rating',
          render: (_, a) =>
            a.rating ? (
              <span data-testid="attendance-rating">
                {t('rating.arrival')} {a.rating.arrival} · {t('rating.attitude')} {a.rating.attitude} · {t('rating.result')}{' '}
                {a.rating.result}
              </span>
            ) : a.leftAt ? (
              t('attendance.left')
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
