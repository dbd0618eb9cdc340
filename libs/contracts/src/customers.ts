import type { Channel, CustomerTier, IsoDateTime } from './common.js';
import type { TicketStatus } from './tickets.js';

/** Lists in a customer's 360 view hold at most this many entries, newest first; the summary counts all. */
export const CUSTOMER_HISTORY_LIMIT = 50;

/** The customer's profile as the CRM and intake know it. */
export interface CustomerProfile {
  id: string;
  externalId: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
  /** In the account currency, two decimals. */
  lifetimeValue: number;
  /** e.g. "tr", "en"; null when unknown. */
  language: string | null;
  createdAt: IsoDateTime;
}

/** The customer's whole history in figures (all tickets, not only the listed ones). */
export interface CustomerHistorySummary {
  tickets: number;
  resolved: number;
  abandoned: number;
  /** Neither resolved nor abandoned: waiting, with an agent, in wrap-up, reopened … */
  open: number;
  /**
   * First-contact resolutions / resolutions of this customer's tickets, by the FCR metric's own
   * definition (`GET /api/metrics/definitions`); null before any resolution.
   */
  firstContactResolutionPercent: number | null;
  /** True while a resolution is younger than the FCR window: a repeat contact may still withdraw it. */
  firstContactResolutionProvisional: boolean;
  csat: {
    /** Mean rating, 1–5, rounded to 0.01; null without ratings. */
    average: number | null;
    /** Ratings of 4–5 / ratings (the CSAT metric's definition); null without ratings. */
    positivePercent: number | null;
    responses: number;
  };
  /** When the latest ticket was created; null without tickets. */
  lastContactAt: IsoDateTime | null;
}

export interface CustomerTicket {
  id: string;
  subject: string;
  channel: Channel;
  /** Queue key. */
  queue: string;
  category: string | null;
  status: TicketStatus;
  priority: number;
  createdAt: IsoDateTime;
  resolvedAt: IsoDateTime | null;
  resolutionCode: string | null;
  /** The latest rating of the ticket, 1–5; null when not rated. */
  csatRating: number | null;
  /** Who has it now, or who resolved it; null while it waits in a queue or is being transferred. */
  assignedAgent: { id: string; name: string } | null;
}

export interface CustomerCsatAnswer {
  ticketId: string;
  /** 1 (very dissatisfied) – 5 (very satisfied). */
  rating: number;
  comment: string | null;
  at: IsoDateTime;
}

/** Tickets of the customer on one channel. */
export interface CustomerChannelContacts {
  channel: Channel;
  count: number;
}

/**
 * `GET /api/customers/:id`: the customer 360 the agent desk shows beside a ticket.
 * `tickets` and `csat` hold the newest CUSTOMER_HISTORY_LIMIT entries.
 */
export interface CustomerDetail {
  customer: CustomerProfile;
  summary: CustomerHistorySummary;
  /** Channels the customer used, most used first. */
  contacts: CustomerChannelContacts[];
  /** Newest first. */
  tickets: CustomerTicket[];
  /** Newest first. */
  csat: CustomerCsatAnswer[];
}
