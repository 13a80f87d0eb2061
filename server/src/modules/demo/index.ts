// Demo: the demo city 周口市 (real district boundaries, generated streets, communities and grids),
// its units and demo accounts. Writes through org and accounts; never runs with NODE_ENV=production.
export { installDemoApiKey, loadDemoCity, DEMO_CITY } from './demo.service.ts';
export type { DemoAccount, DemoLoadResult } from './demo.service.ts';
