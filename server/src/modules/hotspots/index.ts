// Hotspots (热点, 未诉先办, PRODUCT.md §6): problems found before residents complain — a grid × category rising above
// its baseline and season, the same place or the same reporter again and again, similar texts across grids.
// Tables owned: hotspots (identity kept across runs). Reads cases; opens cases through the cases module (channel
// proactive) and blows whistles through the whistles module. Routes: hotspots.routes (registered in http/app.ts).
// Worker: startHotspotDetection (every 10 minutes, advisory lock per city). Emits no events of its own.
export { startHotspotDetection } from './hotspots.worker.ts';
export { detectCity as detectHotspotsNow } from './hotspots.service.ts';
export { hotspots } from './hotspots.schema.ts';
