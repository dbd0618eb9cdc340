import type { LoginResponse, UserSummary } from '@switchboard/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, endSession, onTokenRenewed, refreshSession, setApiToken } from './api.js';

interface Session {
  /** Names one sign-in: stays the same across token renewals (the socket lives as long). */
  key: string;
  token: string;
  /** When the access token expires (ms); it is refreshed a minute before. */
  expiresAtMs: number;
  user: UserSummary;
}
interface AuthValue {
  /** undefined while the console asks the server whether a session is still open (a reload). */
  session: Session | null | undefined;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
  /** The user's own record changed (their password, say). */
  updateUser: (user: UserSummary) => void;
}

const STORAGE_KEY = 'switchboard.session';
const REFRESH_BEFORE_MS = 60_000;
const AuthContext = createContext<AuthValue | null>(null);

function savedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && session.expiresAtMs > Date.now() + 5_000 ? session : null;
  } catch {
    return null;
  }
}

/** Not a secret: it only tells one sign-in from the next (crypto.randomUUID needs https). */
const newKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function fromAnswer(answer: LoginResponse, key = newKey()): Session {
  return { key, token: answer.accessToken, expiresAtMs: Date.parse(answer.expiresAt), user: answer.user };
}

/**
 * The signed-in user. The session itself is an HttpOnly cookie the script never sees; the
 * short-lived access token is kept in sessionStorage and renewed from the session a minute
 * before it expires, so a console open all shift stays signed in without a long-lived token.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(() => {
    const s = savedSession();
    setApiToken(s?.token ?? null);
    return s ?? undefined;
  });

  const keep = useCallback((next: Session | null) => {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setApiToken(next?.token ?? null);
    setSession(next);
  }, []);

  const logout = useCallback(() => {
    void endSession();
    keep(null);
  }, [keep]);
  setApiToken(session?.token ?? null, () => keep(null));

  // A reload or a new tab: the session cookie may still be good.
  useEffect(() => {
    if (session !== undefined) return;
    void refreshSession().then((answer) => keep(answer ? fromAnswer(answer) : null));
  }, [session, keep]);

  // Every new token (from the timer below or a 401 retry) replaces the session's.
  const key = session?.key;
  useEffect(() => onTokenRenewed((answer) => keep(fromAnswer(answer, key))), [keep, key]);

  // Refresh a minute before the token expires; a session that has ended signs out.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => void refreshSession().then((answer) => answer ?? keep(null)),
      Math.max(1_000, session.expiresAtMs - Date.now() - REFRESH_BEFORE_MS),
    );
    return () => clearTimeout(timer);
  }, [session, keep]);

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await api<LoginResponse>('POST', '/api/auth/login', { email, password });
      keep(fromAnswer(answer));
    },
    [keep],
  );
  const updateUser = useCallback(
    (user: UserSummary) =>
      setSession((s) => {
        if (!s) return s;
        const next = { ...s, user };
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      }),
    [],
  );

  const value = useMemo(() => ({ session, login, logout, updateUser }), [session, login, logout, updateUser]);
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
