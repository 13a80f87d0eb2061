// Assessment (考核): 三率 and the other figures per unit, territory and period, the composite score,
// rankings and classes, talks (约谈) with their rectification items, the monthly bulletin (page and PDF).
// Tables owned: assessment_settings, assessment_talks, talk_items. Reads cases and case_events (no writes) and the
// whistle module's figures (whistleFigures: on-time arrival, the streets' rating, the whistle rate); emits no events. Routes: assessment.routes (registered in http/app.ts).
export { FIGURES, DEFAULT_SETTINGS, figureValue, zeroCounts, type Counts, type Figure } from './assessment.figures.ts';
export { generateTalksForCity } from './talks.service.ts';
export { seedDemoAssessment } from './assessment.demo.ts';
export { monthOf, parsePeriod, previousPeriod } from './assessment.rules.ts';
export { citySettings, rankLevel } from './assessment.service.ts';
