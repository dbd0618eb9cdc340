import type { AgentStatus } from '@switchboard/contracts';
import { mayTakeWork } from './agents.js';
import type { WorkEffects } from './effects.js';
import { endOffer, type EndOfferContext } from './offers.js';
import type { AgentRow, OfferRow, TicketRow } from './rows.js';
import type { Tx } from './unit-of-work.js';

/**
 * Transitions that involve an agent's row besides a ticket's. The caller holds every row named
 * (ticket before agent), has checked who may do it, and runs them inside one unit of work.
 */

/** The agent after a change, as mayTakeWork sees them. */
function agentAfter(agent: AgentRow, changes: Partial<AgentRow>): AgentRow {
  return { ...agent, ...changes };
}

export interface Resolution {
  resolutionCode: string;
  note: string | null;
  actorId: string;
  now: Date;
}

/**
 * Resolves a ticket in progress; its agent then does after-contact work for the queue's wrap-up
 * time (or is free at once when it has none). A wrap-up of another ticket still running (several
 * chats at once) ends here: `runningWrapUp` is that ticket, held by the caller before the agent.
 */
export function resolveTicket<E extends WorkEffects>(
  tx: Tx<E>,
  ticket: TicketRow,
  agent: AgentRow,
  resolution: Resolution,
  runningWrapUp: TicketRow | null,
): void {
  const { now } = resolution;
  const agentId = agent.id;
  const handleSeconds = ticket.acceptedAt ? (now.getTime() - ticket.acceptedAt.getTime()) / 1000 : null;
  const wrapUpSeconds = ticket.queue.wrapUpSeconds;
  tx.transition(
    ticket,
    'resolved',
    {
      type: 'ticket.resolved',
      at: now,
      actorId: resolution.actorId,
      data: { resolutionCode: resolution.resolutionCode, note: resolution.note, agentId, handleSeconds },
    },
    { resolutionCode: resolution.resolutionCode, resolutionNote: resolution.note, resolvedAt: now },
    // No wrap-up time in this queue: after-contact work is over as soon as it began.
    wrapUpSeconds > 0 ? [] : [{ type: 'ticket.wrap_up_completed', at: now, data: { agentId, manual: false } }],
  );
  let held = agent;
  if (runningWrapUp && agent.wrapUpTicketId === runningWrapUp.id) {
    held = endWrapUp(tx, agent, runningWrapUp, now, null, { routeAfter: false });
  }
  // The ticket is no longer in progress: the triggers give back its unit of the channel.
  const load = { ...held.load, [ticket.channel]: Math.max(0, held.load[ticket.channel] - 1) };
  if (wrapUpSeconds > 0) {
    const until = new Date(now.getTime() + wrapUpSeconds * 1000);
    tx.changeAgent(agentId, { wrapUpUntil: until, wrapUpTicketId: ticket.id });
    tx.agentEvent(agentId, 'agent.wrap_up_started', now, { ticketId: ticket.id, until: until.toISOString() });
    tx.effects.wrapUpStarted(agentId, ticket.id, until);
  } else {
    tx.changeAgent(agentId, { idleSince: now });
    if (mayTakeWork(agentAfter(held, { load, idleSince: now }), now)) {
      tx.effects.agentFreed(agentId, agent.queueIds, 'ticket-resolved');
    }
  }
}

/**
 * Ends an agent's wrap-up of `ticket` (its timer fired, the agent pressed Done, or their next
 * ticket's wrap-up began). The caller checked that it is this wrap-up that runs. Returns the
 * agent as they are after it.
 */
export function endWrapUp<E extends WorkEffects>(
  tx: Tx<E>,
  agent: AgentRow,
  ticket: TicketRow,
  now: Date,
  actorId: string | null,
  options: { routeAfter?: boolean } = {},
): AgentRow {
  const manual = actorId !== null;
  tx.changeAgent(agent.id, { wrapUpUntil: null, wrapUpTicketId: null, idleSince: now });
  tx.agentEvent(agent.id, 'agent.wrap_up_ended', now, { ticketId: ticket.id, manual }, actorId);
  tx.append(ticket, [{ type: 'ticket.wrap_up_completed', at: now, actorId, data: { agentId: agent.id, manual } }]);
  // Ended before its timer: the timer job has nothing to do.
  if (agent.wrapUpUntil && agent.wrapUpUntil.getTime() > now.getTime()) {
    tx.effects.wrapUpEnded(agent.id, ticket.id, agent.wrapUpUntil);
  }
  const after = agentAfter(agent, { wrapUpUntil: null, wrapUpTicketId: null, idleSince: now });
  if ((options.routeAfter ?? true) && mayTakeWork(after, now)) {
    tx.effects.agentFreed(agent.id, agent.queueIds, 'wrap-up-ended');
  }
  return after;
}

export interface StatusChange {
  status: AgentStatus;
  reason: string | null;
  actorId: string | null;
  /** Why pending offers end when the agent leaves `available`. */
  cause: 'agent-unavailable' | 'disconnected';
}

/**
 * Sets what the agent chose (or what the system decided: a lost connection, a disabled account).
 * Leaving `available` ends their pending offers (`held`, locked with their tickets before the
 * agent); those tickets go back to the head of their queues. Coming back makes them routable at once.
 */
export function changeAgentStatus<E extends WorkEffects>(
  tx: Tx<E>,
  agent: AgentRow,
  held: readonly { offer: OfferRow; ticket: TicketRow }[],
  change: StatusChange,
  context: Omit<EndOfferContext, 'actorId'>,
): { changed: boolean; offersEnded: number } {
  const { now } = context;
  let offersEnded = 0;
  if (change.status !== 'available') {
    for (const { offer, ticket } of held) {
      const ended = endOffer(tx, { offer, ticket, agent }, change.cause, { ...context, actorId: change.actorId });
      if (ended.kind === 'ended') offersEnded++;
    }
  }
  const reason = change.status === 'away' ? (change.reason ?? 'away') : null;
  const changed = agent.status !== change.status || agent.statusReason !== reason;
  if (changed) {
    const available = change.status === 'available';
    tx.changeAgent(agent.id, {
      status: change.status,
      statusReason: reason,
      statusSince: now,
      missedOffers: available ? 0 : agent.missedOffers,
      idleSince: available ? now : agent.idleSince,
    });
    tx.agentEvent(
      agent.id,
      'agent.status_changed',
      now,
      { from: agent.status, to: change.status, reason },
      change.actorId,
    );
    tx.effects.agentStatusChanged(agent.id, {
      status: change.status,
      reason,
      since: now.toISOString(),
      changedBy: change.actorId === null ? 'system' : change.actorId === agent.id ? 'self' : 'supervisor',
    });
  }
  if (change.status === 'available' && mayTakeWork(agentAfter(agent, { status: 'available' }), now)) {
    tx.effects.agentFreed(agent.id, agent.queueIds, 'became-available');
  }
  return { changed, offersEnded };
}
