import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { ClientToServerEvents, ServerToClientEvents } from '@switchboard/contracts';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth.decorators.js';
import { TokenService } from '../auth/token.service.js';

type SwitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
type SwitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;

/** Rooms a user joins on connect: their own, and the supervisors' room for roles that watch queues. */
export function roomsFor(user: AuthUser): string[] {
  const rooms = [`user:${user.id}`];
  if (user.role === 'agent') rooms.push(`agent:${user.id}`);
  if (user.role === 'supervisor' || user.role === 'admin') rooms.push('supervisors');
  return rooms;
}

/**
 * The Socket.IO gateway. The handshake carries the same bearer token as the REST API
 * (`auth: { token }`); a connection without a valid one is refused before it is established.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: SwitchboardServer;

  constructor(private readonly tokens: TokenService) {}

  afterInit(server: SwitchboardServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.tokens.verify(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized: token is invalid or expired'));
          socket.data.user = user;
          next();
        },
        (error: unknown) => {
          this.logger.error(error);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  async handleConnection(socket: SwitchboardSocket): Promise<void> {
    const { user } = socket.data;
    const rooms = roomsFor(user);
    await socket.join(rooms);
    socket.emit('session.ready', { user, rooms });
  }

  /** The one way the server pushes to clients. */
  emitTo<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server.to(room).emit(event, ...payload);
  }
}
