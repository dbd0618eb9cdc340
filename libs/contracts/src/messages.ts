import type { IsoDateTime } from './common.js';
import type { MessageEmail } from './email.js';
import type { TicketStatus } from './tickets.js';

/** Inbound: the customer's. Outbound: the agent's or the system's. */
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Public messages reach the customer; internal ones (notes) only staff. */
export const MESSAGE_VISIBILITIES = ['public', 'internal'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];

export const MESSAGE_AUTHOR_KINDS = ['customer', 'agent', 'system'] as const;
export type MessageAuthorKind = (typeof MESSAGE_AUTHOR_KINDS)[number];

/** Longest message body accepted, in characters. */
export const MESSAGE_BODY_MAX = 10_000;

export interface MessageAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/** One entry of a ticket's conversation; `seq` rises by one per message within the ticket. */
export interface Message {
  id: string;
  seq: number;
  ticketId: string;
  direction: MessageDirection;
  visibility: MessageVisibility;
  author: { kind: MessageAuthorKind; id?: string; name: string };
  /** Plain text as written: clients show it as text. */
  body: string;
  attachments: MessageAttachment[];
  at: IsoDateTime;
  deliveredAt?: IsoDateTime;
  readAt?: IsoDateTime;
  failedAt?: IsoDateTime;
  failure?: string;
  /** On an e-mail ticket: the mail's addresses, Message-ID and send state. */
  email?: MessageEmail;
}

/** `GET /api/tickets/:id/messages?after=&limit=`: oldest first, after the cursor. */
export interface MessagePage {
  items: Message[];
  /** Pass as `after` for the next page; null when this page reached the newest message. */
  nextCursor: string | null;
}

/** `POST /api/tickets/:id/messages` by staff: a reply to the customer, or an internal note. */
export interface CreateMessageRequest {
  body: string;
  visibility?: MessageVisibility;
  /** `integration` only: the customer's message from a connector. */
  direction?: MessageDirection;
  /** `integration` only: the connector's id for it; a repeat returns the same message. */
  externalId?: string;
}

export interface CreateMessageResponse {
  message: Message;
}

/** `GET /api/tickets/:id/position`: what an IVR announces. Position 0 once the ticket left the queue. */
export interface TicketPosition {
  status: TicketStatus;
  position: number;
  estimatedWaitSeconds: number;
  asOf: IsoDateTime;
}
