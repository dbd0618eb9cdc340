import type { Channel } from '@switchboard/contracts';
import type { AgentCandidate } from '@switchboard/domain';
import { AGENT_JSON, agentFromJson, hasFreeCapacity, type AgentRow } from './rows.js';
import { statement } from './sql.js';
import type { Tx } from './unit-of-work.js';

const AGENT_FROM = `FROM agents a JOIN users u ON u.id = a.user_id`;

/** An agent's row, locked (also batched with the agent path's ticket lock). */
export const LOCK_AGENT = statement(
  'lock_agent',
  `SELECT ${AGENT_JSON()} AS agent ${AGENT_FROM} WHERE a.user_id = $1 FOR UPDATE OF a`,
);

/** An agent can take one more ticket of channel `$2` now (`a` the agent, `u` its user, `$3` now). */
const HAS_ROOM = `a.status = 'available' AND NOT u.disabled AND a.pending_offers = 0
  AND (a.wrap_up_until IS NULL OR a.wrap_up_until <= $3)
  AND COALESCE((a.load->>$2)::int, 0) < COALESCE((a.capacity->>$2)::int, 0)`;

/**
 * The claim's lock, in one statement whatever the contention: walks the agents `$1` best first
 * and takes the row of the first one that another transaction does not hold and that has room,
 * checked on the row version it locks (PostgreSQL re-reads a row changed since the statement
 * began). `passedOver`: agents ranked before it that had room when the statement began — held
 * by claims in flight, most likely. No row when none could be taken.
 */
const CLAIM_FIRST = statement(
  'claim_first',
  `WITH ranked AS (SELECT r.id, r.ord FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, ord)),
        got AS (SELECT a.user_id, ranked.ord FROM agents a JOIN ranked ON ranked.id = a.user_id
                  JOIN users u ON u.id = a.user_id
                 WHERE ${HAS_ROOM}
                 ORDER BY ranked.ord LIMIT 1 FOR UPDATE OF a SKIP LOCKED)
   SELECT got.user_id AS "agentId",
          ARRAY(SELECT ranked.id FROM ranked JOIN agents a ON a.user_id = ranked.id JOIN users u ON u.id = a.user_id
                 WHERE ranked.ord < COALESCE(got.ord, 2147483647) AND ${HAS_ROOM} ORDER BY ranked.ord) AS "passedOver"
     FROM (SELECT 1) one LEFT JOIN got ON true`,
);

export interface AgentClaim {
  /** The agent whose row is now locked for the offer; null when none could be taken. */
  agentId: string | null;
  /** Agents ranked before it (or all, when none was taken) that another claim held. */
  passedOver: string[];
}

/** The claim's lock on the best agent it can have now: never waits, checks their room under the lock. */
export async function claimFirst<E>(
  tx: Tx<E>,
  ranked: readonly string[],
  channel: Channel,
  now: Date,
): Promise<AgentClaim> {
  if (ranked.length === 0) return { agentId: null, passedOver: [] };
  tx.locking('agent', true);
  const [row] = await tx.query<AgentClaim>(CLAIM_FIRST, [ranked, channel, now]);
  return row ?? { agentId: null, passedOver: [] };
}

export async function lockAgent<E>(tx: Tx<E>, agentId: string): Promise<AgentRow | null> {
  tx.locking('agent');
  const [row] = await tx.query<{ agent: Record<string, unknown> }>(LOCK_AGENT, [agentId]);
  return row ? agentFromJson(row.agent) : null;
}

const LOCK_AGENTS = statement(
  'lock_agents',
  `SELECT ${AGENT_JSON()} AS agent ${AGENT_FROM} WHERE a.user_id = ANY($1::uuid[]) ORDER BY a.user_id FOR UPDATE OF a`,
);

/** Several agents' rows, locked in id order (two units of work locking the same agents cannot deadlock). */
export async function lockAgents<E>(tx: Tx<E>, agentIds: readonly string[]): Promise<Map<string, AgentRow>> {
  const ids = [...new Set(agentIds)].sort();
  if (ids.length === 0) return new Map();
  tx.locking('agent');
  const rows = await tx.query<{ agent: Record<string, unknown> }>(LOCK_AGENTS, [ids]);
  return new Map(rows.map((row) => [row.agent.id as string, agentFromJson(row.agent)]));
}

/** The agent as the selection rules of libs/domain see them (skills left out: the caller's check needs none). */
export function candidateOf(agent: AgentRow, now: Date): AgentCandidate {
  return {
    id: agent.id,
    status: agent.disabled ? 'offline' : agent.status,
    skills: {},
    capacity: agent.capacity,
    load: agent.load,
    idleSince: agent.idleSince,
    occupancy: 0,
    pendingOffers: agent.pendingOffers,
    inWrapUp: agent.wrapUpUntil !== null && agent.wrapUpUntil.getTime() > now.getTime(),
  };
}

/**
 * Whether an agent who just changed could take more work: available, not in wrap-up, no offer
 * waiting for them, room on some channel. Only then is a routing pass worth starting.
 */
export function mayTakeWork(
  agent: Pick<AgentRow, 'status' | 'disabled' | 'pendingOffers' | 'wrapUpUntil' | 'capacity' | 'load'>,
  now: Date,
): boolean {
  return (
    agent.status === 'available' &&
    !agent.disabled &&
    agent.pendingOffers === 0 &&
    (agent.wrapUpUntil === null || agent.wrapUpUntil.getTime() <= now.getTime()) &&
    hasFreeCapacity(agent)
  );
}
