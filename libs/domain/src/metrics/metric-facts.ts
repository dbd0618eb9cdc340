import type { TicketEventType } from '@switchboard/contracts';

/** One row of ticket_events, as the metric engine reads it. */
export interface MetricEvent {
  ticketId: string;
  seq: number;
  type: TicketEventType;
  atMs: number;
  data: Record<string, unknown>;
  actorId: string | null;
  /** The ticket's queue now: used for events of a ticket whose earlier events were not read. */
  ticketQueue: string;
}

/** What one event contributes to the figures of one queue at one instant. */
export type MetricFact =
  | { kind: 'entered'; queue: string; atMs: number; ticketId: string }
  | { kind: 'answered'; queue: string; atMs: number; ticketId: string; waitMs: number }
  | { kind: 'abandoned'; queue: string; atMs: number; ticketId: string; waitMs: number }
  | { kind: 'handled'; queue: string; atMs: number; ticketId: string; handleMs: number; agentId: string | null }
  | { kind: 'resolved'; queue: string; atMs: number; ticketId: string; fcr: boolean }
  | { kind: 'rated'; queue: string; atMs: number; ticketId: string; score: number; survey: boolean }
  | { kind: 'surveyed'; queue: string; atMs: number; ticketId: string };

export interface OpenVisit {
  ticketId: string;
  queue: string;
  sinceMs: number;
}

/** Per-ticket state the projection needs between events. */
interface TicketProgress {
  queue: string | null;
  visit: OpenVisit | null;
  /** `from` of the latest ticket.offered: a declined transfer offer puts the customer back in a queue. */
  lastOfferFrom: string | null;
  acceptedAtMs: number | null;
  acceptedBy: string | null;
  accepts: number;
  transfers: number;
  /** Reopened, or the customer came back about the same thing: no resolution of it is first-contact. */
  fcrLost: boolean;
  lastAtMs: number;
  /** The status after the latest transition. */
  status: string | null;
}

/** Events that end a queue visit, whether answered or not. */
const CLOSING: ReadonlySet<TicketEventType> = new Set<TicketEventType>([
  'ticket.accepted',
  'ticket.abandoned',
  'ticket.transferred',
  'ticket.callback_scheduled',
]);

/** Statuses after which only a rating, a repeat contact or a reopen can follow. */
const FINAL: ReadonlySet<string> = new Set(['resolved', 'abandoned']);

/** Statuses a ticket comes from when it (re-)enters a queue as a new visit. */
const VISIT_SOURCES: ReadonlySet<string> = new Set(['new', 'transferred', 'reopened', 'callback_scheduled']);

export interface FactSink {
  fact(fact: MetricFact): void;
  /** A resolution of this ticket counted as first-contact no longer is. */
  fcrLost(ticketId: string): void;
}

/**
 * Turns the ticket event log, read in order, into metric facts (version 1 of the definitions in
 * definitions.ts). The historical SQL (libs/persistence, metrics-history.ts) encodes the same
 * rules; a replay test holds the two together.
 *
 * - A queue visit begins when a ticket becomes `queued` from `new`, `transferred`, `reopened` or
 *   `callback_scheduled`, or from an offer that a transfer made (declined or timed out): the
 *   customer is waiting in a queue again. An offer going back to the queue keeps the visit.
 * - It ends at the first accept, abandon, transfer or scheduled callback; only an accept that
 *   ends an open visit is "answered", only an abandon that does is "abandoned".
 * - A handle runs from an accept to the next wrap-up end or transfer on.
 * - Every other fact belongs to the queue of the ticket's latest visit.
 */
export class MetricFactProjector {
  private readonly tickets = new Map<string, TicketProgress>();
  private readonly open = new Map<string, Map<string, OpenVisit>>();

  constructor(private readonly sink: FactSink) {}

  apply(e: MetricEvent): void {
    let t = this.tickets.get(e.ticketId);
    if (!t) {
      t = {
        queue: null,
        visit: null,
        lastOfferFrom: null,
        acceptedAtMs: null,
        acceptedBy: null,
        accepts: 0,
        transfers: 0,
        fcrLost: false,
        lastAtMs: e.atMs,
        status: null,
      };
      this.tickets.set(e.ticketId, t);
    }
    t.lastAtMs = e.atMs;
    const from = typeof e.data.from === 'string' ? e.data.from : undefined;
    const to = typeof e.data.to === 'string' ? e.data.to : undefined;
    const current = () => t.queue ?? e.ticketQueue;
    if (to !== undefined) t.status = to;

    if (e.type === 'ticket.offered') t.lastOfferFrom = from ?? null;

    if (
      to === 'queued' &&
      from !== undefined &&
      (VISIT_SOURCES.has(from) || (from === 'offered' && t.lastOfferFrom === 'transferred'))
    ) {
      const queue = typeof e.data.queue === 'string' ? e.data.queue : e.ticketQueue;
      if (t.visit) this.closeVisit(t.visit);
      t.queue = queue;
      t.visit = { ticketId: e.ticketId, queue, sinceMs: e.atMs };
      this.openVisits(queue).set(e.ticketId, t.visit);
      this.sink.fact({ kind: 'entered', queue, atMs: e.atMs, ticketId: e.ticketId });
    }

    if (CLOSING.has(e.type)) {
      const visit = t.visit;
      if (visit) {
        const waitMs = e.atMs - visit.sinceMs;
        if (e.type === 'ticket.accepted')
          this.sink.fact({ kind: 'answered', queue: visit.queue, atMs: e.atMs, ticketId: e.ticketId, waitMs });
        else if (e.type === 'ticket.abandoned')
          this.sink.fact({ kind: 'abandoned', queue: visit.queue, atMs: e.atMs, ticketId: e.ticketId, waitMs });
        this.closeVisit(visit);
        t.visit = null;
      }
    }

    if (e.type === 'ticket.accepted') {
      t.acceptedAtMs = e.atMs;
      t.acceptedBy = typeof e.data.agentId === 'string' ? e.data.agentId : e.actorId;
      t.accepts++;
    } else if (e.type === 'ticket.wrap_up_completed' || (e.type === 'ticket.transferred' && from === 'in_progress')) {
      if (t.acceptedAtMs !== null) {
        this.sink.fact({
          kind: 'handled',
          queue: current(),
          atMs: e.atMs,
          ticketId: e.ticketId,
          handleMs: e.atMs - t.acceptedAtMs,
          agentId: t.acceptedBy,
        });
      }
      t.acceptedAtMs = null;
    }
    if (e.type === 'ticket.transferred') t.transfers++;

    if (e.type === 'ticket.resolved') {
      const fcr = t.accepts === 1 && t.transfers === 0 && !t.fcrLost;
      this.sink.fact({ kind: 'resolved', queue: current(), atMs: e.atMs, ticketId: e.ticketId, fcr });
    } else if (e.type === 'ticket.reopened' || e.type === 'ticket.repeat_contact') {
      if (!t.fcrLost) this.sink.fcrLost(e.ticketId);
      t.fcrLost = true;
    } else if (e.type === 'ticket.csat_recorded' && typeof e.data.score === 'number') {
      this.sink.fact({
        kind: 'rated',
        queue: current(),
        atMs: e.atMs,
        ticketId: e.ticketId,
        score: e.data.score,
        survey: e.data.source === 'survey',
      });
    } else if (e.type === 'ticket.survey_offered') {
      this.sink.fact({ kind: 'surveyed', queue: current(), atMs: e.atMs, ticketId: e.ticketId });
    }
  }

  /** Customers waiting in `queue` now, oldest first not guaranteed. */
  waiting(queue: string): Iterable<OpenVisit> {
    return this.open.get(queue)?.values() ?? [];
  }

  waitingSummary(queue: string, asOfMs: number): { waiting: number; longestWaitSeconds: number } {
    let oldest = Infinity;
    let waiting = 0;
    for (const visit of this.waiting(queue)) {
      waiting++;
      if (visit.sinceMs < oldest) oldest = visit.sinceMs;
    }
    return { waiting, longestWaitSeconds: waiting > 0 ? Math.max(0, Math.round(asOfMs - oldest) / 1000) : 0 };
  }

  /**
   * Forgets resolved and abandoned tickets with no event since `beforeMs` (a ticket waiting for a
   * callback, or in any other state, keeps its history). A later event of one
   * (a rating, a reopen) starts from a blank state, which gives the same facts: its queue falls
   * back to the ticket's current queue and a reopened ticket's FCR is lost either way.
   */
  prune(beforeMs: number): number {
    let removed = 0;
    for (const [id, t] of this.tickets) {
      if (t.lastAtMs < beforeMs && FINAL.has(t.status ?? '') && !t.visit && t.acceptedAtMs === null) {
        this.tickets.delete(id);
        removed++;
      }
    }
    return removed;
  }

  get trackedTickets(): number {
    return this.tickets.size;
  }

  private openVisits(queue: string): Map<string, OpenVisit> {
    let visits = this.open.get(queue);
    if (!visits) this.open.set(queue, (visits = new Map()));
    return visits;
  }

  private closeVisit(visit: OpenVisit): void {
    this.open.get(visit.queue)?.delete(visit.ticketId);
  }
}
