import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { DashboardQuery } from './dashboardApi.ts';
import { validDay } from './period.ts';
import type { DayRange } from './period.ts';

/** The territory and period of a dashboard page, kept in its URL (?region=&from=&to=) so a view can be shared. */
export function useDashboardQuery() {
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const from = validDay(params.get('from'));
  const to = validDay(params.get('to'));
  const query = useMemo<DashboardQuery>(
    () => ({ region: region && /^\d{6,20}$/.test(region) ? region : undefined, from, to }),
    [region, from, to],
  );

  /** The search of this page on another territory, the period kept. */
  const searchFor = useCallback(
    (code: string) => {
      const next = new URLSearchParams(params);
      next.set('region', code);
      return `?${next.toString()}`;
    },
    [params],
  );

  const setPeriod = useCallback(
    (range: DayRange | undefined) => {
      const next = new URLSearchParams(params);
      next.delete('from');
      next.delete('to');
      if (range) {
        next.set('from', range.from);
        next.set('to', range.to);
      }
      setParams(next);
    },
    [params, setParams],
  );

  return { query, searchFor, setPeriod, search: params.toString() };
}
