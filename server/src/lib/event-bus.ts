import { randomUUID } from 'node:crypto';
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

/** Sends messages to the other server processes and hears theirs (PostgreSQL LISTEN/NOTIFY). */
export interface Relay {
  notify(payload: string): Promise<void>;
  listen(onMessage: (payload: string) => void): () => void;
}

// A NOTIFY payload holds at most 8,000 bytes. Changes are gathered for a moment: one NOTIFY carries many.
const MAX_PAYLOAD = 7_000;
const RELAY_EVERY_MS = 50;

/**
 * Publish/subscribe of case changes, per city. Subscribers in this process hear a change at once;
 * with a relay, the changes of each 50 ms go to the other processes in one message (or a few), and
 * theirs come back here, so a page open on any process sees every change.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly origin = randomUUID();
  private outbox: CaseChange[] = [];
  private stopListening: (() => void) | undefined;

  constructor(private readonly relay?: Relay) {
    this.stopListening = relay?.listen((payload) => {
      const message = JSON.parse(payload) as { origin: string; changes: CaseChange[] };
      if (message.origin !== this.origin) for (const change of message.changes) this.emitter.emit(change.cityId, change);
    });
  }

  publish(change: CaseChange): void {
    this.emitter.emit(change.cityId, change);
    if (!this.relay) return;
    if (this.outbox.length === 0) setTimeout(() => this.flush(), RELAY_EVERY_MS).unref();
    this.outbox.push(change);
  }

  private flush(): void {
    const changes = this.outbox;
    this.outbox = [];
    let batch: CaseChange[] = [];
    let size = 0;
    const send = () => {
      if (batch.length === 0) return;
      // Live updates are a convenience: a lost message costs a page its refresh, never a case.
      this.relay!.notify(JSON.stringify({ origin: this.origin, changes: batch })).catch(() => undefined);
      batch = [];
      size = 0;
    };
    for (const change of changes) {
      const length = JSON.stringify(change).length * 3;
      if (size + length > MAX_PAYLOAD) send();
      batch.push(change);
      size += length;
    }
    send();
  }

  close(): void {
    this.stopListening?.();
  }

  subscribe(cityId: string, listener: (change: CaseChange) => void): () => void {
    this.emitter.on(cityId, listener);
    return () => this.emitter.off(cityId, listener);
  }
}
