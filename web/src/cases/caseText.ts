// Words for what the server records in codes: routing rules, timeline events and their data.
import type { Translate } from '../i18n/index.tsx';
import type { CaseEventView } from './caseApi.ts';
import { formatMinute } from './CaseTags.tsx';

type Dynamic = (prefix: string, value: string) => string;

/** The routing rule that placed a case, e.g. `department:城管@district` → 职能部门（城管，区县级）. */
export function routeRuleText(t: Translate, tDynamic: Dynamic, ruleId: string | null): string {
  if (!ruleId) return t('common.none');
  const department = /^department:(.+)@(\w+)$/.exec(ruleId);
  if (department) return t('routeRule.departmentOf', { type: department[1]!, level: tDynamic('level', department[2]!) });
  if (ruleId.startsWith('utility:')) return t('routeRule.utilityOf', { type: ruleId.slice('utility:'.length) });
  if (ruleId.startsWith('override:')) return t('routeRule.override');
  return tDynamic('routeRule', ruleId);
}

/** How the case was placed: its rule, or (no rule) that it had no point to route by. */
export function placedBy(t: Translate, tDynamic: Dynamic, theCase: { routing: { ruleId: string | null }; location: unknown }): string {
  if (theCase.routing.ruleId || theCase.location) return routeRuleText(t, tDynamic, theCase.routing.ruleId);
  return t('routeRule.no_place');
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const yesNo = (t: Translate, value: unknown) => (value === true ? t('common.yes') : t('common.no'));

/** The lines under a timeline entry: why, to whom, what was answered. */
export function eventDetails(t: Translate, tDynamic: Dynamic, event: CaseEventView): string[] {
  const d = event.data;
  const lines: string[] = [];
  const add = (key: Parameters<Translate>[0], value: string | undefined) => {
    if (value !== undefined) lines.push(t(key, { value }));
  };
  switch (event.type) {
    case 'case.received':
      add('event.channel', str(d.channel) && tDynamic('channel', String(d.channel)));
      break;
    case 'case.dispatched':
      add('event.toUnit', str(d.unitName));
      if (d.automatic === true) add('event.rule', routeRuleText(t, tDynamic, str(d.ruleId) ?? null));
      break;
    case 'case.routing_failed':
      add('event.rule', routeRuleText(t, tDynamic, str(d.ruleId) ?? null));
      break;
    case 'case.return_arbitrated':
      add('event.decision', str(d.decision) && tDynamic('decision', String(d.decision)));
      add('event.toUnit', str(d.unitName));
      break;
    case 'case.extension_requested':
    case 'case.extension_approved':
    case 'case.extension_rejected':
      if (typeof d.days === 'number') lines.push(t('event.days', { days: d.days }));
      add('event.reason', str(d.reason));
      add('event.rejection', str(d.rejectionReason));
      add('event.newDue', str(d.dueAt) && formatMinute(String(d.dueAt)));
      break;
    case 'case.resumed':
      add('event.newDue', str(d.dueAt) && formatMinute(String(d.dueAt)));
      break;
    case 'case.replied':
      add('event.reply', str(d.text));
      break;
    case 'case.callback_recorded':
      lines.push(t('event.answers', { contacted: yesNo(t, d.contacted), solved: yesNo(t, d.solved), satisfied: yesNo(t, d.satisfied) }));
      add('event.outcome', str(d.outcome) && tDynamic('outcome', String(d.outcome)));
      break;
    case 'case.escalated':
      add('event.reason', str(d.reason));
      add('event.toUnit', str(d.toUnitName));
      break;
    case 'case.cohandler_added':
      add('event.toUnit', str(d.unitName));
      break;
    case 'case.supporter_added':
      add('event.fromCase', str(d.fromTrackingCode));
      break;
    case 'case.contacted':
      add('event.note', str(d.note));
      break;
    case 'case.overdue':
    case 'case.due_soon':
    case 'case.first_contact_overdue':
      add('event.due', str(d.dueAt) && formatMinute(String(d.dueAt)));
      break;
    default:
      add('event.reason', str(d.reason));
  }
  return lines;
}
