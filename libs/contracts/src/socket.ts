import type { UserSummary } from './auth.js';

/** Events the server emits to clients. */
export interface ServerToClientEvents {
  /** Sent once after a successful, authenticated connection. */
  'session.ready': (payload: { user: UserSummary; rooms: string[] }) => void;
}

/** Events clients may emit. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/** Socket.IO handshake: `io(url, { auth: { token } })`. */
export interface SocketAuth {
  token: string;
}
