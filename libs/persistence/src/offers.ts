import type { OfferCreatedEvent } from '@switchboard/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { CustomerEntity } from './entities/customer.entity.js';
import { OfferEntity } from './entities/offer.entity.js';
import { QueueEntity } from './entities/queue.entity.js';
import { TicketEntity } from './entities/ticket.entity.js';
import { transitionTicket } from './ticket-events.js';
import { toTicketSummary } from './ticket-view.js';

/**
 * Writes a pending offer of `ticket` to `agentId` and moves the ticket to `offered`, with the
 * routing trace as event data. The caller holds the ticket and agent rows and has checked the
 * agent's capacity; it schedules the timeout job and the socket event after commit.
 */
export async function createOffer(
  manager: EntityManager,
  ticket: TicketEntity,
  queue: QueueEntity,
  agentId: string,
  routing: Record<string, unknown>,
  actorId: string | null,
): Promise<OfferCreatedEvent> {
  // Read the clock now, after the locks: the claim may have waited for them.
  const now = new Date();
  const offerId = randomUUID();
  const expiresAt = new Date(now.getTime() + queue.offerTimeoutSeconds * 1000);
  await manager.insert(
    OfferEntity,
    manager.create(OfferEntity, {
      id: offerId,
      ticketId: ticket.id,
      agentId,
      status: 'pending',
      createdAt: now,
      expiresAt,
      routing,
    }) as QueryDeepPartialEntity<OfferEntity>,
  );
  await transitionTicket(manager, ticket, 'offered', {
    type: 'ticket.offered',
    at: now,
    actorId,
    data: { offerId, agentId, expiresAt: expiresAt.toISOString(), routing },
  });
  // Only round-robin reads it; writing it for every offer would serialise a queue's claims on its row.
  if (queue.strategy === 'round-robin') {
    await manager.update(QueueEntity, { id: queue.id }, { lastAssignedAgentId: agentId });
  }
  const customer = await manager.findOneByOrFail(CustomerEntity, { id: ticket.customerId });
  const summary = toTicketSummary(Object.assign(new TicketEntity(), ticket, { queue, customer, updatedAt: now }));
  return { offerId, ticketId: ticket.id, expiresAt: expiresAt.toISOString(), ticket: summary };
}
