import type { AppConfig } from '@switchboard/config';
import type { AgentStatus, Channel, ChannelCapacity, OverflowTarget, SkillRequirement } from '@switchboard/contracts';
import { effectivePriority, overflowState, selectAgent, type AgentCandidate } from '@switchboard/domain';
import { candidateOf, claimAgent, mayTakeWork } from './agents.js';
import type { WorkEffects } from './effects.js';
import { createOffer } from './offers.js';
import { fullCapacity, type AgentRow, type TicketRow } from './rows.js';
import { statement, type Sql } from './sql.js';
import { lockTicket } from './tickets.js';
import type { Tx } from './unit-of-work.js';

/**
 * The claim: in one unit of work, a waiting ticket and a free agent become a pending offer.
 * Two paths meet here — a ticket looking for the best agent (on arrival and on re-checks) and an
 * agent looking for the best waiting ticket (when they gain room) — and both decide on rows they
 * hold: the ticket row, and the agent row whose work counters say, under its lock, that there is
 * room (claimAgent). Neither path ever waits for a row another claim holds (SKIP LOCKED): it
 * takes the next candidate, and looks again shortly if that was the only one.
 */
export type ClaimOutcome =
  | { kind: 'offered'; agentId: string; offerId: string }
  | { kind: 'waiting'; recheckInMs: number }
  | { kind: 'stale' }
  /** Agent path only: every ticket it could take was held by a concurrent claim; try again shortly. */
  | { kind: 'contended'; retryInMs: number };

export type ClaimSettings = Pick<
  AppConfig['routing'],
  'recheckSeconds' | 'reofferCooldownSeconds' | 'ageingSecondsPerPoint'
>;

/** How many waiting tickets an agent-driven pass looks at before giving up. */
const AGENT_SCAN_LIMIT = 50;
/** Look again this soon when the only free agents or tickets were held by a concurrent claim. */
export const CONTENDED_RECHECK_MS = 20;
/** A queued ticket whose log holds only `ticket.created`, perhaps `ticket.customer_matched`, and `ticket.queued`. */
const FRESH_TICKET_EVENTS = 3;

/** An agent as the claim first sees them (JSON: its timestamps are ISO text). */
export interface CandidateRow {
  id: string;
  status: AgentStatus;
  capacity: Partial<ChannelCapacity>;
  load: Partial<ChannelCapacity>;
  pendingOffers: number;
  idleSince: string | null;
  wrapUpUntil: string | null;
  skills: Record<string, number>;
}

/** Everything the claim reads of an agent of `a` (with its user `u`), as one JSON object. */
export const CANDIDATE_JSON = (a = 'a') => `json_build_object(
  'id', ${a}.user_id, 'status', ${a}.status, 'capacity', ${a}.capacity, 'load', ${a}.load,
  'pendingOffers', ${a}.pending_offers, 'idleSince', ${a}.idle_since, 'wrapUpUntil', ${a}.wrap_up_until,
  'skills', COALESCE((SELECT jsonb_object_agg(s.key, ak.level) FROM agent_skills ak JOIN skills s ON s.id = ak.skill_id
                       WHERE ak.agent_id = ${a}.user_id), '{}'::jsonb))`;

/** A queue's required skills (`queueId` an SQL expression), as a JSON array. */
export const REQUIRED_SKILLS_JSON = (
  queueId: string,
) => `(SELECT json_agg(json_build_object('skill', s.key, 'minLevel', r.min_level))
   FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id WHERE r.queue_id = ${queueId})`;

/** What the claim needs to choose: the agents of the ticket's queues and the queue's skill rules. */
export interface ClaimCandidates {
  agents: CandidateRow[];
  required: SkillRequirement[];
}

/**
 * The agents of a queue (and of the overflow queue `$2`, by key), disabled ones left out, with
 * the queue's required skills. The work counters are only a first look: the claim re-checks the
 * chosen agent under its lock.
 */
const CANDIDATES = statement(
  'claim_candidates',
  `SELECT COALESCE(json_agg(${CANDIDATE_JSON()} ORDER BY a.user_id), '[]'::json) AS agents,
          ${REQUIRED_SKILLS_JSON('$1')} AS required
     FROM agents a JOIN users u ON u.id = a.user_id AND NOT u.disabled
    WHERE a.user_id IN (SELECT aq.agent_id FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id
                         WHERE aq.queue_id = $1 OR q.key = $2)`,
);

/** The agents of one queue only, for a read that already has the queue (intake's arrival): `q` is the queue. */
export const QUEUE_CANDIDATES_JSON = `COALESCE((SELECT json_agg(${CANDIDATE_JSON()} ORDER BY a.user_id)
     FROM agents a JOIN users u ON u.id = a.user_id AND NOT u.disabled
     JOIN agent_queues aq ON aq.agent_id = a.user_id AND aq.queue_id = q.id), '[]'::json)`;

const RECENT_REFUSALS = statement(
  'claim_recent_refusals',
  `SELECT DISTINCT agent_id FROM offers WHERE ticket_id = $1 AND status IN ('declined', 'expired') AND responded_at > $2`,
);

function toCandidate(row: CandidateRow, now: Date): AgentCandidate {
  const wrapUpUntil = row.wrapUpUntil ? Date.parse(row.wrapUpUntil) : null;
  const capacity = fullCapacity(row.capacity);
  const load = fullCapacity(row.load);
  const used = Object.values(load).reduce((a, b) => a + b, 0);
  const total = Object.values(capacity).reduce((a, b) => a + b, 0);
  return {
    id: row.id,
    status: row.status,
    skills: row.skills,
    capacity,
    load,
    idleSince: row.idleSince ? new Date(row.idleSince) : null,
    // Share of capacity in use now; replaced by windowed occupancy when the metrics engine lands.
    occupancy: total > 0 ? used / total : 1,
    pendingOffers: row.pendingOffers,
    inWrapUp: wrapUpUntil !== null && wrapUpUntil > now.getTime(),
  };
}

/** Agents who declined or let this ticket's offer time out within the cooldown. */
async function recentRefusals(sql: Sql, ticket: TicketRow, cooldownSeconds: number, now: Date): Promise<string[]> {
  // Most tickets are routed straight from intake: never offered yet, no query. (An offered one
  // has at least created, queued and offered in its log, and is no longer queued at the third.)
  if (ticket.status === 'queued' && ticket.lastEventSeq <= FRESH_TICKET_EVENTS) return [];
  const rows = await sql.query<{ agent_id: string }>(RECENT_REFUSALS, [
    ticket.id,
    new Date(now.getTime() - cooldownSeconds * 1000),
  ]);
  return rows.map((r) => r.agent_id);
}

/**
 * Ticket path: the best free agent for a queued ticket this unit of work holds. 'waiting' says
 * when to look again: the next overflow step or the re-check interval.
 */
export async function claimForTicket<E extends WorkEffects>(
  tx: Tx<E>,
  ticket: TicketRow,
  settings: ClaimSettings,
  now: Date,
  /** The queue's own candidates, when the caller read them already (intake, with its arrival). */
  preloaded?: ClaimCandidates,
): Promise<ClaimOutcome> {
  const queue = ticket.queue;
  const age = (now.getTime() - (ticket.enqueuedAt ?? now).getTime()) / 1000;
  const overflow = overflowState(queue.overflow, age);
  let read = preloaded && !overflow.queue ? preloaded : undefined;
  if (!read) {
    const [row] = await tx.query<{ agents: CandidateRow[]; required: SkillRequirement[] | null }>(CANDIDATES, [
      queue.id,
      overflow.queue,
    ]);
    read = { agents: row?.agents ?? [], required: row?.required ?? [] };
  }
  if (read.agents.length === 0) {
    return { kind: 'waiting', recheckInMs: recheckDelay(settings, overflow.nextStepAtSeconds, age) };
  }
  const required = read.required;
  const candidates = read.agents.map((row) => toCandidate(row, now));
  const exclude = await recentRefusals(tx, ticket, settings.reofferCooldownSeconds, now);

  // An agent whose row another claim holds right now is skipped, not waited for: that claim is
  // most likely giving them work, and queueing behind it would serialise every claim on the
  // longest-idle agent.
  const contended: string[] = [];
  for (let attempt = 0; attempt < candidates.length; attempt++) {
    const selection = selectAgent(
      {
        channel: ticket.channel,
        strategy: queue.strategy,
        requiredSkills: required,
        relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
        excludeAgentIds: [...exclude, ...contended],
        lastAssignedAgentId: queue.lastAssignedAgentId,
      },
      candidates,
      now,
    );
    if (!selection.agentId) break;
    const claim = await claimAgent(tx, selection.agentId, ticket.channel, now);
    if (claim.kind === 'held') {
      contended.push(selection.agentId);
      continue;
    }
    if (claim.kind === 'full') {
      // Another claim filled them since the candidates were read.
      exclude.push(selection.agentId);
      continue;
    }
    const offerId = offerWithTrace(tx, ticket, selection.agentId, settings, now, {
      path: 'ticket',
      strategy: selection.strategy,
      target: overflow.queue ? { overflowQueue: overflow.queue } : { queue: queue.key },
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      candidates: selection.candidates,
      ...(contended.length > 0 ? { skippedBeingClaimed: contended } : {}),
    });
    return { kind: 'offered', agentId: selection.agentId, offerId };
  }
  // Nobody free. If someone was only busy being claimed, look again at once: that claim may
  // fail, and the agent path cannot see this ticket while this transaction holds it.
  const recheckInMs =
    contended.length > 0 ? CONTENDED_RECHECK_MS : recheckDelay(settings, overflow.nextStepAtSeconds, age);
  return { kind: 'waiting', recheckInMs };
}

interface Membership {
  id: string;
  key: string;
  required: SkillRequirement[] | null;
}

export interface WaitingForAgent {
  id: string;
  queueId: string;
  channel: Channel;
  overflow: OverflowTarget[];
  enqueuedAt: Date;
  /** The agent's queues with their skill rules (the same on every row). */
  memberships: Membership[];
}

/**
 * The waiting tickets an agent may take, best first (the waiting order of libs/domain: effective
 * priority, then enqueue time, then id), from their own queues and from queues overflowing into
 * them. Read without locks and outside a transaction: an agent whose pass finds nothing takes
 * no lock at all, so they never make a concurrent ticket claim skip them.
 */
const WAITING_FOR_AGENT = statement(
  'claim_waiting_for_agent',
  `WITH mine AS (SELECT q.id, q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id WHERE aq.agent_id = $1)
   SELECT t.id, t.queue_id AS "queueId", t.channel, q.overflow, t.enqueued_at AS "enqueuedAt",
          (SELECT json_agg(json_build_object('id', m.id, 'key', m.key, 'required',
                    (SELECT json_agg(json_build_object('skill', s.key, 'minLevel', r.min_level))
                       FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id WHERE r.queue_id = m.id)))
             FROM mine m) AS memberships
     FROM tickets t JOIN queues q ON q.id = t.queue_id
    WHERE t.status = 'queued'
      AND (t.queue_id IN (SELECT id FROM mine)
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(q.overflow) o WHERE o->>'queue' IN (SELECT key FROM mine)))
    ORDER BY t.priority + floor(extract(epoch FROM ($2::timestamptz - t.enqueued_at)) / $3) DESC, t.enqueued_at, t.id
    LIMIT ${AGENT_SCAN_LIMIT}`,
);

/** Step one of the agent path, outside any transaction: is there anything for them at all? */
export function findWaitingForAgent(
  sql: Sql,
  agentId: string,
  settings: ClaimSettings,
  now: Date,
): Promise<WaitingForAgent[]> {
  return sql.query<WaitingForAgent>(WAITING_FOR_AGENT, [agentId, now, settings.ageingSecondsPerPoint]);
}

/**
 * Step two of the agent path, in a unit of work: the agent row (locked), then the first waiting
 * ticket they may take that no other claim holds.
 */
export async function claimForAgent<E extends WorkEffects>(
  tx: Tx<E>,
  agent: AgentRow,
  waiting: readonly WaitingForAgent[],
  settings: ClaimSettings,
  now: Date,
): Promise<ClaimOutcome> {
  if (!mayTakeWork(agent, now)) return { kind: 'stale' };
  const candidate = candidateOf(agent, now);
  let skills: Record<string, number> | null = null;
  let contended = 0;
  for (const row of waiting) {
    if (agent.load[row.channel] >= agent.capacity[row.channel]) continue;
    const age = (now.getTime() - row.enqueuedAt.getTime()) / 1000;
    const overflow = overflowState(row.overflow, age);
    // Which of the agent's queues lets them take this ticket, and on whose skill rules.
    const member =
      row.memberships.find((m) => m.id === row.queueId) ??
      (overflow.queue ? row.memberships.find((m) => m.key === overflow.queue) : undefined);
    if (!member || !agent.queueIds.includes(member.id)) continue;
    const own = member.id === row.queueId;

    // Skip, do not wait for, a ticket another claim holds (most likely offering it right now).
    const ticket = await lockTicket(tx, row.id, { skipLocked: true });
    if (!ticket) {
      contended++;
      continue;
    }
    if (ticket.status !== 'queued') continue;
    skills ??= await agentSkills(tx, agent.id);
    const exclude = await recentRefusals(tx, ticket, settings.reofferCooldownSeconds, now);
    const selection = selectAgent(
      {
        channel: ticket.channel,
        strategy: ticket.queue.strategy,
        requiredSkills: member.required ?? [],
        relaxSkillLevelsBy: own ? overflow.relaxSkillLevelsBy : 0,
        excludeAgentIds: exclude,
      },
      [{ ...candidate, skills }],
      now,
    );
    if (!selection.agentId) continue;
    // Its routing job (sleeping until the next re-check) has nothing left to do.
    if (ticket.routingToken) tx.effects.ticketLeftQueue(ticket.id, ticket.routingToken);
    const offerId = offerWithTrace(tx, ticket, agent.id, settings, now, {
      path: 'agent',
      strategy: ticket.queue.strategy,
      target: own ? { queue: ticket.queue.key } : { overflowQueue: member.key },
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      waitingConsidered: waiting.length,
      candidates: selection.candidates,
    });
    return { kind: 'offered', agentId: agent.id, offerId };
  }
  // Held tickets may come free in a moment (their claim can fail): look again shortly, since
  // those claims cannot see this agent while this transaction holds their row.
  if (contended > 0) return { kind: 'contended', retryInMs: CONTENDED_RECHECK_MS };
  return { kind: 'stale' };
}

const AGENT_SKILLS = statement(
  'claim_agent_skills',
  `SELECT COALESCE(jsonb_object_agg(s.key, ak.level), '{}'::jsonb) AS skills
     FROM agent_skills ak JOIN skills s ON s.id = ak.skill_id WHERE ak.agent_id = $1`,
);

async function agentSkills(sql: Sql, agentId: string): Promise<Record<string, number>> {
  const [row] = await sql.query<{ skills: Record<string, number> }>(AGENT_SKILLS, [agentId]);
  return row?.skills ?? {};
}

/** The claim's offer, its routing trace completed with the ticket's effective priority now. */
function offerWithTrace<E extends WorkEffects>(
  tx: Tx<E>,
  ticket: TicketRow,
  agentId: string,
  settings: ClaimSettings,
  now: Date,
  routing: Record<string, unknown>,
): string {
  const effective = effectivePriority(ticket.priority, ticket.enqueuedAt ?? now, now, settings.ageingSecondsPerPoint);
  return createOffer(tx, ticket, agentId, { ...routing, effectivePriority: effective }, null, now).offerId;
}

function recheckDelay(settings: ClaimSettings, nextStepAtSeconds: number | null, ageSeconds: number): number {
  const recheck = settings.recheckSeconds * 1000;
  if (nextStepAtSeconds === null) return recheck;
  return Math.max(50, Math.min(recheck, (nextStepAtSeconds - ageSeconds) * 1000 + 20));
}
