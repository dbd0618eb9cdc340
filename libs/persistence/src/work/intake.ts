import type { Channel, SkillRequirement, TicketEventType } from '@switchboard/contracts';
import { QUEUE_CANDIDATES_JSON, REQUIRED_SKILLS_JSON, type CandidateRow, type ClaimCandidates } from './claims.js';
import { randomUUID } from 'node:crypto';
import type { WorkEffects } from './effects.js';
import { QUEUE_JSON, TICKET_JSON, ticketFromJson, type CustomerRow, type QueueRow, type TicketRow } from './rows.js';
import { statement, type Sql, type Statement } from './sql.js';
import type { Tx } from './unit-of-work.js';

/** Serialises contacts that name the same customer identity (transaction-scoped advisory locks, in key order). */
const LOCK_CUSTOMER_KEYS = statement(
  'intake_lock_customer_keys',
  `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))::int AS n FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) keys`,
);

/**
 * Where a contact arrives, in one read after the identity locks: its queue, the queue's agents
 * as the claim sees them, and the customers its identities may belong to.
 */
const ARRIVAL = statement(
  'intake_arrival',
  `SELECT ${QUEUE_JSON('q')} AS queue,
          ${QUEUE_CANDIDATES_JSON} AS candidates, COALESCE(${REQUIRED_SKILLS_JSON('q.id')}, '[]'::json) AS required,
          (SELECT json_agg(json_build_object('id', c.id, 'externalId', c.external_id, 'email', c.email,
                    'phone', c.phone, 'name', c.name, 'tier', c.tier, 'verified', c.verified)
                    ORDER BY c.created_at, c.id)
             FROM (SELECT * FROM customers WHERE external_id = $2 OR email = $3 OR phone = $4
                    ORDER BY created_at, id LIMIT 50) c) AS customers,
          nextval('ticket_number_seq')::int AS number
     FROM (SELECT 1) one LEFT JOIN queues q ON q.key = $1`,
);

export interface Arrival {
  /** Null when no queue has that key. */
  queue: QueueRow | null;
  candidates: ClaimCandidates;
  customers: CustomerRow[];
  /** The new ticket's number (its `SB-` reference), taken from the sequence by this same read. */
  number: number;
}

export interface CustomerKeys {
  externalId?: string;
  email?: string;
  phone?: string;
}

/** Takes the identity locks (in a fixed order), then reads the queue and the candidate customers. */
export async function arrive<E>(tx: Tx<E>, queueKey: string, keys: CustomerKeys, lockKeys: string[]): Promise<Arrival> {
  const read: [Statement, unknown[]] = [
    ARRIVAL,
    [queueKey, keys.externalId ?? null, keys.email ?? null, keys.phone ?? null],
  ];
  // The lock and the read in one round trip: the read starts (and takes its snapshot) only once
  // the locks are held, so a customer another intake just made for these identities is seen.
  const rows =
    lockKeys.length > 0
      ? (await tx.batch<[unknown, ArrivalRow]>([[LOCK_CUSTOMER_KEYS, [lockKeys]], read]))[1]
      : await tx.query<ArrivalRow>(...read);
  const [row] = rows;
  return {
    queue: row?.queue?.id ? row.queue : null,
    candidates: { agents: row?.candidates ?? [], required: row?.required ?? [] },
    customers: row?.customers ?? [],
    number: row!.number,
  };
}

interface ArrivalRow {
  queue: (QueueRow & { id: string | null }) | null;
  customers: CustomerRow[] | null;
  candidates: CandidateRow[] | null;
  required: SkillRequirement[] | null;
  number: number;
}

const AHEAD = statement(
  'intake_ahead',
  `SELECT count(*)::int AS n FROM tickets WHERE queue_id = $1 AND status = 'queued' AND priority >= $2`,
);

/**
 * 1 + the waiting tickets that go before one of `priority` joining now (higher or equal
 * priority, earlier), counted in PostgreSQL: for when Redis cannot say (RoutingBoard).
 */
export async function placeInLine(sql: Sql, queueId: string, priority: number): Promise<number> {
  const [row] = await sql.query<{ n: number }>(AHEAD, [queueId, priority]);
  return (row?.n ?? 0) + 1;
}

export interface NewContact {
  channel: Channel;
  subject: string;
  description: string | null;
  category: string | null;
  priority: number;
  externalId: string | null;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  /** The staff user or connector that created it; null for a customer writing in (the web chat). */
  createdById: string | null;
  /** From the arrival's read (Arrival.number). */
  number: number;
}

/**
 * Creates the ticket and queues it in one go: `ticket.created`, the customer match if any, and
 * `ticket.queued` under a fresh routing token. The caller claims it next, in the same unit of work.
 */
export function createTicket<E>(
  tx: Tx<E>,
  queue: QueueRow,
  customer: CustomerRow,
  contact: NewContact,
  matched: Record<string, unknown> | null,
  now: Date,
): TicketRow {
  const id = randomUUID();
  const row: TicketRow = {
    id,
    number: contact.number,
    channel: contact.channel,
    queueId: queue.id,
    status: 'new',
    subject: contact.subject,
    category: contact.category,
    priority: contact.priority,
    customerId: customer.id,
    assignedAgentId: null,
    externalId: contact.externalId,
    createdById: contact.createdById,
    resolutionCode: null,
    resolutionNote: null,
    routingToken: null,
    acceptedAt: null,
    lastEventSeq: 0,
    lastMessageSeq: 0,
    createdAt: now,
    updatedAt: now,
    enqueuedAt: null,
    resolvedAt: null,
    queue,
    customer,
  };
  tx.insertTicket(
    {
      id,
      number: contact.number,
      channel: contact.channel,
      queueId: queue.id,
      subject: contact.subject,
      description: contact.description,
      category: contact.category,
      priority: contact.priority,
      customerId: customer.id,
      externalId: contact.externalId,
      idempotencyKey: contact.idempotencyKey,
      requestFingerprint: contact.requestFingerprint,
      createdById: contact.createdById,
      createdAt: now,
    },
    row,
  );
  const actorId = contact.createdById;
  const events: { type: TicketEventType; at: Date; actorId: string | null; data: Record<string, unknown> }[] = [
    {
      type: 'ticket.created',
      at: now,
      actorId,
      data: { channel: contact.channel, queue: queue.key, customerId: customer.id, priority: contact.priority },
    },
  ];
  if (matched)
    events.push({ type: 'ticket.customer_matched', at: now, actorId, data: { customerId: customer.id, ...matched } });
  tx.append(row, events);
  tx.transition(
    row,
    'queued',
    { type: 'ticket.queued', at: now, actorId, data: { queue: queue.key } },
    { routingToken: randomUUID(), enqueuedAt: now },
  );
  return row;
}

const EARLIER_RESOLVED = statement(
  'intake_earlier_resolved',
  `SELECT ${TICKET_JSON()} AS ticket FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN customers c ON c.id = t.customer_id
    WHERE t.customer_id = $1 AND t.category = $2 AND t.id <> $3 AND t.status = 'resolved' AND t.resolved_at >= $4
    ORDER BY t.id FOR UPDATE OF t`,
);

/**
 * The customer is back about the same thing: the earlier tickets of this category resolved
 * within the FCR window were not resolved at first contact. Their timelines say so.
 */
export async function markRepeatContacts<E extends WorkEffects>(
  tx: Tx<E>,
  ticket: TicketRow,
  windowDays: number,
  now: Date,
): Promise<void> {
  if (!ticket.category || windowDays <= 0) return;
  tx.locking('ticket');
  const earlier = await tx.query<{ ticket: Record<string, unknown> }>(EARLIER_RESOLVED, [
    ticket.customerId,
    ticket.category,
    ticket.id,
    new Date(now.getTime() - windowDays * 86_400_000),
  ]);
  for (const previous of earlier.map((row) => ticketFromJson(row.ticket))) {
    tx.append(tx.track(previous), [
      {
        type: 'ticket.repeat_contact',
        at: now,
        data: { newTicketId: ticket.id, category: ticket.category, windowDays },
      },
    ]);
  }
}

const EARLIER_REQUEST = statement(
  'intake_earlier_request',
  `SELECT t.id, t.request_fingerprint AS "requestFingerprint", t.idempotency_key AS "idempotencyKey"
     FROM tickets t WHERE t.created_by_id = $1 AND (t.idempotency_key = $2 OR t.external_id = $3)
    ORDER BY (t.idempotency_key = $2) DESC NULLS LAST LIMIT 1`,
);

/** A ticket the caller made before with this Idempotency-Key (first) or external id. */
export async function findEarlierRequest(
  sql: Sql,
  callerId: string,
  idempotencyKey: string | undefined,
  externalId: string | undefined,
): Promise<{ id: string; requestFingerprint: string | null; byKey: boolean } | null> {
  if (idempotencyKey === undefined && externalId === undefined) return null;
  const [row] = await sql.query<{ id: string; requestFingerprint: string | null; idempotencyKey: string | null }>(
    EARLIER_REQUEST,
    [callerId, idempotencyKey ?? null, externalId ?? null],
  );
  if (!row) return null;
  return {
    id: row.id,
    requestFingerprint: row.requestFingerprint,
    byKey: idempotencyKey !== undefined && row.idempotencyKey === idempotencyKey,
  };
}

const PLACE = statement(
  'intake_place',
  `SELECT t.id, q.key AS queue, t.queue_id AS "queueId", t.status, t.priority, t.created_by_id AS "createdById",
          (SELECT count(*)::int FROM tickets o
            WHERE o.queue_id = t.queue_id AND o.status = 'queued' AND o.id <> t.id
              AND (o.priority > t.priority OR (o.priority = t.priority AND (o.enqueued_at, o.id) < (t.enqueued_at, t.id)))
          ) + 1 AS position
     FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`,
);

export interface QueuePlace {
  id: string;
  queue: string;
  queueId: string;
  status: TicketRow['status'];
  priority: number;
  position: number;
  /** Who made it (an integration sees only its own); absent where the caller just made it. */
  createdById?: string | null;
}

const PLACES = statement(
  'intake_places',
  `WITH wanted AS (SELECT id, queue_id, status, priority FROM tickets WHERE id = ANY($1::uuid[])),
        ranked AS (
          SELECT o.id, row_number() OVER (PARTITION BY o.queue_id ORDER BY o.priority DESC, o.enqueued_at, o.id) AS position
            FROM tickets o WHERE o.status = 'queued' AND o.queue_id IN (SELECT DISTINCT queue_id FROM wanted))
   SELECT w.id, q.key AS queue, w.queue_id AS "queueId", w.status, w.priority,
          CASE WHEN w.status = 'queued' THEN coalesce(r.position, 0)::int ELSE 0 END AS position
     FROM wanted w JOIN queues q ON q.id = w.queue_id LEFT JOIN ranked r ON r.id = w.id`,
);

/**
 * Where each of several tickets stands (one statement; position 0 for those not waiting): each
 * queue involved is ranked once, so a thousand waiting chats cost one sort, not a thousand counts.
 */
export async function queuePlaces(sql: Sql, ticketIds: readonly string[]): Promise<QueuePlace[]> {
  return ticketIds.length === 0 ? [] : sql.query<QueuePlace>(PLACES, [ticketIds]);
}

/** Where a ticket stands in its queue now (position 1 = next to be routed; counted for queued ones). */
export async function queuePlace(sql: Sql, ticketId: string): Promise<QueuePlace | null> {
  const [row] = await sql.query<QueuePlace>(PLACE, [ticketId]);
  return row ?? null;
}

const QUEUE_STATS = statement(
  'intake_queue_stats',
  `SELECT (SELECT count(*)::int FROM agent_queues aq JOIN agents a ON a.user_id = aq.agent_id
            WHERE aq.queue_id = $1 AND a.status = 'available') AS staffed,
          (SELECT avg(extract(epoch FROM r.at - acc.at))::float FROM (
              SELECT e.ticket_id, e.at FROM ticket_events e JOIN tickets rt ON rt.id = e.ticket_id
               WHERE rt.queue_id = $1 AND e.type = 'ticket.wrap_up_completed' ORDER BY e.id DESC LIMIT 50) r
             JOIN LATERAL (SELECT a2.at FROM ticket_events a2 WHERE a2.ticket_id = r.ticket_id
               AND a2.type = 'ticket.accepted' ORDER BY a2.seq DESC LIMIT 1) acc ON true) AS aht`,
);

/** Agents available in the queue and its recent average handle time, for the wait estimate. */
export async function queueStats(sql: Sql, queueId: string): Promise<{ staffed: number; aht: number | null }> {
  const [row] = await sql.query<{ staffed: number; aht: number | null }>(QUEUE_STATS, [queueId]);
  return row ?? { staffed: 0, aht: null };
}
