import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../hooks/useApi.ts';
import {
  fetchCategories,
  fetchChannels,
  fetchFeed,
  fetchMap,
  fetchPoints,
  fetchRanking,
  fetchSeries,
  fetchSummary,
  fetchWhistles,
  streamUrl,
} from './dashboardApi.ts';
import type { DashboardFeedItem, DashboardQuery } from './dashboardApi.ts';

/** Levels whose map shows case points. */
const POINT_LEVELS: readonly string[] = ['street', 'community', 'grid'];
const FEED_KEPT = 50;
/** A burst of live items refreshes the numbers at most this often. */
const SUMMARY_REFRESH_MS = 5_000;

const feedKey = (item: DashboardFeedItem) => `${item.kind}|${item.caseId ?? item.whistleId ?? ''}|${item.at}`;

function mergeFeed(live: DashboardFeedItem[], loaded: DashboardFeedItem[]): DashboardFeedItem[] {
  const seen = new Set<string>();
  const merged: DashboardFeedItem[] = [];
  for (const item of [...live, ...loaded]) {
    const key = feedKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(item);
  }
  return merged.slice(0, FEED_KEPT);
}

/**
 * Every panel of the dashboard of a territory and period, the live feed on top of the latest items,
 * and the numbers read again (at most every 5 s) when live items arrive; with `refreshMs` every panel
 * is read again on that beat (the big screen).
 */
export function useDashboard(query: DashboardQuery, refreshMs?: number) {
  const key = `${query.region ?? ''}|${query.from ?? ''}|${query.to ?? ''}`;
  const summary = useApi(`summary:${key}`, () => fetchSummary(query));
  const map = useApi(`map:${key}`, () => fetchMap(query));
  const categories = useApi(`categories:${key}`, () => fetchCategories(query));
  const channels = useApi(`channels:${key}`, () => fetchChannels(query));
  const series = useApi(`series:${key}`, () => fetchSeries(query));
  const ranking = useApi(`ranking:${key}`, () => fetchRanking(query));
  const whistles = useApi(`whistles:${query.region ?? ''}`, () => fetchWhistles({ region: query.region }));
  const feed = useApi(`feed:${query.region ?? ''}`, () => fetchFeed({ region: query.region }));
  const level = map.data?.region.level;
  const points = useApi(level && POINT_LEVELS.includes(level) ? `points:${key}` : null, () => fetchPoints(query));

  const [live, setLive] = useState<{ region: string; items: DashboardFeedItem[] }>({ region: '', items: [] });
  const reloaders = useRef({ summary: summary.reload, map: map.reload });
  reloaders.current = { summary: summary.reload, map: map.reload };

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const region = query.region ?? '';
    setLive({ region, items: [] });
    const source = new EventSource(streamUrl(query.region));
    let timer: number | undefined;
    source.addEventListener('feed', (event: MessageEvent<string>) => {
      let item: DashboardFeedItem;
      try {
        item = JSON.parse(event.data) as DashboardFeedItem;
      } catch {
        return;
      }
      setLive((previous) => ({ region, items: [item, ...(previous.region === region ? previous.items : [])].slice(0, FEED_KEPT) }));
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        reloaders.current.summary();
        reloaders.current.map();
      }, SUMMARY_REFRESH_MS);
    });
    return () => {
      window.clearTimeout(timer);
      source.close();
    };
  }, [query.region]);

  const all = [summary, map, categories, channels, series, ranking, whistles, feed, points];
  const reloadAll = useRef(() => {});
  reloadAll.current = () => all.forEach((panel) => panel.reload());
  useEffect(() => {
    if (!refreshMs) return;
    const timer = window.setInterval(() => reloadAll.current(), refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs]);

  const feedItems = useMemo(
    () => mergeFeed(live.region === (query.region ?? '') ? live.items : [], feed.data?.items ?? []),
    [live, feed.data, query.region],
  );

  return { summary, map, categories, channels, series, ranking, whistles, feed, points, feedItems };
}

export type Dashboard = ReturnType<typeof useDashboard>;
