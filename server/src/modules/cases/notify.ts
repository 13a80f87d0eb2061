import type { Context } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import type { CaseInsert, NotificationInsert } from './cases.repo.ts';

// What a change tells others: in-app notifications to units, text messages to the reporter, and
// live updates of open pages. Notifications and messages are rows written with the change itself
// (so none is lost); the bus is told after the commit.

type CaseFacts = Pick<CaseInsert, 'cityId' | 'id' | 'updatedAt'>;

export function notifyUnit(c: CaseFacts, unitId: string, kind: string, text: string): NotificationInsert[] {
  return [{ cityId: c.cityId, id: newId(), unitId, caseId: c.id, kind, text, createdAt: c.updatedAt }];
}

export interface SmsRow {
  cityId: string;
  id: string;
  phone: string;
  text: string;
  caseId: string;
  createdAt: Date;
}

/** A text message to the reporter, when they left a number. */
export function smsToReporter(c: CaseFacts & { reporterPhone?: string | null }, text: string): SmsRow | null {
  if (!c.reporterPhone) return null;
  return { cityId: c.cityId, id: newId(), phone: c.reporterPhone, text, caseId: c.id, createdAt: c.updatedAt };
}

export function publishChange(
  ctx: Context,
  c: {
    cityId: string;
    id: string;
    status: string;
    regionPath: string;
    leadUnitId?: string | null;
    coHandlerUnitIds?: string[];
    reporterAccountId?: string | null;
  },
  type: string,
): void {
  ctx.bus.publish({
    cityId: c.cityId,
    caseId: c.id,
    type,
    status: c.status,
    regionPath: c.regionPath,
    unitIds: [...(c.leadUnitId ? [c.leadUnitId] : []), ...(c.coHandlerUnitIds ?? [])],
    reporterAccountId: c.reporterAccountId ?? null,
  });
}
