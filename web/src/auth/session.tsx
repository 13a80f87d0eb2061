import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, setUnauthorizedHandler } from '../api.ts';
import type { Ability, Me } from '../types.ts';

interface SessionValue {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const navigate = useNavigate();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      if (window.location.pathname !== '/login') {
        const from = window.location.pathname + window.location.search;
        void navigate('/login', { replace: true, state: { from } });
      }
    });
  }, [navigate]);

  useEffect(() => {
    let cancelled = false;
    api
      .get<Me>('/api/me')
      .then((loaded) => {
        if (!cancelled) setMe(loaded);
      })
      .catch((error: unknown) => {
        // 401 is handled by the API client; anything else leaves the user signed out
        if (!(error instanceof ApiError)) console.error(error);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // the session is read once per page load; later changes come through login/logout
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const loggedIn = await api.post<Me>('/api/auth/login', { username, password });
    setMe(loggedIn);
    return loggedIn;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/api/auth/logout');
    } finally {
      setMe(null);
      void navigate('/login', { replace: true });
    }
  }, [navigate]);

  const value = useMemo(() => ({ me, loading, login, logout }), [me, loading, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

export function hasAbility(me: Me | null, ability: Ability): boolean {
  return Boolean(me?.abilities.includes(ability));
}

/** True when the user has at least one of the abilities (a page that serves several). */
export function hasAnyAbility(me: Me | null, abilities: Ability | readonly Ability[]): boolean {
  const list: readonly Ability[] = typeof abilities === 'string' ? [abilities] : abilities;
  return list.some((ability) => hasAbility(me, ability));
}
