import type { TicketStatus } from '@switchboard/contracts';
import { statement, type Sql } from './sql.js';
import type { Tx } from './unit-of-work.js';

/**
 * What the reconciler compares with Redis and repairs (read without locks; every repair re-reads
 * its rows under lock in a unit of work).
 */
const WAITING_TICKETS = statement(
  'reconcile_waiting_tickets',
  `SELECT id, routing_token AS "routingToken", priority, updated_at AS "changedAt" FROM tickets WHERE status = 'queued'`,
);
const PENDING_OFFERS = statement(
  'reconcile_pending_offers',
  `SELECT o.id, o.ticket_id AS "ticketId", o.created_at AS "createdAt", o.expires_at AS "expiresAt",
          t.status AS "ticketStatus"
     FROM offers o JOIN tickets t ON t.id = o.ticket_id WHERE o.status = 'pending'`,
);
const OFFERED_WITHOUT_OFFER = statement(
  'reconcile_offered_without_offer',
  `SELECT t.id FROM tickets t WHERE t.status = 'offered'
      AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = t.id AND o.status = 'pending')`,
);
const WRAP_UPS = statement(
  'reconcile_wrap_ups',
  `SELECT user_id AS "agentId", wrap_up_ticket_id AS "ticketId", wrap_up_until AS until
     FROM agents WHERE wrap_up_ticket_id IS NOT NULL`,
);
const WAITING_COUNTS = statement(
  'reconcile_waiting_counts',
  `SELECT queue_id || ':' || priority AS key, count(*)::int AS n FROM tickets WHERE status = 'queued' GROUP BY 1`,
);
const IDLE_AGENTS = statement(
  'reconcile_idle_agents',
  `SELECT a.user_id AS id FROM agents a JOIN users u ON u.id = a.user_id AND NOT u.disabled
    WHERE a.status = 'available' AND a.pending_offers = 0 AND (a.wrap_up_until IS NULL OR a.wrap_up_until < now())
      AND EXISTS (SELECT 1 FROM jsonb_each_text(a.capacity) c
                   WHERE c.value::int > COALESCE((a.load->>c.key)::int, 0))`,
);

export const reconcileScans = {
  waitingTickets: (sql: Sql) =>
    sql.query<{ id: string; routingToken: string | null; priority: number; changedAt: Date }>(WAITING_TICKETS),
  pendingOffers: (sql: Sql) =>
    sql.query<{ id: string; ticketId: string; createdAt: Date; expiresAt: Date; ticketStatus: TicketStatus }>(
      PENDING_OFFERS,
    ),
  offeredWithoutOffer: (sql: Sql) => sql.query<{ id: string }>(OFFERED_WITHOUT_OFFER),
  wrapUps: (sql: Sql) => sql.query<{ agentId: string; ticketId: string; until: Date }>(WRAP_UPS),
  idleAgents: (sql: Sql) => sql.query<{ id: string }>(IDLE_AGENTS),
  /** Waiting tickets per `queueId:priority` (the keys of RoutingBoard's counts). */
  waitingCounts: async (sql: Sql) =>
    new Map((await sql.query<{ key: string; n: number }>(WAITING_COUNTS)).map((r) => [r.key, r.n])),
};

/** An agent's work as its offers and tickets say it is (`a` is the agent). */
const TRUE_WORK = `
  (SELECT count(*)::int FROM offers o WHERE o.agent_id = a.user_id AND o.status = 'pending') AS pending,
  COALESCE((SELECT jsonb_object_agg(w.channel, w.n) FROM (
     SELECT channel, sum(n)::int AS n FROM (
       SELECT t.channel, count(*) AS n FROM tickets t
        WHERE t.assigned_agent_id = a.user_id AND t.status = 'in_progress' GROUP BY t.channel
       UNION ALL
       SELECT t.channel, count(*) FROM offers o JOIN tickets t ON t.id = o.ticket_id
        WHERE o.agent_id = a.user_id AND o.status = 'pending' GROUP BY t.channel) u
     GROUP BY channel) w), '{}'::jsonb) AS load`;

const DIFFERS = `(a.pending_offers <> truth.pending
   OR EXISTS (SELECT 1 FROM jsonb_each_text(a.load || truth.load) k
               WHERE COALESCE((a.load->>k.key)::int, 0) <> COALESCE((truth.load->>k.key)::int, 0)))`;

const COUNTER_DRIFT = statement(
  'reconcile_counter_drift',
  `SELECT a.user_id AS id FROM agents a CROSS JOIN LATERAL (SELECT ${TRUE_WORK}) truth WHERE ${DIFFERS}`,
);

/**
 * Agents whose stored work counters (kept by the triggers of migration AgentWorkCounters)
 * disagree with their offers and tickets: none, unless rows were changed with the triggers off.
 * A first look without locks; repairAgentWorkCounters decides under the agent's lock.
 */
export async function agentCounterDrift(sql: Sql): Promise<string[]> {
  return (await sql.query<{ id: string }>(COUNTER_DRIFT)).map((r) => r.id);
}

const REPAIR_AGENT_COUNTERS = statement(
  'reconcile_repair_agent_counters',
  `UPDATE agents a SET pending_offers = truth.pending, load = truth.load
     FROM (SELECT ${TRUE_WORK} FROM agents a WHERE a.user_id = $1) truth
    WHERE a.user_id = $1 AND ${DIFFERS}
   RETURNING a.user_id`,
);

/**
 * Recounts one agent's work and corrects their row if it disagrees. The caller holds the agent's
 * row lock (every change to their offers and tickets updates that row through the triggers, so
 * none can commit meanwhile), and this statement reads after the lock was granted.
 */
export async function repairAgentWorkCounters<E>(tx: Tx<E>, agentId: string): Promise<boolean> {
  return (await tx.query(REPAIR_AGENT_COUNTERS, [agentId])).length > 0;
}
