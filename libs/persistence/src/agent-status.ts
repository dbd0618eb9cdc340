import type { AgentStatus } from '@switchboard/contracts';
import type { EntityManager } from 'typeorm';
import { AgentEntity } from './entities/agent.entity.js';
import { OfferEntity } from './entities/offer.entity.js';
import { TicketEntity } from './entities/ticket.entity.js';
import { appendAgentEvent, appendTicketEvent, requeueTicket } from './ticket-events.js';

export interface StatusChange {
  /** Offers taken back because the agent left: the caller tells the agent and re-routes the tickets. */
  rescinded: { offerId: string; ticketId: string; token: string; priority: number }[];
  changed: boolean;
}

/**
 * Sets what the agent chose (or what the system decided: missed offers, lost connection).
 * Leaving `available` takes back pending offers; their tickets return to the head of their
 * queues. Lock order offer → ticket → agent, as everywhere. Returns null for an unknown agent.
 */
export async function changeAgentStatus(
  manager: EntityManager,
  agentId: string,
  status: AgentStatus,
  reason: string | null,
  actorId: string | null,
  now: Date,
): Promise<StatusChange | null> {
  const pending =
    status === 'available'
      ? []
      : await manager.find(OfferEntity, { where: { agentId, status: 'pending' }, lock: { mode: 'pessimistic_write' } });
  const tickets: TicketEntity[] = [];
  for (const offer of pending) {
    tickets.push(
      await manager.findOneOrFail(TicketEntity, { where: { id: offer.ticketId }, lock: { mode: 'pessimistic_write' } }),
    );
  }
  const agent = await manager.findOne(AgentEntity, {
    where: { userId: agentId },
    lock: { mode: 'pessimistic_write' },
    loadEagerRelations: false,
  });
  if (!agent) return null;

  const rescinded: StatusChange['rescinded'] = [];
  for (const [i, offer] of pending.entries()) {
    const ticket = tickets[i]!;
    await manager.update(OfferEntity, { id: offer.id }, { status: 'rescinded', respondedAt: now });
    await appendTicketEvent(manager, ticket, {
      type: 'ticket.offer_rescinded',
      at: now,
      actorId,
      data: { offerId: offer.id, agentId, reason: 'agent-unavailable' },
    });
    const token = await requeueTicket(manager, ticket, {
      type: 'ticket.queued',
      at: now,
      actorId,
      data: { after: 'offer-rescinded' },
    });
    rescinded.push({ offerId: offer.id, ticketId: ticket.id, token, priority: ticket.priority });
  }

  const newReason = status === 'away' ? (reason ?? 'away') : null;
  const changed = agent.status !== status || agent.statusReason !== newReason;
  if (changed) {
    await manager.update(
      AgentEntity,
      { userId: agentId },
      {
        status,
        statusReason: newReason,
        statusSince: now,
        missedOffers: status === 'available' ? 0 : agent.missedOffers,
        idleSince: status === 'available' ? now : agent.idleSince,
      },
    );
    await appendAgentEvent(
      manager,
      agentId,
      'agent.status_changed',
      now,
      { from: agent.status, to: status, reason: newReason },
      actorId,
    );
  }
  return { rescinded, changed };
}
