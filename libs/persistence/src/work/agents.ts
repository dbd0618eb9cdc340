import type { Channel } from '@switchboard/contracts';
import type { AgentCandidate } from '@switchboard/domain';
import { AGENT_SELECT, agentFromRow, hasFreeCapacity, type AgentRow } from './rows.js';
import { statement } from './sql.js';
import type { Tx } from './unit-of-work.js';

const AGENT_FROM = `FROM agents a JOIN users u ON u.id = a.user_id`;

const LOCK_AGENT = statement(
  'lock_agent',
  `SELECT ${AGENT_SELECT()} ${AGENT_FROM} WHERE a.user_id = $1 FOR UPDATE OF a`,
);

/**
 * Takes the agent's row unless another transaction holds it, and says whether they can take
 * one more `$2` ticket now. Row gone → held by someone else; `eligible` false → no room. The
 * counters are read from the row version that is locked, so a claim that committed a moment
 * ago is seen (PostgreSQL re-reads a row changed since the statement began before locking it).
 */
const CLAIM_AGENT = statement(
  'claim_agent',
  `SELECT ${AGENT_SELECT()},
          (a.status = 'available' AND NOT u.disabled AND a.pending_offers = 0
           AND (a.wrap_up_until IS NULL OR a.wrap_up_until <= $3)
           AND COALESCE((a.load->>$2)::int, 0) < COALESCE((a.capacity->>$2)::int, 0)) AS eligible
     ${AGENT_FROM} WHERE a.user_id = $1 FOR UPDATE OF a SKIP LOCKED`,
);

const LOCK_AGENTS = statement(
  'lock_agents',
  `SELECT ${AGENT_SELECT()} ${AGENT_FROM} WHERE a.user_id = ANY($1::uuid[]) ORDER BY a.user_id FOR UPDATE OF a`,
);

/** Several agents' rows, locked in id order (two units of work locking the same agents cannot deadlock). */
export async function lockAgents<E>(tx: Tx<E>, agentIds: readonly string[]): Promise<Map<string, AgentRow>> {
  const ids = [...new Set(agentIds)].sort();
  if (ids.length === 0) return new Map();
  tx.locking('agent');
  const rows = await tx.query<AgentRow>(LOCK_AGENTS, [ids]);
  return new Map(rows.map((row) => [row.id, agentFromRow(row)]));
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

export async function lockAgent<E>(tx: Tx<E>, agentId: string): Promise<AgentRow | null> {
  tx.locking('agent');
  const [row] = await tx.query<AgentRow>(LOCK_AGENT, [agentId]);
  return row ? agentFromRow(row) : null;
}

export type AgentClaim = { kind: 'held' } | { kind: 'full' } | { kind: 'claimed'; agent: AgentRow };

/** The claim's lock on the chosen agent: never waits, and checks their room under the lock. */
export async function claimAgent<E>(tx: Tx<E>, agentId: string, channel: Channel, now: Date): Promise<AgentClaim> {
  tx.locking('agent', true);
  const [row] = await tx.query<AgentRow & { eligible: boolean }>(CLAIM_AGENT, [agentId, channel, now]);
  if (!row) return { kind: 'held' };
  if (!row.eligible) return { kind: 'full' };
  return { kind: 'claimed', agent: agentFromRow(row) };
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
