// The assessment's requests: units of a level, talks and their items, the bulletin.
import type { AssessmentLevel, AssessmentRow, AssessmentUnits, Bulletin, FigureDefinition, TalkView } from '@gongzhi/contracts';
import { api } from '../api.ts';

export type { AssessmentLevel, AssessmentRow, AssessmentUnits, Bulletin, FigureDefinition, TalkView };

export function fetchUnits(period: string, level: AssessmentLevel, region?: string): Promise<AssessmentUnits> {
  return api.get<AssessmentUnits>('/api/assessment/units', { period, level, region });
}

export function fetchBulletin(period: string, region?: string): Promise<Bulletin> {
  return api.get<Bulletin>('/api/assessment/bulletin', { period, region });
}

export const bulletinPdfUrl = (period: string, region?: string): string =>
  `/api/assessment/bulletin.pdf?${new URLSearchParams({ period, ...(region ? { region } : {}) }).toString()}`;

export function fetchTalks(period?: string): Promise<{ items: TalkView[] }> {
  return api.get<{ items: TalkView[] }>('/api/assessment/talks', { period });
}

export function generateTalks(period: string): Promise<{ created: number; items: TalkView[] }> {
  return api.post(`/api/assessment/talks/generate?period=${encodeURIComponent(period)}`, {});
}

const talkPath = (id: string) => `/api/assessment/talks/${encodeURIComponent(id)}`;

export const scheduleTalk = (id: string, scheduledAt: string): Promise<TalkView> => api.post(`${talkPath(id)}/schedule`, { scheduledAt });
export const recordTalk = (id: string, heldAt: string, record: string): Promise<TalkView> =>
  api.post(`${talkPath(id)}/record`, { heldAt, record });
export const addTalkItem = (id: string, text: string, owner: string): Promise<TalkView> =>
  api.post(`${talkPath(id)}/items`, { text, owner });
export const completeTalkItem = (id: string, itemId: string, evidence: string): Promise<TalkView> =>
  api.post(`${talkPath(id)}/items/${encodeURIComponent(itemId)}/done`, { evidence });

/** The month before the current one (YYYY-MM, Beijing time): the month a bulletin is usually about. */
export function lastMonth(now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const month = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return month.toISOString().slice(0, 7);
}

/** A figure's value as shown: a rate in %, hours with one decimal, a mean rating (1–5) and a rate per 1,000 with two, a count. */
export function formatFigure(definition: FigureDefinition | undefined, value: number | null): string {
  if (value === null) return '—';
  if (definition?.kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (definition?.kind === 'hours') return value.toFixed(1);
  if (definition?.kind === 'rating') return value.toFixed(2);
  if (definition?.kind === 'perThousand') return `${value.toFixed(2)}‰`;
  return String(value);
}

/** The whistle figures (吹哨报到) that apply to a subject: a unit's arrival and the streets' rating; a territory's whistle rate. */
const WHISTLE_FIGURES: Record<'unit' | 'region', readonly string[]> = {
  unit: ['arrivalOnTimeRate', 'streetRating'],
  region: ['whistleRate'],
};

/** The figures shown for a unit or a territory: every case figure, and the whistle figures that apply to it. */
export function definitionsFor(definitions: readonly FigureDefinition[], kind: 'unit' | 'region'): FigureDefinition[] {
  return definitions.filter((d) => d.source !== 'whistles' || WHISTLE_FIGURES[kind].includes(d.key));
}

/** A ranking's subjects: units (departments, handling units) or territories. */
export const subjectKind = (level: AssessmentLevel): 'unit' | 'region' => (level === 'department' || level === 'unit' ? 'unit' : 'region');
