import { useEffect, useState } from 'react';

/** The result of a request that depends on `key`: read again when the key changes or `reload` is called. */
export function useAsync<T>(
  key: string,
  load: () => Promise<T>,
): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // The key names everything the request depends on.
  }, [key, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}
