// Monthly theme (每月一题): the month's most frequent hard problems proposed per second-level category (volume,
// repeats, the assessment's 满意率, spread, trend), programmes with a lead unit, co-units, actions with deadlines
// and a measured effect (cases per month before and after). Tables owned: theme_programmes, theme_actions,
// theme_events (append-only). Reads cases and categories; writes notifications (cases module's inbox) to the
// lead, co- and owner units. Routes: themes.routes (registered in http/app.ts). Worker: the due-action sweep.
export { themesRoutes } from './themes.routes.ts';
export { startThemeWorkers } from './themes.workers.ts';
export { seedDemoThemes } from './themes.demo.ts';
