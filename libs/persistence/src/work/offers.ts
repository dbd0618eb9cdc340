import type { OfferCreatedEvent, TicketEventView } from '@switchboard/contracts';
import {
  offerEnding,
  offerState,
  shouldSetAwayAfterMiss,
  type OfferEndCause,
  type OfferEnding,
} from '@switchboard/domain';
import { randomUUID } from 'node:crypto';
import { mayTakeWork } from './agents.js';
import type { WorkEffects } from './effects.js';
import {
  AGENT_JSON,
  agentFromJson,
  OFFER_JSON,
  offerFromJson,
  TICKET_JSON,
  ticketFromJson,
  ticketSummary,
  type AgentRow,
  type OfferRow,
  type TicketRow,
} from './rows.js';
import { statement } from './sql.js';
import { TIMELINE_JSON } from './ticket-detail.js';
import { lockTicket } from './tickets.js';
import type { Tx } from './unit-of-work.js';

/** An offer with everything ending it touches, all three rows locked (offer → ticket → agent). */
export interface HeldOffer {
  offer: OfferRow;
  ticket: TicketRow;
  agent: AgentRow;
}

/**
 * Offer, ticket and agent in one round trip. PostgreSQL locks the rows of one statement in the
 * order of its FROM list, which is the unit of work's order.
 */
const lockOfferSql = (extra: string) => `SELECT ${TICKET_JSON()} AS ticket, ${OFFER_JSON()} AS offer,
          ${AGENT_JSON()} AS agent${extra}
     FROM offers o JOIN tickets t ON t.id = o.ticket_id JOIN queues q ON q.id = t.queue_id
          JOIN customers c ON c.id = t.customer_id JOIN agents a ON a.user_id = o.agent_id JOIN users u ON u.id = a.user_id
    WHERE o.id = $1 FOR UPDATE OF o, t, a`;

const LOCK_OFFER = statement('lock_offer', lockOfferSql(''));

/** LOCK_OFFER, with the ticket's description and timeline, for an answer that shows the ticket. */
const LOCK_OFFER_WITH_TIMELINE = statement(
  'lock_offer_with_timeline',
  lockOfferSql(`, t.description, ${TIMELINE_JSON('NULL')} AS timeline`),
);

const PENDING_OFFER_OF_TICKET = statement(
  'lock_pending_offer_of_ticket',
  `SELECT ${OFFER_JSON()} AS offer FROM offers o WHERE o.ticket_id = $1 AND o.status = 'pending' FOR UPDATE OF o`,
);
const PENDING_OFFERS_OF_AGENT = statement(
  'lock_pending_offers_of_agent',
  `SELECT ${OFFER_JSON()} AS offer FROM offers o WHERE o.agent_id = $1 AND o.status = 'pending' ORDER BY o.id FOR UPDATE OF o`,
);

/** Locks an offer with its ticket and agent; null when there is no such offer. */
export async function lockOffer<E>(tx: Tx<E>, offerId: string): Promise<HeldOffer | null> {
  return (await lockOfferRows(tx, offerId, LOCK_OFFER))?.held ?? null;
}

/** As lockOffer, with the ticket's description and timeline so far (to answer with the ticket's detail). */
export async function lockOfferWithTimeline<E>(
  tx: Tx<E>,
  offerId: string,
): Promise<(HeldOffer & { description: string | null; timeline: TicketEventView[] }) | null> {
  const found = await lockOfferRows(tx, offerId, LOCK_OFFER_WITH_TIMELINE);
  if (!found) return null;
  const { description, timeline } = found.rest as { description: string | null; timeline: TicketEventView[] };
  return { ...found.held, description, timeline };
}

async function lockOfferRows<E>(
  tx: Tx<E>,
  offerId: string,
  lock: typeof LOCK_OFFER,
): Promise<{ held: HeldOffer; rest: Record<string, unknown> } | null> {
  tx.locking('offer');
  tx.locking('ticket');
  tx.locking('agent');
  const [row] = await tx.query<Record<string, Record<string, unknown>>>(lock, [offerId]);
  if (!row) return null;
  const { offer, agent, ticket, ...rest } = row;
  return {
    held: { offer: offerFromJson(offer!), ticket: tx.track(ticketFromJson(ticket!)), agent: agentFromJson(agent!) },
    rest,
  };
}

/** A ticket's pending offer (if any) and the ticket, in lock order; the agent follows with lockAgent. */
export async function lockTicketWithPendingOffer<E>(
  tx: Tx<E>,
  ticketId: string,
): Promise<{ ticket: TicketRow | null; offer: OfferRow | null }> {
  tx.locking('offer');
  const [row] = await tx.query<{ offer: Record<string, unknown> }>(PENDING_OFFER_OF_TICKET, [ticketId]);
  const ticket = await lockTicket(tx, ticketId);
  return { ticket, offer: row && ticket?.status === 'offered' ? offerFromJson(row.offer) : null };
}

/** An agent's pending offers with their tickets, in lock order (the agent's row is next). */
export async function lockPendingOffersOfAgent<E>(
  tx: Tx<E>,
  agentId: string,
): Promise<{ offer: OfferRow; ticket: TicketRow }[]> {
  tx.locking('offer');
  const rows = await tx.query<{ offer: Record<string, unknown> }>(PENDING_OFFERS_OF_AGENT, [agentId]);
  const held: { offer: OfferRow; ticket: TicketRow }[] = [];
  for (const offer of rows.map((row) => offerFromJson(row.offer))) {
    const ticket = await lockTicket(tx, offer.ticketId);
    if (ticket) held.push({ offer, ticket });
  }
  return held;
}

/**
 * Writes a pending offer of `ticket` to `agent` and moves the ticket to `offered`, with the
 * routing trace as event data; once committed the agent hears of it and its deadline starts.
 * The caller holds the ticket and has claimed the agent (claimAgent) or checked them under lock.
 */
export function createOffer<E extends WorkEffects>(
  tx: Tx<E>,
  ticket: TicketRow,
  agentId: string,
  routing: Record<string, unknown>,
  actorId: string | null,
  now: Date,
): OfferCreatedEvent {
  const offerId = randomUUID();
  const expiresAt = new Date(now.getTime() + ticket.queue.offerTimeoutSeconds * 1000);
  tx.insertOffer({ id: offerId, ticketId: ticket.id, agentId, createdAt: now, expiresAt, routing });
  tx.transition(ticket, 'offered', {
    type: 'ticket.offered',
    at: now,
    actorId,
    data: { offerId, agentId, expiresAt: expiresAt.toISOString(), routing },
  });
  // Only round-robin reads it; writing it for every offer would serialise a queue's claims on its row.
  if (ticket.queue.strategy === 'round-robin') tx.queueLastAssigned(ticket.queue.id, agentId);
  const created = { offerId, ticketId: ticket.id, expiresAt: expiresAt.toISOString(), ticket: ticketSummary(ticket) };
  tx.effects.offerCreated(agentId, created);
  return created;
}

export interface EndOfferContext {
  now: Date;
  /** A deadline this close counts as passed (a timer may fire a little early when clocks disagree). */
  graceMs?: number;
  /** Who ended it (the agent answering, the supervisor, the customer's connector); null for the system. */
  actorId: string | null;
  /** Consecutive misses after which an agent is set away. */
  maxMissedOffers: number;
}

export type EndedOffer = OfferEnding & { setAway?: boolean };

/**
 * The one way an offer ends (DESIGN.md, invariant 7): asks the offer lifecycle (libs/domain,
 * offerEnding) what `cause` does to the offer in its state, and applies the answer — the offer's
 * status, the ticket's event and next state, the agent's missed-offer count and status, and the
 * effects (the deadline job removed, the agent told, routing for the ticket and the agent).
 * For `cause-decides` outcomes the caller moves the ticket on in the same unit of work.
 */
export function endOffer<E extends WorkEffects>(
  tx: Tx<E>,
  held: HeldOffer,
  cause: OfferEndCause,
  context: EndOfferContext,
): EndedOffer {
  const { offer, ticket, agent } = held;
  const { now, actorId } = context;
  const ending = offerEnding(
    cause,
    offerState(offer.status, offer.expiresAt, new Date(now.getTime() + (context.graceMs ?? 0))),
  );
  if (ending.kind !== 'ended') return ending;

  tx.changeOffer(offer, { status: ending.offerStatus, respondedAt: now });
  tx.effects.offerEnded(offer.id, offer.agentId, ending.notifyAgent);
  const data = {
    offerId: offer.id,
    agentId: offer.agentId,
    ...(ending.event.reason ? { reason: ending.event.reason } : {}),
  };
  const event = { type: ending.event.type, at: now, actorId, data };

  if (ending.ticket === 'in-progress') {
    const waitSeconds = ticket.enqueuedAt ? (now.getTime() - ticket.enqueuedAt.getTime()) / 1000 : 0;
    tx.transition(
      ticket,
      'in_progress',
      { ...event, data: { ...data, waitSeconds } },
      { assignedAgentId: offer.agentId, acceptedAt: now },
    );
  } else if (ending.ticket === 'head-of-queue' && ticket.status === 'offered') {
    const token = randomUUID();
    tx.transition(ticket, 'queued', event, { routingToken: token, assignedAgentId: null });
    tx.effects.ticketWaiting(ticket.id, token, ticket.priority, 0);
  } else {
    tx.append(ticket, [event]);
  }

  // The agent's side: what they hold after this, their misses, and whether to look for more work.
  const after: AgentRow = {
    ...agent,
    pendingOffers: agent.pendingOffers - 1,
    load:
      ending.offerStatus === 'accepted'
        ? agent.load
        : { ...agent.load, [ticket.channel]: agent.load[ticket.channel] - 1 },
  };
  let setAway = false;
  if (ending.missedOffers === 'reset') {
    if (agent.missedOffers !== 0 || ending.offerStatus === 'accepted') {
      tx.changeAgent(agent.id, {
        missedOffers: 0,
        ...(ending.offerStatus === 'accepted' ? { idleSince: null } : {}),
      });
    }
    after.missedOffers = 0;
  } else if (ending.missedOffers === 'increment') {
    const missed = agent.missedOffers + 1;
    after.missedOffers = missed;
    tx.agentEvent(agent.id, 'agent.offer_missed', now, { offerId: offer.id, ticketId: ticket.id, consecutive: missed });
    setAway = shouldSetAwayAfterMiss(missed, context.maxMissedOffers) && agent.status === 'available';
    if (setAway) {
      tx.changeAgent(agent.id, {
        missedOffers: missed,
        status: 'away',
        statusReason: 'missed-offers',
        statusSince: now,
      });
      tx.agentEvent(agent.id, 'agent.status_changed', now, { from: agent.status, to: 'away', reason: 'missed-offers' });
      tx.effects.agentStatusChanged(agent.id, {
        status: 'away',
        reason: 'missed-offers',
        since: now.toISOString(),
        changedBy: 'system',
      });
      after.status = 'away';
    } else {
      tx.changeAgent(agent.id, { missedOffers: missed });
    }
  }
  if (ending.agentMayTakeMore && mayTakeWork(after, now)) {
    tx.effects.agentFreed(agent.id, agent.queueIds, `offer-${ending.offerStatus}`);
  }
  return { ...ending, setAway };
}
