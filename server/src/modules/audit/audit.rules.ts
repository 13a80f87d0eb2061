import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.ts';

export interface ChainedFields {
  cityId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: unknown;
  prevHash: string;
}

/** The hash of an entry covers every field and the previous entry's hash. */
export function entryHash(e: ChainedFields): string {
  const body = canonicalJson({
    cityId: e.cityId,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    detail: e.detail,
  });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}
