import type { ClientToServerEvents, ServerToClientEvents } from '@switchboard/contracts';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
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
 * One Socket.IO connection per signed-in session, with the same bearer token as the REST API.
 * Socket.IO delivers at most once, so every screen treats a reconnection as "reload from the API".
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const { session, logout } = useAuth();
  const [value, setValue] = useState<SocketValue>({ socket: null, connected: false, generation: 0 });
  const generation = useRef(0);

  useEffect(() => {
    if (!session) return;
    const socket: AppSocket = io({
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: session.token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    setValue({ socket, connected: false, generation: generation.current });
    socket.on('session.ready', () => {
      generation.current += 1;
      setValue({ socket, connected: true, generation: generation.current });
    });
    socket.on('disconnect', () => setValue((v) => ({ ...v, connected: false })));
    socket.on('connect_error', (error) => {
      if (error.message.startsWith('unauthorized')) logout();
    });
    socket.on('session.ended', () => logout());
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [session, logout]);

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
