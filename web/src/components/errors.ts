import { useCallback } from 'react';
import { ApiError } from '../api.ts';
import { useLang, useT } from '../i18n/index.tsx';

/** Turns an error into the text the user reads: a known code in the user's language, else the API's message. */
export function useErrorText(): (error: unknown) => string {
  const t = useT();
  const { tDynamic } = useLang();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code === 'network') return t('error.network');
        const known = tDynamic('error', error.code);
        if (known !== error.code) return known;
        return error.message || t('error.generic');
      }
      return t('error.generic');
    },
    [t, tDynamic],
  );
}
