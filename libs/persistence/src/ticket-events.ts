import type { TicketEventType, TicketStatus } from '@switchboard/contracts';
import { assertTransition } from '@switchboard/domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AgentEventEntity, type AgentEventType } from './entities/agent-event.entity.js';
import { TicketEventEntity } from './entities/ticket-event.entity.js';
import { TicketEntity } from './entities/ticket.entity.js';

export interface EventInput {
  type: TicketEventType;
  at: Date;
  actorId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends one event to a ticket's log. Call inside the transaction that changes the
 * ticket, with the ticket row locked or freshly inserted, so the per-ticket sequence
 * cannot race.
 */
export async function appendTicketEvent(
  manager: EntityManager,
  ticket: TicketEntity,
  event: EventInput,
): Promise<TicketEventEntity> {
  ticket.lastEventSeq += 1;
  await manager.update(TicketEntity, { id: ticket.id }, { lastEventSeq: ticket.lastEventSeq });
  return manager.save(
    manager.create(TicketEventEntity, {
      ticketId: ticket.id,
      seq: ticket.lastEventSeq,
      type: event.type,
      at: event.at,
      actorId: event.actorId ?? null,
      data: event.data ?? {},
    }),
  );
}

/**
 * The only way a ticket changes status: checks the lifecycle, saves the new status
 * and its event in the caller's transaction.
 */
export async function transitionTicket(
  manager: EntityManager,
  ticket: TicketEntity,
  to: TicketStatus,
  event: EventInput,
  changes: Partial<
    Pick<
      TicketEntity,
      | 'assignedAgentId'
      | 'enqueuedAt'
      | 'resolvedAt'
      | 'resolutionCode'
      | 'resolutionNote'
      | 'queueId'
      | 'routingToken'
      | 'acceptedAt'
    >
  > = {},
): Promise<TicketEventEntity> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('transitionTicket must run inside a transaction');
  }
  assertTransition(ticket.status, to);
  const from = ticket.status;
  ticket.status = to;
  Object.assign(ticket, changes);
  await manager.update(TicketEntity, { id: ticket.id }, { status: to, ...changes });
  return appendTicketEvent(manager, ticket, { ...event, data: { from, to, ...event.data } });
}

/**
 * Puts a ticket (back) in its queue with a fresh routing token; the caller adds the
 * `ticket.route` job for that token after commit. Keeps `enqueuedAt` when the ticket returns
 * from an offer, so it goes back to the head of its queue.
 */
export async function requeueTicket(
  manager: EntityManager,
  ticket: TicketEntity,
  event: EventInput,
  changes: { enqueuedAt?: Date; queueId?: string } = {},
): Promise<string> {
  const token = randomUUID();
  await transitionTicket(manager, ticket, 'queued', event, { routingToken: token, assignedAgentId: null, ...changes });
  return token;
}

export async function appendAgentEvent(
  manager: EntityManager,
  agentId: string,
  type: AgentEventType,
  at: Date,
  data: Record<string, unknown> = {},
  actorId: string | null = null,
): Promise<void> {
  await manager.save(manager.create(AgentEventEntity, { agentId, type, at, data, actorId }));
}
