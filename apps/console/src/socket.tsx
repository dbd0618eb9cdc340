import type { ClientToServerEvents, ServerToClientEvents, UserSummary } from '@switchboard/contracts';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api, currentToken, onTokenRenewed, refreshSession } from './api.js';
import { useAuth } from './auth.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface SocketValue {
  socket: AppSocket | null;
  /** True once the server said `session.ready` on the current connection. */
  connected: boolean;
  /** Bumps on every (re)connection: screens reload what they show from the API when it changes. */
  generation: number;
}

const SocketContext = createContext<SocketValue>({ socket: null, connected: false, generation: 0 });

/**
 * One Socket.IO connection per sign-in, with the same bearer token as the REST API; each
 * renewed token is handed to the open socket (`auth.renew`) and used for reconnections.
 * Socket.IO delivers at most once, so every screen treats a reconnection as "reload from the API".
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const { session, logout, updateUser } = useAuth();
  const [value, setValue] = useState<SocketValue>({ socket: null, connected: false, generation: 0 });
  const generation = useRef(0);
  // The server refuses the socket of a user who must first choose their own password.
  const sessionKey = session && !session.user.passwordChangeRequired ? session.key : undefined;

  useEffect(() => {
    if (!sessionKey) return;
    const socket: AppSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: (give) => give({ token: currentToken() ?? '' }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    setValue({ socket, connected: false, generation: generation.current });
    socket.on('session.ready', () => {
      generation.current += 1;
      setValue({ socket, connected: true, generation: generation.current });
    });
    socket.on('disconnect', () => setValue((v) => ({ ...v, connected: false })));
    // A token that ran out (a laptop asleep past the renewal): renew it and connect again.
    const renewAndReconnect = () => void refreshSession().then((answer) => (answer ? socket.connect() : logout()));
    socket.on('connect_error', (error) => {
      if (error.message.startsWith('unauthorized')) renewAndReconnect();
    });
    socket.on('session.ended', ({ reason }) => {
      if (reason === 'token-expired') renewAndReconnect();
      else if (reason === 'role-changed') {
        // The user now has other rooms and screens: read who they are and connect again.
        void api<UserSummary>('GET', '/api/auth/me').then((user) => {
          updateUser(user);
          socket.connect();
        }, logout);
      } else logout();
    });
    const stopRenewing = onTokenRenewed((answer) => {
      if (socket.connected) socket.emit('auth.renew', answer.accessToken, () => undefined);
    });
    return () => {
      stopRenewing();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [sessionKey, logout, updateUser]);

  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useSocket(): SocketValue {
  return useContext(SocketContext);
}

/** Subscribes to one server event for the life of the component (the latest handler is used). */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const { socket } = useSocket();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: unknown[]) =>
      (latest.current as (...a: unknown[]) => void)(...args)) as unknown as ServerToClientEvents[E];
    // socket.io-client's typed `on` does not narrow a generic event name; the listener is typed above.
    (socket.on as (e: string, l: unknown) => void)(event, listener);
    return () => {
      (socket.off as (e: string, l: unknown) => void)(event, listener);
    };
  }, [socket, event]);
}
