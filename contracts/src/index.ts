// Schemas and types shared by the server, the web app and the CLI. No logic here.
export * from './vocabulary.ts';
export * from './org.ts';
export * from './accounts.ts';
export * from './errors.ts';
export * from './cases.ts';
export * from './whistles.ts';
export * from './assessment.ts';
export * from './dashboard.ts';
export * from './classifier.ts';
export * from './themes.ts';
export * from './callers.ts';
export * from './hotspots.ts';
