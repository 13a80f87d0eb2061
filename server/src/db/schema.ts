// Every table of every module, for drizzle-kit and the typed query builder.
export * from '../modules/org/org.schema.ts';
export * from '../modules/accounts/accounts.schema.ts';
export * from '../modules/audit/audit.schema.ts';
export * from '../modules/catalogue/catalogue.schema.ts';
export * from '../modules/deadlines/deadlines.schema.ts';
export * from '../modules/cases/cases.schema.ts';
export * from '../modules/whistles/whistles.schema.ts';
export * from '../modules/assessment/assessment.schema.ts';
export * from '../modules/dashboard/dashboard.schema.ts';
export * from '../modules/classifier/classifier.schema.ts';
export * from '../modules/themes/themes.schema.ts';
export * from '../modules/callers/callers.schema.ts';
export * from '../modules/hotspots/hotspots.schema.ts';
