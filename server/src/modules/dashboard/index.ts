// The command centre (一屏知全域, PRODUCT.md §4): one dashboard per territory, its panels read from rollups.
// Tables owned: dash_daily, dash_open, dash_pending, kept by a trigger on cases (migration 0011_dashboard) and
// folded by startDashboardFold. Reads regions, categories, whistles and (for case points and the feed) cases.
// Routes: dashboard.routes (registered in http/app.ts); live feed from the case bus (dashboard.feed.ts).
export { startDashboardFold } from './dashboard.worker.ts';
export { fold as foldDashboard, rebuild as rebuildDashboard } from './dashboard.repo.ts';
