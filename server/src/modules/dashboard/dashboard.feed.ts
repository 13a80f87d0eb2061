import type { DashboardFeedItem } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { CaseChange } from '../../lib/event-bus.ts';
import * as repo from './dashboard.repo.ts';

// The live feed of the dashboards: new cases, replies, closes, cases going overdue and whistles. One
// subscription to the case bus per city and process, whatever the number of open pages: the changes of
// each moment are looked up together (one read per batch, not per page) and sent to every page whose
// territory holds them. The latest items are kept, so that a page opening sees what just happened.

export interface FeedEntry {
  item: DashboardFeedItem;
  regionPath: string;
}

type Listener = (entry: FeedEntry) => void;

const BATCH_MS = 150;
const KEPT = 200;

function kindOf(change: CaseChange, row: repo.FeedCaseRow | undefined): DashboardFeedItem['kind'] | null {
  if (change.subject === 'whistle') return ['whistle.blown', 'whistle.check_in', 'whistle.close'].includes(change.type) ? 'whistle' : null;
  switch (change.type) {
    case 'case.received':
      return 'case.created';
    case 'case.reply':
      return 'case.replied';
    case 'case.close':
    case 'case.record_callback':
      return change.status === 'closed' ? 'case.closed' : null;
    case 'case.deadline':
      return row?.overdue ? 'case.overdue' : null;
    default:
      return null;
  }
}

const WHISTLE_STEP: Record<string, string> = { 'whistle.blown': '吹哨', 'whistle.check_in': '报到', 'whistle.close': '结束' };

class CityFeed {
  private readonly listeners = new Set<Listener>();
  private readonly latest: FeedEntry[] = [];
  private pending: CaseChange[] = [];
  private readonly unsubscribe: () => void;
  private filled: Promise<void> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly cityId: string,
  ) {
    this.unsubscribe = ctx.bus.subscribe(cityId, (change) => {
      if (this.pending.length === 0) setTimeout(() => void this.flush(), BATCH_MS).unref();
      this.pending.push(change);
    });
  }

  get size(): number {
    return this.listeners.size;
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  /** The latest items (newest first); the first call fills them from the newest cases. */
  async recent(): Promise<FeedEntry[]> {
    this.filled ??= repo.latestCases(this.ctx.database.db, this.cityId, 50).then((rows) => {
      const known = new Set(this.latest.map((e) => e.item.caseId));
      const older = rows.filter((r) => !known.has(r.id)).map((r) => caseEntry('case.created', r, new Date(r.received_at)));
      this.latest.push(...older);
      this.latest.splice(KEPT);
    });
    await this.filled;
    return this.latest;
  }

  private async flush(): Promise<void> {
    const changes = this.pending;
    this.pending = [];
    const { db } = this.ctx.database;
    const caseIds = [...new Set(changes.filter((c) => c.subject !== 'whistle').map((c) => c.caseId))];
    const whistleIds = [...new Set(changes.filter((c) => c.subject === 'whistle').map((c) => c.caseId))];
    let caseRows: repo.FeedCaseRow[];
    let whistleRows: repo.FeedWhistleRow[];
    try {
      [caseRows, whistleRows] = await Promise.all([
        repo.feedCases(db, this.cityId, caseIds),
        repo.feedWhistles(db, this.cityId, whistleIds),
      ]);
    } catch {
      return; // A live feed is a convenience: a page missing an item still has its numbers.
    }
    const cases = new Map(caseRows.map((r) => [r.id, r]));
    const whistles = new Map(whistleRows.map((r) => [r.id, r]));
    const at = this.ctx.now();
    for (const change of changes) {
      const row = cases.get(change.caseId);
      const kind = kindOf(change, row);
      if (!kind) continue;
      let entry: FeedEntry | undefined;
      if (kind === 'whistle') {
        const w = whistles.get(change.caseId);
        if (w) entry = whistleEntry(w, WHISTLE_STEP[change.type] ?? '', at);
      } else if (row) entry = caseEntry(kind, row, at);
      if (!entry) continue;
      this.latest.unshift(entry);
      for (const listener of this.listeners) listener(entry);
    }
    this.latest.splice(KEPT);
  }
}

function caseEntry(kind: DashboardFeedItem['kind'], r: repo.FeedCaseRow, at: Date): FeedEntry {
  return {
    regionPath: r.region_path,
    item: {
      kind,
      at: at.toISOString(),
      caseId: r.id,
      whistleId: null,
      trackingCode: r.tracking_code,
      text: r.text,
      category: r.category_name,
      region: r.region_name,
      status: r.status,
    },
  };
}

function whistleEntry(w: repo.FeedWhistleRow, step: string, at: Date): FeedEntry {
  return {
    regionPath: w.region_path,
    item: {
      kind: 'whistle',
      at: at.toISOString(),
      caseId: null,
      whistleId: w.id,
      trackingCode: null,
      text: step ? `${step}：${w.problem}` : w.problem,
      category: null,
      region: w.region_name,
      status: w.status,
    },
  };
}

const feeds = new WeakMap<Context, Map<string, CityFeed>>();

function cityFeed(ctx: Context, cityId: string): CityFeed {
  let byCity = feeds.get(ctx);
  if (!byCity) feeds.set(ctx, (byCity = new Map()));
  let feed = byCity.get(cityId);
  if (!feed) byCity.set(cityId, (feed = new CityFeed(ctx, cityId)));
  return feed;
}

/** The latest items of a territory, newest first. */
export async function recentItems(ctx: Context, cityId: string, regionPath: string, limit: number): Promise<DashboardFeedItem[]> {
  const entries = await cityFeed(ctx, cityId).recent();
  return entries
    .filter((e) => e.regionPath.startsWith(regionPath))
    .slice(0, limit)
    .map((e) => e.item);
}

/** Calls `listener` with each new item of a territory until the returned function is called. */
export function followFeed(ctx: Context, cityId: string, regionPath: string, listener: (item: DashboardFeedItem) => void): () => void {
  const feed = cityFeed(ctx, cityId);
  const stop = feed.listen((entry) => {
    if (entry.regionPath.startsWith(regionPath)) listener(entry.item);
  });
  return () => {
    stop();
    if (feed.size === 0) {
      feed.close();
      feeds.get(ctx)?.delete(cityId);
    }
  };
}
