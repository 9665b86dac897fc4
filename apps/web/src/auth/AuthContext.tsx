import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, refreshSession, session, unwrap, type Schemas } from '../api/client';
import type { Role } from '../access';

export type Me = Schemas['MeDto'] & { role: Role };

interface AuthState {
  me: Me | null;
  /** True until a stored refresh token has been tried on page load. */
  restoring: boolean;
  /** Set when the session ended by itself (expired or revoked), for the sign-in page to say so. */
  expired: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

async function loadMe(): Promise<Me> {
  return (await unwrap(api.GET('/api/me'))) as Me;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [me, setMe] = useState<Me | null>(null);
  const [restoring, setRestoring] = useState(session.hasRefreshToken());
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    // A reload: the access token is gone with the page, the refresh token is still in this tab.
    if (!session.hasRefreshToken()) return;
    void (async () => {
      try {
        if (await refreshSession()) setMe(await loadMe());
        // The stored session was revoked or has run out: say so on the sign-in page.
        else setExpired(true);
      } catch {
        session.clear();
      } finally {
        setRestoring(false);
      }
    })();
  }, []);

  useEffect(
    () =>
      session.onExpired(() => {
        setMe(null);
        setExpired(true);
        queryClient.clear();
      }),
    [queryClient],
  );

  const login = useCallback(async (username: string, password: string) => {
    const tokens = await unwrap(api.POST('/api/auth/login', { body: { username, password } }));
    session.set(tokens);
    const loaded = await loadMe();
    queryClient.clear();
    setExpired(false);
    setMe(loaded);
    return loaded;
  }, [queryClient]);

  const logout = useCallback(async () => {
    await api.POST('/api/auth/logout').catch(() => undefined);
    session.clear();
    queryClient.clear();
    setExpired(false);
    setMe(null);
  }, [queryClient]);

  return <AuthContext.Provider value={{ me, restoring, expired, login, logout }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in person (pages behind RequireAuth only). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
