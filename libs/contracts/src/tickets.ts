import type { SortOrder, TicketOutcome, TicketSort } from './ticket-search.js';
import type { ActionResponse } from './actions.js';
import type { Channel, CustomerTier, IsoDateTime } from './common.js';

export const TICKET_STATUSES = [
  'new',
  'queued',
  'offered',
  'in_progress',
  'wrap_up',
  'resolved',
  'reopened',
  'abandoned',
  'transferred',
  'callback_scheduled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Event types written to ticket_events. Persistent: stored rows and reports
 * depend on these strings, so never rename one.
 */
export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'ticket.queued',
  'ticket.offered',
  'ticket.offer_declined',
  'ticket.offer_expired',
  'ticket.offer_rescinded',
  'ticket.accepted',
  'ticket.note_added',
  'ticket.transferred',
  'ticket.resolved',
  'ticket.wrap_up_completed',
  'ticket.reopened',
  'ticket.abandoned',
  'ticket.callback_scheduled',
  'ticket.repeat_contact',
  'ticket.reconciled',
  /** A customer satisfaction rating (1–5) for the ticket (`source: "survey"` when the customer answered our survey). */
  'ticket.csat_recorded',
  /** A satisfaction survey was offered for this resolution (in the chat, or by e-mail). */
  'ticket.survey_offered',
  /** The ticket reopened before the customer answered: the survey asks no more. */
  'ticket.survey_cancelled',
  /** Intake joined the contact to an existing customer: by which identity, and what it added to them. */
  'ticket.customer_matched',
  /** A public message of the conversation (a note, the internal kind, is `ticket.note_added`). */
  'ticket.message_added',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export interface CustomerInput {
  externalId?: string;
  name?: string;
  phone?: string;
  email?: string;
  tier?: CustomerTier;
}

export interface CreateTicketRequest {
  channel: Channel;
  queue: string;
  subject: string;
  description?: string;
  category?: string;
  /** The connector's own id for this contact; a repeat returns the same ticket. */
  externalId?: string;
  customer: CustomerInput;
}

export interface CreateTicketResponse {
  id: string;
  status: TicketStatus;
  queue: string;
  priority: number;
  /** 1 = next to be routed in its queue. */
  position: number;
  estimatedWaitSeconds: number;
}

export interface CustomerSummary {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
}

export interface TicketEventView {
  /**
   * The event's id (digits, rising with time): what a QA answer cites as `eventId`. Absent only on
   * the events an accept's answer carries before they are stored (read the ticket for them).
   */
  id?: string;
  type: TicketEventType;
  at: IsoDateTime;
  actor?: { id: string; name: string } | null;
  data: Record<string, unknown>;
}

export interface TicketSummary {
  id: string;
  /** The short reference people quote, on the phone or in an e-mail: `SB-10482`. */
  reference: string;
  channel: Channel;
  queue: string;
  status: TicketStatus;
  subject: string;
  category: string | null;
  priority: number;
  externalId: string | null;
  customer: CustomerSummary;
  assignedAgentId: string | null;
  resolutionCode: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  enqueuedAt: IsoDateTime | null;
  resolvedAt: IsoDateTime | null;
}

export interface TicketDetail extends TicketSummary {
  description: string | null;
  events: TicketEventView[];
}

export interface TicketSearchQuery {
  status?: TicketStatus;
  queue?: string;
  agentId?: string;
  customerId?: string;
  category?: string;
  resolutionCode?: string;
  /** Created at or after / before. */
  from?: IsoDateTime;
  to?: IsoDateTime;
  /** Resolved at or after / before (only resolved tickets match). */
  resolvedFrom?: IsoDateTime;
  resolvedTo?: IsoDateTime;
  /** How it ended up (ticket-search.ts): resolved, abandoned, transferred or open. */
  outcome?: TicketOutcome;
  /** Full text over subject, description, resolution note, notes, messages and the customer's name; or a reference (SB-10482). */
  q?: string;
  /** Default `createdAt`, newest first. */
  sort?: TicketSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

/** One waiting customer, in the order the router will offer them. */
export interface WaitingTicket extends TicketSummary {
  /** Intake priority plus ageing (one point per AGEING_SECONDS_PER_POINT waited): what routing sorts by. */
  effectivePriority: number;
  /** 1 = offered first. */
  position: number;
}

/** `GET /api/tickets/waiting?queue=&limit=`: a queue's waiting tickets in routing order. */
export interface WaitingTicketsResponse {
  queue: string;
  asOf: IsoDateTime;
  /** All waiting in the queue; `items` holds the first `limit` of them. */
  total: number;
  items: WaitingTicket[];
}

/** `POST /api/tickets/:id/abandon`: API 0.1's `{ id, status }`, and `result` (API 0.2). */
export interface AbandonTicketResponse extends ActionResponse {
  id: string;
  status: TicketStatus;
}
