import { createContext, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';

/** What /api/events sends for every change to a case (or whistle: caseId then holds its id) the user can see. */
export interface CaseChange {
  caseId: string;
  type: string;
  status: string;
}

type Listener = (change: CaseChange) => void;

interface LiveEvents {
  subscribe: (listener: Listener) => () => void;
}

const LiveEventsContext = createContext<LiveEvents | null>(null);

/** One server-sent event stream per signed-in page; the browser reconnects it after a drop. */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    const forward = (event: MessageEvent<string>) => {
      let change: CaseChange;
      try {
        // a whistle's change names the whistle where a case's names the case
        const data = JSON.parse(event.data) as CaseChange & { whistleId?: string };
        change = { ...data, caseId: data.whistleId ?? data.caseId };
      } catch {
        return;
      }
      for (const listener of listeners.current) listener(change);
    };
    source.addEventListener('case', forward);
    source.addEventListener('whistle', forward);
    return () => source.close();
  }, []);

  const value = useMemo<LiveEvents>(
    () => ({
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [],
  );
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

/**
 * Calls `onChange` for the case changes the server reports (those of one case when `caseId` is
 * given), at most once per `delayMs`: a burst (the deadline sweep marks many cases at once) gives
 * one call with all its changes, `delayMs` after the first.
 */
export function useCaseChanges(onChange: (changes: CaseChange[]) => void, caseId?: string, delayMs = 1_000): void {
  const live = useContext(LiveEventsContext);
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!live) return;
    let timer: number | undefined;
    let burst: CaseChange[] = [];
    const unsubscribe = live.subscribe((change) => {
      if (caseId !== undefined && change.caseId !== caseId) return;
      burst.push(change);
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        const changes = burst;
        timer = undefined;
        burst = [];
        handler.current(changes);
      }, delayMs);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [live, caseId, delayMs]);
}
