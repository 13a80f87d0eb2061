// The whistle's requests (吹哨报到): lists, one whistle, its steps, blowing and the city's settings.
import type { WhistleActionInput, WhistleCreate, WhistleList, WhistleSettings, WhistleView } from '@gongzhi/contracts';
import { api } from '../api.ts';

export type { WhistleActionInput, WhistleCreate, WhistleList, WhistleSettings, WhistleView };
export type { WhistleSummary, WhistleAttendance } from '@gongzhi/contracts';

const whistlePath = (id: string) => `/api/whistles/${encodeURIComponent(id)}`;

export function listWhistles(params: { status?: 'open' | 'closed'; mine?: boolean; limit?: number }): Promise<WhistleList> {
  return api.get<WhistleList>('/api/whistles', { ...params });
}

export function fetchWhistle(id: string): Promise<WhistleView> {
  return api.get<WhistleView>(whistlePath(id));
}

/** One step; `unitId` says for which summoned unit when the user belongs to several. */
export function actOnWhistle(id: string, action: WhistleActionInput & { unitId?: string }): Promise<WhistleView> {
  return api.post<WhistleView>(`${whistlePath(id)}/actions`, action);
}

/** Blows a whistle; the same key with the same body answers the whistle of the first attempt. */
export function blowWhistle(body: WhistleCreate, idempotencyKey: string): Promise<WhistleView> {
  return api.postWithHeaders<WhistleView>('/api/whistles', body, { 'idempotency-key': idempotencyKey });
}

export function fetchWhistleSettings(): Promise<WhistleSettings> {
  return api.get<WhistleSettings>('/api/whistle-settings');
}
