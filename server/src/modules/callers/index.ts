// Callers (恶意来电, 重复来电): operators' and dispatchers' marks on a case's caller, numbers flagged at the city's
// thresholds (marks in 30 days, cases in 24 hours), listed masked and cleared with a reason; every step audited.
// Tables owned: caller_settings, caller_marks, caller_flags (numbers only as HMAC hashes). Emits no events.
// Routes: callers.routes (registered in http/app.ts); the mark is POST /api/cases/{id}/malicious (cases module).
export { checkCallerAtIntake, markCaller, type CaseCallerFlag, type IntakeCaller, type MarkedCase } from './callers.service.ts';
export { callerFlags, callerMarks, callerSettings } from './callers.schema.ts';
