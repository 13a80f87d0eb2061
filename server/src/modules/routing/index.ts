// Routing (派单): category × territory → unit by pure rules — city overrides, 直派街乡, community,
// line department of the right level, utility company, 区兜底 — each decision naming its rule;
// 首接负责 splits a multi-unit case into a lead and co-handlers.
// Tables: none (pure rules). Emits and consumes no events.
export { pathCodes, pickOverride, routeCase, splitLead, truncatePath } from './routing.rules.ts';
export type {
  LeadSplit,
  RoutableUnit,
  RoutablePlace,
  RouteCaseInput,
  RoutingDecision,
  RoutingRule,
  RoutingRuleId,
} from './routing.rules.ts';
