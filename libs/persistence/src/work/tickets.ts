import { randomUUID } from 'node:crypto';
import {
  AGENT_JSON,
  agentFromJson,
  QUEUE_JSON,
  TICKET_JSON,
  ticketFromJson,
  type AgentRow,
  type QueueRow,
  type TicketChanges,
  type TicketRow,
} from './rows.js';
import { statement, type Sql, type Statement } from './sql.js';
import type { Tx, TicketEventInput } from './unit-of-work.js';

const TICKET_FROM = `FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN customers c ON c.id = t.customer_id`;

const LOCK_TICKET = statement(
  'lock_ticket',
  `SELECT ${TICKET_JSON()} AS ticket ${TICKET_FROM} WHERE t.id = $1 FOR UPDATE OF t`,
);
const LOCK_TICKET_SKIP = statement(
  'lock_ticket_skip',
  `SELECT ${TICKET_JSON()} AS ticket ${TICKET_FROM} WHERE t.id = $1 FOR UPDATE OF t SKIP LOCKED`,
);

/**
 * The ticket row, locked for this unit of work, with its queue and customer. `skipLocked`: null
 * instead of waiting when another transaction holds it.
 */
export async function lockTicket<E>(
  tx: Tx<E>,
  ticketId: string,
  options: { skipLocked?: boolean } = {},
): Promise<TicketRow | null> {
  tx.locking('ticket', options.skipLocked);
  const [row] = await tx.query<{ ticket: Record<string, unknown> }>(
    options.skipLocked ? LOCK_TICKET_SKIP : LOCK_TICKET,
    [ticketId],
  );
  return row ? tx.track(ticketFromJson(row.ticket)) : null;
}

const LOCK_TICKET_WITH_AGENT = statement(
  'lock_ticket_with_agent',
  `SELECT ${TICKET_JSON()} AS ticket, ${AGENT_JSON()} AS agent
     ${TICKET_FROM} JOIN agents a ON a.user_id = t.assigned_agent_id JOIN users u ON u.id = a.user_id
    WHERE t.id = $1 FOR UPDATE OF t, a`,
);

/**
 * A ticket and the agent it is assigned to, both locked (ticket, then agent) in one round trip;
 * a ticket without an agent comes alone, locked, with `agent` null; an unknown one as null.
 */
export async function lockTicketWithAgent<E>(
  tx: Tx<E>,
  ticketId: string,
): Promise<{ ticket: TicketRow; agent: AgentRow | null } | null> {
  const both = await lockTicketAndAgent(tx, LOCK_TICKET_WITH_AGENT, ticketId);
  if (both) return both;
  const [alone] = await tx.query<{ ticket: Record<string, unknown> }>(LOCK_TICKET, [ticketId]);
  return alone ? { ticket: tx.track(ticketFromJson(alone.ticket)), agent: null } : null;
}

const LOCK_WRAP_UP = statement(
  'lock_wrap_up',
  `SELECT ${TICKET_JSON()} AS ticket, ${AGENT_JSON()} AS agent
     ${TICKET_FROM} JOIN agents a ON a.wrap_up_ticket_id = t.id JOIN users u ON u.id = a.user_id
    WHERE a.user_id = $1 FOR UPDATE OF t, a`,
);

/** The ticket an agent is wrapping up and the agent, both locked (ticket, then agent); null when none runs. */
export function lockWrapUp<E>(tx: Tx<E>, agentId: string): Promise<{ ticket: TicketRow; agent: AgentRow } | null> {
  return lockTicketAndAgent(tx, LOCK_WRAP_UP, agentId);
}

/** Runs a statement that locks a ticket (`t`) and an agent (`agent`, AGENT_JSON) in that order. */
async function lockTicketAndAgent<E>(
  tx: Tx<E>,
  lock: Statement,
  id: string,
): Promise<{ ticket: TicketRow; agent: AgentRow } | null> {
  tx.locking('ticket');
  tx.locking('agent');
  const [row] = await tx.query<{ ticket: Record<string, unknown>; agent: Record<string, unknown> }>(lock, [id]);
  if (!row) return null;
  return { ticket: tx.track(ticketFromJson(row.ticket)), agent: agentFromJson(row.agent) };
}

/**
 * Puts a ticket (back) in its queue under a fresh routing token and tells the router once
 * committed. Keeps `enqueuedAt` unless told otherwise, so a ticket back from an offer keeps its
 * place at the head of the queue.
 */
export function requeue<
  E extends { ticketWaiting(id: string, token: string, priority: number, delayMs: number): void },
>(tx: Tx<E>, ticket: TicketRow, event: TicketEventInput, changes: TicketChanges = {}): string {
  const token = randomUUID();
  tx.transition(ticket, 'queued', event, { routingToken: token, assignedAgentId: null, ...changes });
  tx.effects.ticketWaiting(ticket.id, token, ticket.priority, 0);
  return token;
}

const FIND_QUEUE = statement('find_queue', `SELECT ${QUEUE_JSON('q')} AS queue FROM queues q WHERE q.key = $1`);

/** A queue by key, as a ticket row carries it; null when there is none. */
export async function findQueue(sql: Sql, key: string): Promise<QueueRow | null> {
  const [row] = await sql.query<{ queue: QueueRow }>(FIND_QUEUE, [key]);
  return row?.queue ?? null;
}

const RATED_SINCE_RESOLUTION = statement(
  'rated_since_resolution',
  `SELECT EXISTS (SELECT 1 FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.csat_recorded'
            AND seq > (SELECT max(seq) FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.resolved')) AS rated`,
);

/** Whether the ticket's latest resolution already has its rating. */
export async function ratedSinceResolution(sql: Sql, ticketId: string): Promise<boolean> {
  const [row] = await sql.query<{ rated: boolean }>(RATED_SINCE_RESOLUTION, [ticketId]);
  return row?.rated === true;
}

const HELD_TICKETS = statement(
  'held_tickets',
  `SELECT t.id, q.key AS queue FROM tickets t JOIN queues q ON q.id = t.queue_id
    WHERE t.assigned_agent_id = $1 AND t.status = 'in_progress' ORDER BY t.accepted_at`,
);

/** The tickets an agent has in progress (oldest accepted first), with their queues. */
export function heldTickets(sql: Sql, agentId: string): Promise<{ id: string; queue: string }[]> {
  return sql.query<{ id: string; queue: string }>(HELD_TICKETS, [agentId]);
}
