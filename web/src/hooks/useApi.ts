import { useCallback, useEffect, useState } from 'react';

interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs a request whenever its key changes; a late answer for an old key is dropped. */
export function useApi<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: unknown; loading: boolean }>({
    key: null,
    loading: key !== null,
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) {
      setState({ key, loading: false });
      return;
    }
    let current = true;
    setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, loading: true }));
    load().then(
      (data) => current && setState({ key, data, loading: false }),
      (error: unknown) => current && setState({ key, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; the key says when the request changes
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const fresh = state.key === key;
  return {
    data: fresh ? state.data : undefined,
    error: fresh ? state.error : undefined,
    loading: !fresh || state.loading,
    reload,
  };
}
