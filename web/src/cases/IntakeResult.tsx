import { CheckCircleFilled, MergeCellsOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { useLang, useT } from '../i18n/index.tsx';
import { actOnCase } from './caseApi.ts';
import type { CaseCreated, CaseView } from './caseApi.ts';
import { DueTag, formatMinute, StatusTag } from './CaseTags.tsx';
import { placedBy } from './caseText.ts';

/** What the operator tells the caller after the submit: the code, who handles it by when, and possible duplicates. */
export function IntakeResult({ created, onMerged }: { created: CaseCreated; onMerged: (merged: CaseView) => void }) {
  const t = useT();
  const { tDynamic } = useLang();
  const errorText = useErrorText();
  const [merging, setMerging] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const theCase = created.case;

  const merge = async (targetId: string) => {
    setMerging(targetId);
    setError(null);
    try {
      onMerged(await actOnCase(theCase.id, { type: 'merge_into', caseId: targetId }, theCase.version));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setMerging(null);
    }
  };

  const mergedInto = theCase.status === 'merged' ? created.duplicates.find((d) => d.id === theCase.mergedInto) : undefined;
  return (
    <Card
      size="small"
      className="gz-intake-result"
      data-testid="intake-result"
      title={
        <Flex align="center" gap={8}>
          <CheckCircleFilled style={{ color: '#389e0d' }} />
          {t('intake.done')}
        </Flex>
      }
      extra={<Link to={`/cases/${theCase.id}`}>{t('intake.openCase')}</Link>}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('case.trackingCode')}>
          <Typography.Text copyable strong className="gz-tracking" data-testid="intake-tracking">
            {theCase.trackingCode}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.status')}>
          <StatusTag status={theCase.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.leadUnit')}>
          <span data-testid="intake-unit">{theCase.leadUnit?.name ?? t('intake.toDispatcher')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.rule')}>{placedBy(t, tDynamic, theCase)}</Descriptions.Item>
        <Descriptions.Item label={t('case.dueAt')}>
          <Flex gap={8} align="center">
            <DueTag dueState={theCase.dueState} dueAt={theCase.dueAt} />
            <Typography.Text type="secondary">{tDynamic('tier', theCase.deadlineTier)}</Typography.Text>
          </Flex>
        </Descriptions.Item>
        {theCase.firstContactDueAt && (
          <Descriptions.Item label={t('case.firstContactDue')}>{formatMinute(theCase.firstContactDueAt)}</Descriptions.Item>
        )}
      </Descriptions>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {mergedInto && (
        <Alert type="success" showIcon title={t('intake.merged', { code: mergedInto.trackingCode })} style={{ marginTop: 12 }} />
      )}
      {created.duplicates.length > 0 && theCase.status !== 'merged' && (
        <>
          <Alert type="warning" showIcon title={t('intake.duplicates', { count: created.duplicates.length })} style={{ marginTop: 12 }} />
          <List
            size="small"
            data-testid="intake-duplicates"
            dataSource={created.duplicates}
            renderItem={(duplicate) => (
              <List.Item
                key={duplicate.id}
                actions={[
                  <Button
                    key="merge"
                    size="small"
                    icon={<MergeCellsOutlined />}
                    loading={merging === duplicate.id}
                    disabled={merging !== null}
                    data-testid="merge-into"
                    onClick={() => void merge(duplicate.id)}
                  >
                    {t('intake.mergeInto')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center" wrap>
                      <Link to={`/cases/${duplicate.id}`} target="_blank" className="gz-mono">
                        {duplicate.trackingCode}
                      </Link>
                      <StatusTag status={duplicate.status} />
                      <Typography.Text type="secondary">{formatMinute(duplicate.receivedAt)}</Typography.Text>
                    </Flex>
                  }
                  description={duplicate.text}
                />
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
