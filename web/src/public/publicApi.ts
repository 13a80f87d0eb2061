// What residents reach without an account: the report form, tracking by code, the callback link.
import type { PublicCaseView } from '@gongzhi/contracts';
import type { CaseStatus } from '@gongzhi/contracts/vocabulary';
import { api } from '../api.ts';
import type { GeoFeatureCollection } from '../types.ts';

export type { PublicCaseView };

export interface PublicCity {
  code: string;
  slug: string;
  name: string;
  categories: { code: string; path: string[]; required: boolean }[];
}

export interface PublicReport {
  text: string;
  categoryCode?: string;
  location?: { lng: number; lat: number };
  address?: string;
  name?: string;
  phone: string;
  anonymous: boolean;
}

export interface PublicReceipt {
  trackingCode: string;
  status: CaseStatus;
  dueAt: string | null;
}

export interface CallbackPage {
  trackingCode: string;
  text: string;
  reply: string | null;
  open: boolean;
}

const cityPath = (city: string) => `/api/public/${encodeURIComponent(city)}`;

export function fetchPublicCity(city: string): Promise<PublicCity> {
  return api.get<PublicCity>(cityPath(city));
}

export function reportCase(city: string, body: PublicReport, idempotencyKey: string): Promise<PublicReceipt> {
  return api.postWithHeaders<PublicReceipt>(`${cityPath(city)}/cases`, body, { 'idempotency-key': idempotencyKey });
}

export function trackCase(city: string, code: string): Promise<PublicCaseView> {
  return api.get<PublicCaseView>(`${cityPath(city)}/cases/${encodeURIComponent(code.trim().toUpperCase())}`);
}

export function fetchCallback(token: string): Promise<CallbackPage> {
  return api.get<CallbackPage>(`/api/public/callbacks/${encodeURIComponent(token)}`);
}

export function answerCallback(
  token: string,
  answers: { contacted: boolean; solved: boolean; satisfied: boolean },
): Promise<{ trackingCode: string; status: CaseStatus }> {
  return api.post(`/api/public/callbacks/${encodeURIComponent(token)}`, answers);
}

/**
 * The boundaries residents click on. Needs the public map route the server does not have yet
 * (GET /api/public/:city/regions/:code/children.geojson); until then the page falls back to the address.
 */
export function fetchPublicShapes(city: string, code: string): Promise<GeoFeatureCollection> {
  return api.get<GeoFeatureCollection>(`${cityPath(city)}/regions/${encodeURIComponent(code)}/children.geojson`);
}
