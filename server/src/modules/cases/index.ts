// Cases (接诉即办): the lifecycle of a resident's case as a pure state machine (rules only so far).
// Tables owned: none yet. Emits (through the service, later): case.dispatched, case.accepted, case.returned, …
// Consumes no events.
export * from './cases.rules.ts';
