// Cases (接诉即办): intake, routing, the lifecycle, deadlines, callbacks, notifications.
// Tables owned: cases (caller_flag: the callers module's flag at intake), case_events, idempotency_keys, notifications, sms_outbox, callback_links, attachments, case_settings.
// Routes: cases.routes, public.routes, import.routes (registered in http/app.ts). Workers: workers.ts (sweep, SMS).
export * from './cases.rules.ts';
export { applyStep, type Performer } from './actions.service.ts';
export { cityCalendar, cityLeaves, cityRefs, cityRoutingRules, cityUnits, type Leaf, type Units } from './cases.directory.ts';
export * as casesRepo from './cases.repo.ts';
export type { CaseRow } from './cases.repo.ts';
export { caseEvents, cases } from './cases.schema.ts';
export { asStoredRow, prepareCase, submitterOf, takeIn, type IntakeInput, type PreparedCase, type Submitter } from './intake.service.ts';
export { uploadPhoto } from './photos.service.ts';
export { notifyUnit } from './notify.ts';
export { startCaseWorkers } from './workers.ts';
export { distanceMetres } from './duplicates.rules.ts';
export { canReadCase } from './cases.access.ts';
