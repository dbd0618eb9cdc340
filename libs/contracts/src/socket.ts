import type { UserSummary } from './auth.js';
import type { IsoDateTime } from './common.js';
import type { TicketSummary } from './tickets.js';

export interface OfferCreatedEvent {
  offerId: string;
  ticketId: string;
  expiresAt: IsoDateTime;
  ticket: TicketSummary;
}

export const OFFER_RESCIND_REASONS = ['timeout', 'abandoned', 'reassigned', 'agent-unavailable'] as const;
export type OfferRescindReason = (typeof OFFER_RESCIND_REASONS)[number];

export interface OfferRescindedEvent {
  offerId: string;
  reason: OfferRescindReason;
}

/** Events the server emits to clients. */
export interface ServerToClientEvents {
  /** Sent once after a successful, authenticated connection. */
  'session.ready': (payload: { user: UserSummary; rooms: string[] }) => void;
  /** A ticket proposed to this agent until `expiresAt`. */
  'offer.created': (payload: OfferCreatedEvent) => void;
  /** The offer is no longer valid: do not show it as live. */
  'offer.rescinded': (payload: OfferRescindedEvent) => void;
}

/** Events clients may emit. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

/** Socket.IO handshake: `io(url, { auth: { token } })`. */
export interface SocketAuth {
  token: string;
}
