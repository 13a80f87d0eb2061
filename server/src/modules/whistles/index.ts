// Whistles (吹哨报到): a street or community summons departments to a place; they report, act and stay until it is closed.
// Tables owned: whistles, whistle_attendance, whistle_events (append-only), whistle_settings. Writes notifications
// (cases module's inbox) to the summoned units and spawns follow-up cases through the case intake.
// Routes: whistles.routes (registered in http/app.ts). Figures: whistleFigures, for the assessment module.
export { whistleFigures, type DepartmentWhistleFigures, type StreetWhistleFigures, type WhistleFigures } from './whistles.figures.ts';
export { whistleRatePerThousand, arrivalStats, arrivalCounts, onTimeRate, averageRating } from './whistles.figures.ts';
export { whistles, whistleAttendance } from './whistles.schema.ts';
export { blowWhistle } from './whistles.service.ts';
export { blowingGrants } from './whistles.access.ts';
