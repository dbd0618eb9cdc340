import type { LoginResponse } from '@switchboard/contracts';

/** A failed API call: the status and the server's own message (our API always names what is wrong). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let token: string | null = null;
let onSessionEnded: () => void = () => {};
let refreshing: Promise<LoginResponse | null> | null = null;
const renewListeners = new Set<(answer: LoginResponse) => void>();

/** The access token every call carries (and the socket's handshake). */
export function currentToken(): string | null {
  return token;
}

export function setApiToken(value: string | null, sessionEnded?: () => void): void {
  token = value;
  if (sessionEnded) onSessionEnded = sessionEnded;
}

/** Called with each new access token: the socket renews itself, the session is saved. */
export function onTokenRenewed(listener: (answer: LoginResponse) => void): () => void {
  renewListeners.add(listener);
  return () => renewListeners.delete(listener);
}

/**
 * A new access token from the session cookie (HttpOnly: this script never sees the session
 * itself). One refresh at a time however many calls ask; null when the session has ended.
 */
export function refreshSession(): Promise<LoginResponse | null> {
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      if (!res.ok) return null;
      const answer = (await res.json()) as LoginResponse;
      token = answer.accessToken;
      for (const listener of renewListeners) listener(answer);
      return answer;
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Ends the session on the server (so the cookie cannot sign this browser in again): with the
 * current token, or, when that has expired, with one fetched from the session just for this.
 * Best effort: the console forgets the session whatever the answer.
 */
export async function endSession(): Promise<void> {
  const logout = (bearer: string) =>
    fetch('/api/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { authorization: `Bearer ${bearer}` },
    });
  try {
    if (token && (await logout(token)).status !== 401) return;
    const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
    if (res.ok) await logout(((await res.json()) as LoginResponse).accessToken);
  } catch {
    // Offline: the session ends on its own at its expiry.
  }
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  const form = body instanceof FormData;
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      // A form sets its own multipart content type (with the boundary).
      ...(body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
}

/**
 * A file the API serves behind the bearer token (an attachment), as an object URL the page can
 * open or show; the caller revokes it.
 */
export async function fileUrl(path: string): Promise<string> {
  let res = await send('GET', path, undefined);
  if (res.status === 401 && token && (await refreshSession())) res = await send('GET', path, undefined);
  if (!res.ok) throw new ApiError(res.status, res.statusText);
  return URL.createObjectURL(await res.blob());
}

/**
 * JSON over fetch, same origin. A 401 on a signed-in call first tries a new token from the
 * session; only when the session itself has ended does the console sign out.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await send(method, path, body);
  if (res.status === 401 && token && !path.startsWith('/api/auth/')) {
    if (await refreshSession()) res = await send(method, path, body);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    if (res.status === 401 && token) onSessionEnded();
    const message = (parsed as { message?: unknown } | null)?.message;
    throw new ApiError(res.status, Array.isArray(message) ? message.join('; ') : String(message ?? res.statusText));
  }
  return parsed as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
