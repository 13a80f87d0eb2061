import { Alert, Card, Flex, Spin, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useErrorText } from '../components/errors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useT } from '../i18n/index.tsx';
import { useCaseChanges } from '../live/LiveEvents.tsx';
import { CaseActions } from './CaseActions.tsx';
import { fetchCase } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';
import { CaseContent, CaseHandling } from './CaseFacts.tsx';
import { CasePlace } from './CasePlace.tsx';
import { DueTag, StatusTag, UrgencyTag } from './CaseTags.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { ReporterCard } from './ReporterCard.tsx';

/** One case: what, where, who handles it by when, its history, and the steps this user may take. */
export function CaseDetailPage() {
  const t = useT();
  const errorText = useErrorText();
  const id = useParams().id ?? '';
  const loaded = useApi(`case:${id}`, () => fetchCase(id));
  // A step's answer replaces what was loaded until the next load.
  const [changed, setChanged] = useState<CaseView | null>(null);
  const theCase = changed?.id === id && changed.version >= (loaded.data?.version ?? 0) ? changed : loaded.data;
  const { reload } = loaded;
  useCaseChanges(
    useCallback(() => reload(), [reload]),
    id,
  );

  if (loaded.error !== undefined && !theCase) return <Alert type="error" showIcon title={errorText(loaded.error)} />;
  if (!theCase)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  return (
    <div data-testid="case-detail">
      <PageHeader
        title={
          <Flex align="center" gap={12} wrap>
            <span>{t('case.title')}</span>
            <Typography.Text copyable className="gz-tracking" data-testid="case-tracking">
              {theCase.trackingCode}
            </Typography.Text>
            <StatusTag status={theCase.status} />
            <UrgencyTag urgency={theCase.urgency} />
            <DueTag dueState={theCase.dueState} dueAt={theCase.dueAt} />
          </Flex>
        }
      />
      {theCase.allowedActions.length > 0 && (
        <Card size="small" className="gz-case-actions" title={t('case.actions')}>
          <CaseActions theCase={theCase} onChanged={setChanged} />
        </Card>
      )}
      <div className="gz-case-grid">
        <Flex vertical gap={16} style={{ minWidth: 0 }}>
          <CaseContent theCase={theCase} />
          <CasePlace theCase={theCase} />
        </Flex>
        <Flex vertical gap={16} style={{ minWidth: 0 }}>
          <CaseHandling theCase={theCase} />
          <ReporterCard theCase={theCase} />
          <Card size="small" title={t('case.timeline')}>
            <CaseTimeline events={theCase.timeline} />
          </Card>
        </Flex>
      </div>
    </div>
  );
}
