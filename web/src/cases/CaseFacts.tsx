import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../components/format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { fetchCatalogue } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';
import { indexLeaves } from './catalogue.ts';
import { DueTag, formatMinute, timeLeft } from './CaseTags.tsx';
import { placedBy } from './caseText.ts';
import { fieldValueText } from './ExtraFields.tsx';

/** What the resident asked: the text, its category and extra fields, channel and urgency. */
export function CaseContent({ theCase }: { theCase: CaseView }) {
  const t = useT();
  const { tDynamic } = useLang();
  const catalogue = useApi(theCase.category ? 'catalogue' : null, fetchCatalogue);
  const leaf = theCase.category && catalogue.data ? indexLeaves(catalogue.data).get(theCase.category.code)?.leaf : undefined;
  const fields = Object.entries(theCase.fields);
  return (
    <Card size="small" title={t('case.content')}>
      <Typography.Paragraph className="gz-case-text" data-testid="case-text">
        {theCase.text}
      </Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('case.category')} span={2}>
          {theCase.category ? theCase.category.path.join(' / ') : <Tag>{t('case.unclassified')}</Tag>}
        </Descriptions.Item>
        {fields.map(([code, value]) => {
          const field = leaf?.fields?.find((f) => f.code === code);
          return (
            <Descriptions.Item key={code} label={field?.label ?? code}>
              {fieldValueText(field, value)}
            </Descriptions.Item>
          );
        })}
        <Descriptions.Item label={t('case.channel')}>{tDynamic('channel', theCase.channel)}</Descriptions.Item>
        <Descriptions.Item label={t('case.urgency')}>{tDynamic('urgency', theCase.urgency)}</Descriptions.Item>
        <Descriptions.Item label={t('case.receivedAt')}>{formatDateTime(theCase.receivedAt)}</Descriptions.Item>
        {theCase.supporters > 0 && (
          <Descriptions.Item label={t('case.supportersLabel')}>{t('case.supporters', { count: theCase.supporters })}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** Who handles it by when: the lead unit, co-handlers, the deadline and what is pending. */
export function CaseHandling({ theCase }: { theCase: CaseView }) {
  const t = useT();
  const { tDynamic } = useLang();
  return (
    <Card size="small" title={t('case.handling')}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.leadUnit')}>
          <span data-testid="case-lead-unit">{theCase.leadUnit?.name ?? t('case.noUnit')}</span>
          {theCase.mustHandle && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('case.mustHandle')}
            </Tag>
          )}
        </Descriptions.Item>
        {theCase.coHandlers.length > 0 && (
          <Descriptions.Item label={t('case.coHandlers')}>{theCase.coHandlers.map((unit) => unit.name).join('、')}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('case.rule')}>{placedBy(t, tDynamic, theCase)}</Descriptions.Item>
        <Descriptions.Item label={t('case.dueAt')}>
          <Flex gap={8} align="center" wrap>
            <DueTag dueState={theCase.dueState} dueAt={theCase.dueAt} />
            {theCase.dueAt && theCase.dueState !== 'none' && (
              <Typography.Text type="secondary">{timeLeft(t, theCase.dueAt)}</Typography.Text>
            )}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.tier')}>{tDynamic('tier', theCase.deadlineTier)}</Descriptions.Item>
        {theCase.firstContactDueAt && (
          <Descriptions.Item label={t('case.firstContactDue')}>
            {theCase.firstContactAt
              ? t('case.contactedAt', { at: formatMinute(theCase.firstContactAt) })
              : formatMinute(theCase.firstContactDueAt)}
          </Descriptions.Item>
        )}
        {theCase.escalationLevel > 0 && (
          <Descriptions.Item label={t('case.escalation')}>
            {t('case.escalationLevel', { level: theCase.escalationLevel })}
          </Descriptions.Item>
        )}
        {theCase.reopenCount > 0 && (
          <Descriptions.Item label={t('case.reopened')}>{t('case.reopenCount', { count: theCase.reopenCount })}</Descriptions.Item>
        )}
        {theCase.pendingReturn && (
          <Descriptions.Item label={t('case.pendingReturn')}>
            <Typography.Text type="danger">{theCase.pendingReturn.reason}</Typography.Text>
          </Descriptions.Item>
        )}
        {theCase.pendingExtension && (
          <Descriptions.Item label={t('case.pendingExtension')}>
            {t('action.pendingExtension', { days: theCase.pendingExtension.days, reason: theCase.pendingExtension.reason })}
          </Descriptions.Item>
        )}
        {theCase.callback && (
          <Descriptions.Item label={t('case.callback')}>
            {t('event.answers', {
              contacted: theCase.callback.contacted ? t('common.yes') : t('common.no'),
              solved: theCase.callback.solved ? t('common.yes') : t('common.no'),
              satisfied: theCase.callback.satisfied ? t('common.yes') : t('common.no'),
            })}
          </Descriptions.Item>
        )}
        {theCase.mergedInto && (
          <Descriptions.Item label={t('case.mergedInto')}>
            <Link to={`/cases/${theCase.mergedInto}`}>{t('case.openTarget')}</Link>
          </Descriptions.Item>
        )}
        {theCase.closedAt && <Descriptions.Item label={t('case.closedAt')}>{formatDateTime(theCase.closedAt)}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
