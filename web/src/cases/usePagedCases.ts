import { useCallback, useEffect, useRef, useState } from 'react';
import { listCases } from './caseApi.ts';
import type { CaseListParams, CaseSummary } from './caseApi.ts';

interface PagedCases {
  items: CaseSummary[];
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  /** Reads the first page again (after a change, a live event). */
  reload: () => void;
  /** Appends the next page (keyset cursor). */
  more: () => void;
}

/** A case list read page by page with the server's cursor; a change of the query starts over. */
export function usePagedCases(params: CaseListParams): PagedCases {
  const key = JSON.stringify(params);
  const [state, setState] = useState<{ items: CaseSummary[]; cursor: string | null; loading: boolean; error: unknown }>({
    items: [],
    cursor: null,
    loading: true,
    error: undefined,
  });
  const [generation, setGeneration] = useState(0);
  // Answers to an older query or generation are dropped.
  const ticket = useRef(0);

  useEffect(() => {
    const mine = ++ticket.current;
    setState((previous) => ({ ...previous, loading: true }));
    listCases(JSON.parse(key) as CaseListParams).then(
      (page) => mine === ticket.current && setState({ items: page.items, cursor: page.nextCursor, loading: false, error: undefined }),
      (error: unknown) => mine === ticket.current && setState({ items: [], cursor: null, loading: false, error }),
    );
  }, [key, generation]);

  const more = useCallback(() => {
    if (!state.cursor) return;
    const mine = ++ticket.current;
    setState((previous) => ({ ...previous, loading: true }));
    listCases({ ...(JSON.parse(key) as CaseListParams), cursor: state.cursor }).then(
      (page) =>
        mine === ticket.current &&
        setState((previous) => ({ items: [...previous.items, ...page.items], cursor: page.nextCursor, loading: false, error: undefined })),
      (error: unknown) => mine === ticket.current && setState((previous) => ({ ...previous, loading: false, error })),
    );
  }, [key, state.cursor]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { items: state.items, hasMore: state.cursor !== null, loading: state.loading, error: state.error, reload, more };
}
