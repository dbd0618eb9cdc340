import type { TicketEventType } from '@switchboard/contracts';
import type { MetricEvent } from '@switchboard/domain';
import type { EntityManager } from 'typeorm';

export interface LoggedMetricEvent extends MetricEvent {
  /** ticket_events.id: the log's global order. */
  id: number;
}

interface Row {
  id: string;
  ticket_id: string;
  seq: number;
  type: TicketEventType;
  at: Date;
  data: Record<string, unknown>;
  actor_id: string | null;
  ticket_queue: string;
}

const SELECT = `SELECT e.id, e.ticket_id, e.seq, e.type, e.at, e.data, e.actor_id, q.key AS ticket_queue
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id JOIN queues q ON q.id = t.queue_id`;

const toEvent = (r: Row): LoggedMetricEvent => ({
  id: Number(r.id),
  ticketId: r.ticket_id,
  seq: r.seq,
  type: r.type,
  atMs: r.at.getTime(),
  data: r.data,
  actorId: r.actor_id,
  ticketQueue: r.ticket_queue,
});

/** Events with id above `afterId`, in id order: the live engine's tail of the log. */
export async function readEventsAfter(
  manager: EntityManager,
  afterId: number,
  limit: number,
): Promise<LoggedMetricEvent[]> {
  const rows = (await manager.query(`${SELECT} WHERE e.id > $1 ORDER BY e.id LIMIT $2`, [afterId, limit])) as Row[];
  return rows.map(toEvent);
}

/**
 * What the live engine replays when it starts: the whole log of every ticket with an event
 * since `sinceMs`, still waiting, or still being handled (in progress or in wrap-up), in id
 * order (per ticket, that is seq order).
 */
export async function readEventsForRebuild(manager: EntityManager, sinceMs: number): Promise<LoggedMetricEvent[]> {
  const rows = (await manager.query(
    `${SELECT} WHERE e.ticket_id IN (SELECT ticket_id FROM ticket_events WHERE at >= $1
                                     UNION SELECT id FROM tickets WHERE status IN ('queued', 'offered', 'in_progress')
                                     UNION SELECT wrap_up_ticket_id FROM agents WHERE wrap_up_ticket_id IS NOT NULL)
      ORDER BY e.id`,
    [new Date(sinceMs)],
  )) as Row[];
  return rows.map(toEvent);
}

/** Events of the given types on any ticket of one customer, in id order (a customer's outcomes). */
export async function readCustomerEvents(
  manager: EntityManager,
  customerId: string,
  types: readonly TicketEventType[],
): Promise<LoggedMetricEvent[]> {
  const rows = (await manager.query(`${SELECT} WHERE t.customer_id = $1 AND e.type = ANY($2) ORDER BY e.id`, [
    customerId,
    [...types],
  ])) as Row[];
  return rows.map(toEvent);
}

/** The highest id in the log (0 when it is empty). */
export async function readLogTop(manager: EntityManager): Promise<number> {
  const rows = (await manager.query(`SELECT coalesce(max(id), 0) AS top FROM ticket_events`)) as { top: string }[];
  return Number(rows[0]?.top ?? 0);
}
