import type { OfferRescindReason, OfferStatus, TicketEventType } from '@switchboard/contracts';

/**
 * Why an offer ends. The agent answers it (`accept`, `decline`), its deadline passes (`expire`,
 * from its timer or the reconciler), the customer gives up (`abandon`), the agent stops being
 * routable (`agent-unavailable`: a status change, a disabled account, a new role;
 * `disconnected`: no connection for the grace period), a supervisor moves the ticket (`move`),
 * or the reconciler finds the offer contradicting its ticket (`reconcile`).
 */
export const OFFER_END_CAUSES = [
  'accept',
  'decline',
  'expire',
  'abandon',
  'agent-unavailable',
  'disconnected',
  'move',
  'reconcile',
] as const;
export type OfferEndCause = (typeof OFFER_END_CAUSES)[number];

/** The offer as the rule sees it: its stored status, and for a pending one whether its deadline has passed. */
export const OFFER_STATES = ['pending', 'overdue', 'accepted', 'declined', 'expired', 'rescinded'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export function offerState(status: OfferStatus, expiresAt: Date, now: Date): OfferState {
  if (status !== 'pending') return status;
  return expiresAt.getTime() <= now.getTime() ? 'overdue' : 'pending';
}

/**
 * What the ticket does once its offer ended:
 * - `in-progress`: the agent has it;
 * - `head-of-queue`: back in its queue, keeping its place (its enqueue time), routed again;
 * - `cause-decides`: the cause moves it on itself (abandoned, transferred).
 */
export type TicketAfterOffer = 'in-progress' | 'head-of-queue' | 'cause-decides';

/** The agent's consecutive missed offers: an answer clears them, a timeout adds one, a rescind leaves them. */
export type MissedOffers = 'reset' | 'increment' | 'keep';

export interface OfferEnded {
  kind: 'ended';
  offerStatus: Exclude<OfferStatus, 'pending'>;
  /**
   * The one ticket event that records the end. When the ticket goes back to its queue it is that
   * transition (with `from`/`to`); otherwise the cause's own transition follows it.
   */
  event: { type: TicketEventType; reason?: OfferRescindReason };
  ticket: TicketAfterOffer;
  missedOffers: MissedOffers;
  /** Sent to the agent's screens as `offer.rescinded`; null when the agent ended it themselves. */
  notifyAgent: OfferRescindReason | null;
  /**
   * The agent may have room for other work now. Only worth a routing pass while they stay
   * available (the caller checks their status and capacity).
   */
  agentMayTakeMore: boolean;
}

export type OfferEnding =
  | OfferEnded
  /** The agent asked for something the offer's state no longer allows: 409 with this message. */
  | { kind: 'refused'; message: string }
  /** A system cause found the offer already ended: nothing to do (timers and retries are idempotent). */
  | { kind: 'stale' }
  /** The timer fired before the deadline (clocks of two processes disagree): look again at the deadline. */
  | { kind: 'not-yet' };

const AGENT_CAUSES: ReadonlySet<OfferEndCause> = new Set(['accept', 'decline']);

function rescinded(reason: OfferRescindReason, ticket: TicketAfterOffer, agentMayTakeMore: boolean): OfferEnded {
  return {
    kind: 'ended',
    offerStatus: 'rescinded',
    event: { type: 'ticket.offer_rescinded', reason },
    ticket,
    missedOffers: 'keep',
    notifyAgent: reason,
    agentMayTakeMore,
  };
}

/**
 * The offer lifecycle, cause × state → outcome (DESIGN.md, invariant 7). Every path that ends an
 * offer asks this function and applies its answer through one persistence function, so an
 * offer ends the same way whoever ends it.
 */
export function offerEnding(cause: OfferEndCause, state: OfferState): OfferEnding {
  if (state !== 'pending' && state !== 'overdue') {
    return AGENT_CAUSES.has(cause)
      ? { kind: 'refused', message: `offer is ${state}, no longer pending` }
      : { kind: 'stale' };
  }
  switch (cause) {
    case 'accept':
      if (state === 'overdue') return { kind: 'refused', message: 'offer has expired' };
      return {
        kind: 'ended',
        offerStatus: 'accepted',
        event: { type: 'ticket.accepted' },
        ticket: 'in-progress',
        missedOffers: 'reset',
        notifyAgent: null,
        // Capacity may be left on other channels (chats, e-mails).
        agentMayTakeMore: true,
      };
    case 'decline':
      // A late answer is still an answer: the agent was there, so it is not a miss.
      return {
        kind: 'ended',
        offerStatus: 'declined',
        event: { type: 'ticket.offer_declined' },
        ticket: 'head-of-queue',
        missedOffers: 'reset',
        notifyAgent: null,
        agentMayTakeMore: true,
      };
    case 'expire':
      if (state === 'pending') return { kind: 'not-yet' };
      return {
        kind: 'ended',
        offerStatus: 'expired',
        event: { type: 'ticket.offer_expired' },
        ticket: 'head-of-queue',
        missedOffers: 'increment',
        notifyAgent: 'timeout',
        agentMayTakeMore: true,
      };
    case 'abandon':
      return rescinded('abandoned', 'cause-decides', true);
    case 'agent-unavailable':
    case 'disconnected':
      return rescinded('agent-unavailable', 'head-of-queue', false);
    case 'move':
      return rescinded('reassigned', 'cause-decides', true);
    case 'reconcile':
      return rescinded('reassigned', 'head-of-queue', true);
  }
}
