import { EventEmitter } from 'node:events';

/** A change to a case, as open pages learn of it (server-sent events). */
export interface CaseChange {
  cityId: string;
  caseId: string;
  type: string;
  status: string;
  regionPath: string;
  unitIds: string[];
  /** The registered resident who reported it, if any: they follow their own case live. */
  reporterAccountId: string | null;
  /** A whistle's change (caseId then holds the whistle's id; unitIds the blowing unit, then the summoned). */
  subject?: 'whistle';
}

/** In-process publish/subscribe of case changes, per city. */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(change: CaseChange): void {
    this.emitter.emit(change.cityId, change);
  }

  subscribe(cityId: string, listener: (change: CaseChange) => void): () => void {
    this.emitter.on(cityId, listener);
    return () => this.emitter.off(cityId, listener);
  }
}
