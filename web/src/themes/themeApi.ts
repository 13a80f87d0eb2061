// The monthly theme's requests (每月一题): the month's proposals, programmes, their actions and closing.
import type { ThemeActionCreate, ThemeCreate, ThemeList, ThemeProposals, ThemeView } from '@gongzhi/contracts';
import { api } from '../api.ts';

export type { ThemeActionCreate, ThemeCreate, ThemeList, ThemeProposals, ThemeView };
export type { ThemeProposal, ThemeReason, ThemeSummary, ThemeAction } from '@gongzhi/contracts';

const themePath = (id: string) => `/api/themes/${encodeURIComponent(id)}`;

export const fetchProposals = (month: string): Promise<ThemeProposals> => api.get<ThemeProposals>('/api/themes/proposals', { month });
export const listThemes = (): Promise<ThemeList> => api.get<ThemeList>('/api/themes');
export const fetchTheme = (id: string): Promise<ThemeView> => api.get<ThemeView>(themePath(id));
export const createTheme = (body: ThemeCreate): Promise<ThemeView> => api.post<ThemeView>('/api/themes', body);
export const addThemeAction = (id: string, body: ThemeActionCreate): Promise<ThemeView> =>
  api.post<ThemeView>(`${themePath(id)}/actions`, body);
export const markThemeActionDone = (id: string, actionId: string, note: string): Promise<ThemeView> =>
  api.post<ThemeView>(`${themePath(id)}/actions/${encodeURIComponent(actionId)}/done`, { note });
export const closeTheme = (id: string, body: { summary: string; reason?: string }): Promise<ThemeView> =>
  api.post<ThemeView>(`${themePath(id)}/close`, body);
