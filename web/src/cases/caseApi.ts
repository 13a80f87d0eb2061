// The case loop's requests: lists, one case, its lifecycle steps, intake and the catalogue.
import type {
  CallerFlagList,
  CallerMarkCreate,
  CallerMarkResult,
  CaseActionInput,
  CaseCreate,
  CaseCreated,
  CaseList,
  CaseView,
} from '@gongzhi/contracts';
import type { CaseStatus } from '@gongzhi/contracts/vocabulary';
import { api } from '../api.ts';
import type { GeoFeatureCollection } from '../types.ts';
import type { Catalogue } from './catalogue.ts';

export type { CaseActionInput, CaseCreate, CaseCreated, CaseList, CaseView };
export type { CaseSummary, CaseEventView, PublicCaseView } from '@gongzhi/contracts';
export type CaseListView = 'inbox' | 'queue' | 'callbacks' | 'all' | 'mine';
export type DueFilter = 'due_soon' | 'overdue';

export interface CaseListParams {
  view: CaseListView;
  status?: CaseStatus;
  dueState?: DueFilter;
  phone?: string;
  pending?: 'extension' | 'return';
  q?: string;
  limit?: number;
  cursor?: string;
  /** The filters an assessment figure links with (see GET /api/cases). */
  unit?: string;
  region?: string;
  repliedFrom?: string;
  repliedTo?: string;
  overdueFrom?: string;
  overdueTo?: string;
  flag?: string;
  /** …and those a dashboard number links with. */
  receivedFrom?: string;
  receivedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  category?: string;
  channel?: string;
  state?: string;
}

/** The filters behind a figure (assessment, dashboard), passed from its link through the search page's URL. */
export const FIGURE_FILTERS = [
  'unit',
  'region',
  'repliedFrom',
  'repliedTo',
  'overdueFrom',
  'overdueTo',
  'flag',
  'receivedFrom',
  'receivedTo',
  'closedFrom',
  'closedTo',
  'category',
  'channel',
  'state',
] as const;

const casePath = (id: string) => `/api/cases/${encodeURIComponent(id)}`;

export function listCases(params: CaseListParams): Promise<CaseList> {
  return api.get<CaseList>('/api/cases', { ...params });
}

export function fetchCase(id: string): Promise<CaseView> {
  return api.get<CaseView>(casePath(id));
}

/** One lifecycle step; with `version` the server refuses it when the case changed since it was read. */
export function actOnCase(id: string, action: CaseActionInput, version?: number): Promise<CaseView> {
  return api.post<CaseView>(`${casePath(id)}/actions`, version === undefined ? action : { ...action, version });
}

/** The active flags of a caller's number (masked in the answer). */
export function listCallerFlags(phone: string): Promise<CallerFlagList> {
  return api.get<CallerFlagList>('/api/caller-flags', { phone });
}

/** Marks the case's caller as malicious (恶意来电); the server flags the number at the city's threshold. */
export function markCaller(id: string, body: CallerMarkCreate): Promise<CallerMarkResult> {
  return api.post<CallerMarkResult>(`${casePath(id)}/malicious`, body);
}

export function revealReporter(id: string): Promise<{ name: string | null; phone: string | null; anonymous: boolean }> {
  return api.get(`${casePath(id)}/reporter`);
}

/** Takes in a case; the same key with the same body answers the case of the first attempt. */
export function createCase(body: CaseCreate, idempotencyKey: string): Promise<CaseCreated> {
  return api.postWithHeaders<CaseCreated>('/api/cases', body, { 'idempotency-key': idempotencyKey });
}

let catalogue: Promise<Catalogue> | undefined;

/** The city's dispatch catalogue, read once per page load (it changes rarely). */
export function fetchCatalogue(): Promise<Catalogue> {
  catalogue ??= api.get<Catalogue>('/api/catalogue').catch((error: unknown) => {
    catalogue = undefined;
    throw error;
  });
  return catalogue;
}

/** A fresh key for one logical submit; crypto.getRandomValues works on plain http too. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface LocatedPlace {
  city: { code: string; name: string };
  district?: { code: string; name: string };
  street?: { code: string; name: string };
  community?: { code: string; name: string };
  grid?: { code: string; name: string };
}

/** The regions holding a point (404 outside_jurisdiction when it lies outside the city). */
export function locatePoint(point: { lng: number; lat: number }): Promise<LocatedPlace> {
  return api.get<LocatedPlace>('/api/geo/locate', point);
}

/** The boundaries of a region's children, for the place maps. */
export function fetchChildShapes(code: string): Promise<GeoFeatureCollection> {
  return api.get<GeoFeatureCollection>(`/api/regions/${encodeURIComponent(code)}/children.geojson`);
}
