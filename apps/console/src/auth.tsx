import type { LoginResponse, UserSummary } from '@switchboard/contracts';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { api, setApiToken } from './api.js';

interface Session {
  token: string;
  user: UserSummary;
}
interface AuthValue {
  session: Session | null;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
}

const STORAGE_KEY = 'switchboard.session';
const AuthContext = createContext<AuthValue | null>(null);

function savedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** The signed-in user. The token lives in sessionStorage: a reload keeps it, a new browser tab signs in again. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const s = savedSession();
    setApiToken(s?.token ?? null);
    return s;
  });
  const logout = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setApiToken(null);
    setSession(null);
  }, []);
  setApiToken(session?.token ?? null, logout);

  const login = useCallback(async (email: string, password: string) => {
    const res = await api<LoginResponse>('POST', '/api/auth/login', { email, password });
    const next = { token: res.accessToken, user: res.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setApiToken(next.token);
    setSession(next);
  }, []);

  const value = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** For screens behind the login: the session is there. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('no session');
  return session;
}
