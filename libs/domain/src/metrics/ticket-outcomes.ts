import type { TicketEventType } from '@switchboard/contracts';
import { addCounters, emptyCounters, type IntervalCounters } from './definitions.js';
import { factCounters } from './live-queue-metrics.js';
import { MetricFactProjector, type MetricEvent } from './metric-facts.js';

/**
 * The only event types ticketOutcomes depends on, so a caller may read just these from the log
 * (offers, queue moves and notes are most of it). The spec holds this list to the projector.
 */
export const OUTCOME_EVENT_TYPES = [
  'ticket.accepted',
  'ticket.transferred',
  'ticket.resolved',
  'ticket.reopened',
  'ticket.repeat_contact',
  'ticket.csat_recorded',
] as const satisfies readonly TicketEventType[];

export interface TicketOutcomes {
  /** Resolutions, first-contact ones (as of the last event), ratings, ratings of 4–5. */
  counters: Pick<IntervalCounters, 'resolved' | 'fcrResolved' | 'ratings' | 'positiveRatings'>;
  /** Sum of the rating scores, for a mean. */
  ratingSum: number;
  /** The latest resolution: FCR stays provisional until it is older than the FCR window. */
  lastResolutionAtMs: number | null;
}

/**
 * Resolutions, FCR and ratings over whole ticket logs with no time window — one customer's
 * history, say — through the same MetricFactProjector as the queue metrics, so FCR and CSAT mean
 * here exactly what they mean on the wallboard. `events`: for each ticket included, all its
 * events (or all of OUTCOME_EVENT_TYPES), in log order.
 */
export function ticketOutcomes(events: Iterable<MetricEvent>): TicketOutcomes {
  const counters = emptyCounters();
  /** First-contact resolutions per ticket, until a reopen or repeat contact withdraws them. */
  const firstContact = new Map<string, number>();
  let ratingSum = 0;
  let lastResolutionAtMs: number | null = null;
  const projector = new MetricFactProjector({
    fact(fact) {
      if (fact.kind !== 'resolved' && fact.kind !== 'rated') return;
      // The service-level threshold only classifies answers and abandons: none here.
      addCounters(counters, factCounters(fact, 0));
      if (fact.kind === 'rated') {
        ratingSum += fact.score;
      } else {
        lastResolutionAtMs = Math.max(lastResolutionAtMs ?? fact.atMs, fact.atMs);
        if (fact.fcr) firstContact.set(fact.ticketId, (firstContact.get(fact.ticketId) ?? 0) + 1);
      }
    },
    fcrLost(ticketId) {
      counters.fcrResolved -= firstContact.get(ticketId) ?? 0;
      firstContact.delete(ticketId);
    },
  });
  for (const event of events) projector.apply(event);
  const { resolved, fcrResolved, ratings, positiveRatings } = counters;
  return { counters: { resolved, fcrResolved, ratings, positiveRatings }, ratingSum, lastResolutionAtMs };
}
