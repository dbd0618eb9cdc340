import type { TicketEventType, TicketStatus } from '@switchboard/contracts';
import { assertTransition } from '@switchboard/domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
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
 * The ticket, row-locked, with its queue loaded, in one round trip (only the ticket row is
 * locked). `skipLocked`: null, instead of waiting, when another transaction holds the row.
 * `status`: null unless the ticket is in that status.
 */
export function lockTicketWithQueue(
  manager: EntityManager,
  ticketId: string,
  options: { skipLocked?: boolean; status?: TicketStatus } = {},
): Promise<TicketEntity | null> {
  const query = manager
    .createQueryBuilder(TicketEntity, 't')
    .innerJoinAndSelect('t.queue', 'q')
    .setLock('pessimistic_write', undefined, ['t'])
    .where('t.id = :id', { id: ticketId });
  if (options.skipLocked) query.setOnLocked('skip_locked');
  if (options.status) query.andWhere('t.status = :status', { status: options.status });
  return query.getOne();
}

/**
 * Appends events to a ticket's log, in order. Call inside the transaction that changes the
 * ticket, with the ticket row locked or freshly inserted, so the per-ticket sequence cannot
 * race. One UPDATE (sequence plus `ticketChanges`) and one INSERT, however many events.
 */
export async function appendTicketEvent(
  manager: EntityManager,
  ticket: TicketEntity,
  event: EventInput | EventInput[],
  ticketChanges: Partial<TicketEntity> = {},
): Promise<TicketEventEntity> {
  const events = Array.isArray(event) ? event : [event];
  if (events.length === 0) throw new Error('appendTicketEvent needs at least one event');
  const rows = events.map((e) =>
    manager.create(TicketEventEntity, {
      ticketId: ticket.id,
      seq: ++ticket.lastEventSeq,
      type: e.type,
      at: e.at,
      actorId: e.actorId ?? null,
      data: e.data ?? {},
    }),
  );
  await manager.update(TicketEntity, { id: ticket.id }, { ...ticketChanges, lastEventSeq: ticket.lastEventSeq });
  await manager.insert(TicketEventEntity, rows as QueryDeepPartialEntity<TicketEventEntity>[]);
  return rows[0]!;
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
  /** Events that follow the transition at once (e.g. wrap-up completed right after resolve). */
  followUps: EventInput[] = [],
): Promise<TicketEventEntity> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('transitionTicket must run inside a transaction');
  }
  assertTransition(ticket.status, to);
  const from = ticket.status;
  ticket.status = to;
  Object.assign(ticket, changes);
  return appendTicketEvent(manager, ticket, [{ ...event, data: { from, to, ...event.data } }, ...followUps], {
    status: to,
    ...changes,
  });
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
