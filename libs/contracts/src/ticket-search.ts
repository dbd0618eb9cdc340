import type { IsoDateTime } from './common.js';
import type { TicketDetail, TicketSummary } from './tickets.js';

/**
 * How a ticket ended up, as the history searches it: `resolved` and `abandoned` by its status,
 * `transferred` when it was ever transferred (whatever happened next), `open` while neither
 * resolved nor abandoned.
 */
export const TICKET_OUTCOMES = ['resolved', 'abandoned', 'transferred', 'open'] as const;
export type TicketOutcome = (typeof TICKET_OUTCOMES)[number];

/** What search results may be ordered by; tickets without the value (not resolved, not rated) come last. */
export const TICKET_SORTS = ['createdAt', 'resolvedAt', 'handleSeconds', 'csatScore'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Who handled a ticket and how it went: on search results and on `GET /api/tickets/:id`. */
export interface TicketHandling {
  /** The agent who holds it or resolved it; null when nobody has it (waiting, abandoned, sent back to a queue). */
  agent: { id: string; name: string } | null;
  /** When its agent accepted it (the latest accept). */
  acceptedAt: IsoDateTime | null;
  /** The resolving agent's handle time, accept → resolve, in seconds (wrap-up not included); null until resolved. */
  handleSeconds: number | null;
  /** The latest customer satisfaction rating, 1–5. */
  csatScore: number | null;
}

/** One result of `GET /api/tickets`: the ticket's summary and how it was handled. */
export interface TicketSearchResult extends TicketSummary, TicketHandling {}

/** The latest rating, with the customer's words. */
export interface TicketCsat {
  score: number;
  comment: string | null;
  /** `survey` when the customer answered our survey; null when a connector recorded it. */
  source: string | null;
  at: IsoDateTime;
}

/** `GET /api/tickets/:id`: the ticket, its timeline, and the facts a reviewer reads first. */
export interface TicketRecord extends TicketDetail, TicketHandling {
  /** Resolve → end of wrap-up of the latest resolution, in seconds; null while it runs or before. */
  wrapUpSeconds: number | null;
  /** Created → first accept, in seconds; null when never accepted. */
  waitedSeconds: number | null;
  abandonedAt: IsoDateTime | null;
  /** Times it was transferred. */
  transfers: number;
  csat: TicketCsat | null;
}
