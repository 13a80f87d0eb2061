import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchCase } from './caseApi.ts';
import type { CaseView } from './caseApi.ts';

const BATCH = 6;

/**
 * The full cases behind a list's rows (a return reason, a reply, a pending extension are not in the
 * summaries). Each is read once and kept, so a list reloaded by live events reads only new rows.
 */
export function useCaseDetails(ids: readonly string[]): { byId: ReadonlyMap<string, CaseView>; forget: (id: string) => void } {
  const cache = useRef(new Map<string, CaseView>());
  const asked = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  const key = ids.join(',');

  useEffect(() => {
    const missing = ids.filter((id) => !asked.current.has(id));
    if (missing.length === 0) return;
    missing.forEach((id) => asked.current.add(id));
    let cancelled = false;
    // a few at a time: the API's rate limit is per client address
    void (async () => {
      for (let start = 0; start < missing.length && !cancelled; start += BATCH) {
        const settled = await Promise.allSettled(missing.slice(start, start + BATCH).map((id) => fetchCase(id)));
        for (const result of settled) if (result.status === 'fulfilled') cache.current.set(result.value.id, result.value);
        setVersion((value) => value + 1);
      }
    })();
    return () => {
      cancelled = true;
      // what was not read yet is asked again next time
      missing.filter((id) => !cache.current.has(id)).forEach((id) => asked.current.delete(id));
    };
    // the key names the ids
  }, [key]);

  const forget = useCallback((id: string) => {
    cache.current.delete(id);
    asked.current.delete(id);
    setVersion((value) => value + 1);
  }, []);
  return { byId: cache.current, forget };
}
