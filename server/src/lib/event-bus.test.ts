import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { engine } from '../../test/harness.ts';
import { EventBus, type CaseChange, type Relay } from './event-bus.ts';

const change = (caseId: string, cityId = 'city-1'): CaseChange => ({
  cityId,
  caseId,
  type: 'case.received',
  status: 'dispatched',
  regionPath: '411600/',
  unitIds: ['u1'],
  reporterAccountId: null,
});

/** A relay between buses of one test, as PostgreSQL's NOTIFY would carry their messages. */
function memoryRelay(): Relay & { sent: string[] } {
  const listeners = new Set<(payload: string) => void>();
  const sent: string[] = [];
  return {
    sent,
    notify: async (payload) => {
      sent.push(payload);
      for (const listener of listeners) listener(payload);
    },
    listen: (onMessage) => {
      listeners.add(onMessage);
      return () => listeners.delete(onMessage);
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 80));

describe('EventBus', () => {
  it('tells this process’s subscribers of their city at once, and only theirs', () => {
    const bus = new EventBus();
    const heard: string[] = [];
    bus.subscribe('city-1', (c) => heard.push(c.caseId));
    bus.publish(change('a'));
    bus.publish(change('b', 'city-2'));
    expect(heard).toEqual(['a']);
  });

  it('relays the changes of a moment to the other processes in one message, and never back to their origin', async () => {
    const relay = memoryRelay();
    const [one, two] = [new EventBus(relay), new EventBus(relay)];
    const [heardByOne, heardByTwo] = [[] as string[], [] as string[]];
    one.subscribe('city-1', (c) => heardByOne.push(c.caseId));
    two.subscribe('city-1', (c) => heardByTwo.push(c.caseId));
    for (const id of ['a', 'b', 'c']) one.publish(change(id));
    expect(heardByTwo).toEqual([]);
    await tick();
    expect(relay.sent).toHaveLength(1);
    expect(heardByTwo).toEqual(['a', 'b', 'c']);
    expect(heardByOne).toEqual(['a', 'b', 'c']);
  });

  it('splits a burst into messages that fit a NOTIFY payload', async () => {
    const relay = memoryRelay();
    const bus = new EventBus(relay);
    for (let i = 0; i < 200; i++) bus.publish(change(`case-${i}`));
    await tick();
    expect(relay.sent.length).toBeGreaterThan(1);
    expect(relay.sent.every((m) => Buffer.byteLength(m) < 8_000)).toBe(true);
    expect(relay.sent.flatMap((m) => (JSON.parse(m) as { changes: CaseChange[] }).changes)).toHaveLength(200);
  });

  it.runIf(engine() === 'postgres')('carries changes between two connections to PostgreSQL (LISTEN/NOTIFY)', async () => {
    const [first, second] = await Promise.all([
      openDatabase({ url: inject('testDatabaseUrl') }),
      openDatabase({ url: inject('testDatabaseUrl') }),
    ]);
    const [one, two] = [new EventBus(first.channel), new EventBus(second.channel)];
    try {
      const heard = new Promise<string>((resolve) => two.subscribe('city-pg', (c) => resolve(c.caseId)));
      // The listener connects in the background: publish until it hears.
      const started = Date.now();
      let received: string | undefined;
      void heard.then((id) => (received = id));
      while (!received && Date.now() - started < 10_000) {
        one.publish(change('across', 'city-pg'));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(received).toBe('across');
    } finally {
      one.close();
      two.close();
      await Promise.all([first.close(), second.close()]);
    }
  });
});
