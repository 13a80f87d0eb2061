import { BulbOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ClassifierSuggestion as Suggestion, ClassifierSuggestResponse } from '@gongzhi/contracts';
import { api } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import type { LngLat } from './PlaceMap.tsx';

const DEBOUNCE_MS = 600;
const MIN_TEXT_CHARS = 5;

export function suggestCategory(text: string, location: LngLat | null): Promise<ClassifierSuggestResponse> {
  return api.post<ClassifierSuggestResponse>('/api/classifier/suggest', { text, ...(location ? { location } : {}) });
}

/** Tells the server which category the case was taken in with, after a suggestion (accepted or corrected). */
export function recordSuggestionOutcome(suggestionId: string, caseId: string): Promise<unknown> {
  return api.post(`/api/classifier/suggestions/${encodeURIComponent(suggestionId)}/outcome`, { caseId });
}

interface Props {
  text: string | undefined;
  point: LngLat | null;
  /** Called with each new suggestion (null when there is none), e.g. to pre-select the category. */
  onSuggestion: (suggestion: Suggestion | null) => void;
  /** Pick the suggested category (the button shown below the threshold). */
  onUse: (suggestion: Suggestion) => void;
}

/** 智能派单: the category the city's model suggests for the text as it is typed, its confidence and the unit it routes to. */
export function ClassifierSuggestion({ text, point, onSuggestion, onUse }: Props) {
  const t = useT();
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const latest = useRef(0);
  const report = useRef(onSuggestion);
  report.current = onSuggestion;

  useEffect(() => {
    const trimmed = text?.trim() ?? '';
    if (trimmed.length < MIN_TEXT_CHARS) {
      setSuggestion(null);
      return;
    }
    const request = ++latest.current;
    const timer = window.setTimeout(() => {
      suggestCategory(trimmed, point)
        .then((answer) => {
          // An answer to an older text is dropped.
          if (request !== latest.current) return;
          setSuggestion(answer.suggestion);
          report.current(answer.suggestion);
        })
        // A suggestion is a help, never in the way: without one the operator picks as before.
        .catch(() => undefined);
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, point]);

  if (!suggestion) return null;
  const percent = `${Math.round(suggestion.confidence * 100)}%`;
  const below = suggestion.belowThreshold;
  return (
    <Alert
      type={below ? 'warning' : 'info'}
      showIcon
      icon={<BulbOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="intake-suggestion"
      title={
        <Space wrap size={[8, 0]}>
          <Typography.Text strong>{t('intake.suggestion')}</Typography.Text>
          <span data-testid="intake-suggestion-category">{suggestion.category.path.join(' / ')}</span>
          <Typography.Text type="secondary">{t('intake.suggestionConfidence', { confidence: percent })}</Typography.Text>
        </Space>
      }
      description={
        <Space direction="vertical" size={2}>
          <span data-testid="intake-suggestion-unit">
            {suggestion.unit ? t('intake.suggestionUnit', { unit: suggestion.unit.name }) : t('intake.suggestionNoUnit')}
          </span>
          <Typography.Text type="secondary">
            {below
              ? t('intake.suggestionBelow', { threshold: `${Math.round(suggestion.threshold * 100)}%` })
              : t('intake.suggestionApplied')}
          </Typography.Text>
        </Space>
      }
      action={
        below ? (
          <Button size="small" onClick={() => onUse(suggestion)} data-testid="intake-suggestion-use">
            {t('intake.suggestionUse')}
          </Button>
        ) : undefined
      }
    />
  );
}
