import type { AppConfig } from '@switchboard/config';
import type { AgentStatus, Channel, ChannelCapacity, OverflowTarget, SkillRequirement } from '@switchboard/contracts';
import {
  effectivePriority,
  overflowState,
  selectAgent,
  type AgentCandidate,
  type CandidateTrace,
} from '@switchboard/domain';
import { candidateOf, claimFirst, LOCK_AGENT, mayTakeWork } from './agents.js';
import type { WorkEffects } from './effects.js';
import { createOffer } from './offers.js';
import {
  AGENT_JSON,
  agentFromJson,
  fullCapacity,
  TICKET_JSON,
  ticketFromJson,
  type AgentRow,
  type TicketRow,
} from './rows.js';
import { statement, type Sql } from './sql.js';
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

/** The ticket path's choice: the free agents who could take `ticket`, best first by its queue's strategy. */
interface TicketSelection {
  overflow: ReturnType<typeof overflowState>;
  age: number;
  /** null: the queue (and its overflow target) has no agents at all. */
  selection: ReturnType<typeof selectAgent> | null;
}

async function selectForTicket(
  sql: Sql,
  ticket: TicketRow,
  settings: ClaimSettings,
  now: Date,
  preloaded?: ClaimCandidates,
): Promise<TicketSelection> {
  const queue = ticket.queue;
  const age = (now.getTime() - (ticket.enqueuedAt ?? now).getTime()) / 1000;
  const overflow = overflowState(queue.overflow, age);
  let read = preloaded && !overflow.queue ? preloaded : undefined;
  if (!read) {
    const [row] = await sql.query<{ agents: CandidateRow[]; required: SkillRequirement[] | null }>(CANDIDATES, [
      queue.id,
      overflow.queue,
    ]);
    read = { agents: row?.agents ?? [], required: row?.required ?? [] };
  }
  if (read.agents.length === 0) return { overflow, age, selection: null };
  const candidates = read.agents.map((row) => toCandidate(row, now));
  const exclude = await recentRefusals(sql, ticket, settings.reofferCooldownSeconds, now);
  const selection = selectAgent(
    {
      channel: ticket.channel,
      strategy: queue.strategy,
      requiredSkills: read.required,
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      excludeAgentIds: exclude,
      lastAssignedAgentId: queue.lastAssignedAgentId,
    },
    candidates,
    now,
  );
  return { overflow, age, selection };
}

/**
 * A ticket that arrives behind others takes no agent itself (the waiting order): the free agents
 * who could take it, best first by its queue's strategy, as read (not locked), for agent-path
 * passes that offer each their best ticket; and when its routing job looks again (its next
 * overflow step, or the re-check interval).
 */
export async function joinBehind(
  sql: Sql,
  ticket: TicketRow,
  settings: ClaimSettings,
  now: Date,
  preloaded?: ClaimCandidates,
): Promise<{ freeAgents: string[]; recheckInMs: number }> {
  const { overflow, age, selection } = await selectForTicket(sql, ticket, settings, now, preloaded);
  return {
    freeAgents: selection?.ranked ?? [],
    recheckInMs: recheckDelay(settings, overflow.nextStepAtSeconds, age),
  };
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
  const { overflow, age, selection } = await selectForTicket(tx, ticket, settings, now, preloaded);
  if (!selection) {
    return { kind: 'waiting', recheckInMs: recheckDelay(settings, overflow.nextStepAtSeconds, age) };
  }
  // An agent whose row another claim holds right now is passed over, not waited for: that claim
  // is most likely giving them work, and queueing behind it would serialise every claim on the
  // longest-idle agent. One statement tries them all, best first.
  const claim = await claimFirst(tx, selection.ranked, ticket.channel, now);
  const contended = claim.passedOver;
  if (claim.agentId) {
    // Made once the agent is held (see claimForAgent): never before their previous work ended.
    const offerId = offerWithTrace(tx, ticket, claim.agentId, settings, new Date(), {
      path: 'ticket',
      strategy: selection.strategy,
      target: overflow.queue ? { overflowQueue: overflow.queue } : { queue: queue.key },
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      candidates: selection.candidates,
      ...(contended.length > 0 ? { skippedBeingClaimed: contended } : {}),
    });
    return { kind: 'offered', agentId: claim.agentId, offerId };
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
  /** Agents who declined it or let its offer time out within the cooldown. */
  refusedBy: string[] | null;
  /** The agent's queues with their skill rules, and the agent's skills (the same on every row). */
  memberships: Membership[];
  agentSkills: Record<string, number>;
  /** The agent as the scan saw them (AGENT_JSON). */
  agent: Record<string, unknown>;
}

/**
 * The waiting tickets an agent may take, best first (the waiting order of libs/domain: effective
 * priority, then enqueue time, then id), from their own queues and from queues overflowing into
 * them, with what deciding needs. Read without locks and outside a transaction: an agent whose
 * pass finds nothing takes no lock at all, so they never make a concurrent ticket claim skip them.
 */
const WAITING_FOR_AGENT = statement(
  'claim_waiting_for_agent',
  `WITH mine AS (SELECT q.id, q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id WHERE aq.agent_id = $1)
   SELECT t.id, t.queue_id AS "queueId", t.channel, q.overflow, t.enqueued_at AS "enqueuedAt",
          CASE WHEN t.last_event_seq > ${FRESH_TICKET_EVENTS} THEN
            ARRAY(SELECT DISTINCT o.agent_id FROM offers o WHERE o.ticket_id = t.id
                     AND o.status IN ('declined', 'expired') AND o.responded_at > $4) END AS "refusedBy",
          (SELECT json_agg(json_build_object('id', m.id, 'key', m.key, 'required',
                    (SELECT json_agg(json_build_object('skill', s.key, 'minLevel', r.min_level))
                       FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id WHERE r.queue_id = m.id)))
             FROM mine m) AS memberships,
          COALESCE((SELECT jsonb_object_agg(s.key, ak.level) FROM agent_skills ak JOIN skills s ON s.id = ak.skill_id
                     WHERE ak.agent_id = $1), '{}'::jsonb) AS "agentSkills",
          (SELECT ${AGENT_JSON()} FROM agents a JOIN users u ON u.id = a.user_id WHERE a.user_id = $1) AS agent
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
  return sql.query<WaitingForAgent>(WAITING_FOR_AGENT, [
    agentId,
    now,
    settings.ageingSecondsPerPoint,
    new Date(now.getTime() - settings.reofferCooldownSeconds * 1000),
  ]);
}

/** A waiting ticket this agent may take, and under which of their queues' rules. */
interface Takeable {
  row: WaitingForAgent;
  member: Membership;
  own: boolean;
  relaxSkillLevelsBy: number;
  candidates: CandidateTrace[];
}

/**
 * The tickets of the scan this agent may take, best first: room on the channel, one of their
 * queues (their own, or the overflow queue the ticket's age has reached), the skills, and not
 * refused by them lately. Decided from the scan, as it was read; the claim re-checks under lock.
 */
function takeable(agent: AgentRow, waiting: readonly WaitingForAgent[], now: Date): Takeable[] {
  const candidate = candidateOf(agent, now);
  const out: Takeable[] = [];
  for (const row of waiting) {
    if (agent.load[row.channel] >= agent.capacity[row.channel]) continue;
    const age = (now.getTime() - new Date(row.enqueuedAt).getTime()) / 1000;
    const overflow = overflowState(row.overflow, age);
    // Which of the agent's queues lets them take this ticket, and on whose skill rules.
    const member =
      row.memberships.find((m) => m.id === row.queueId) ??
      (overflow.queue ? row.memberships.find((m) => m.key === overflow.queue) : undefined);
    if (!member || !agent.queueIds.includes(member.id)) continue;
    const own = member.id === row.queueId;
    const relaxSkillLevelsBy = own ? overflow.relaxSkillLevelsBy : 0;
    const selection = selectAgent(
      {
        channel: row.channel,
        strategy: 'longest-idle',
        requiredSkills: member.required ?? [],
        relaxSkillLevelsBy,
        excludeAgentIds: row.refusedBy ?? [],
      },
      [{ ...candidate, skills: row.agentSkills }],
      now,
    );
    if (selection.agentId) out.push({ row, member, own, relaxSkillLevelsBy, candidates: selection.candidates });
  }
  return out;
}

const LOCK_FIRST_WAITING = statement(
  'claim_first_waiting',
  `WITH ranked AS (SELECT r.id, r.ord FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, ord)),
        got AS (SELECT ${TICKET_JSON()} AS ticket, ranked.ord
                  FROM tickets t JOIN ranked ON ranked.id = t.id JOIN queues q ON q.id = t.queue_id
                  JOIN customers c ON c.id = t.customer_id
                 WHERE t.status = 'queued'
                 ORDER BY ranked.ord LIMIT 1 FOR UPDATE OF t SKIP LOCKED)
   SELECT got.ticket,
          EXISTS (SELECT 1 FROM ranked JOIN tickets t ON t.id = ranked.id
                   WHERE ranked.ord < COALESCE(got.ord, 2147483647) AND t.status = 'queued') AS "passedOver"
     FROM (SELECT 1) one LEFT JOIN got ON true`,
);

/**
 * Step two of the agent path, in a unit of work of one round trip before its writes: the agent's
 * row, and the first ticket of their list that no other claim holds and that still waits.
 */
export async function claimForAgent<E extends WorkEffects>(
  tx: Tx<E>,
  agentId: string,
  waiting: readonly WaitingForAgent[],
  settings: ClaimSettings,
  now: Date,
): Promise<ClaimOutcome> {
  // Chosen from the scan; the claim re-checks the agent, and the ticket's state, under lock.
  const options = waiting.length > 0 ? takeable(agentFromJson(waiting[0]!.agent), waiting, now) : [];
  if (options.length === 0) return { kind: 'stale' };
  tx.locking('agent');
  tx.locking('ticket', true);
  const [agentRows, ticketRows] = await tx.batch<
    [{ agent: Record<string, unknown> }, { ticket: Record<string, unknown> | null; passedOver: boolean }]
  >([
    [LOCK_AGENT, [agentId]],
    [LOCK_FIRST_WAITING, [options.map((o) => o.row.id)]],
  ]);
  const agent = agentRows[0] ? agentFromJson(agentRows[0].agent) : null;
  const locked = ticketRows[0];
  // The agent's row may have been held by a change that freed them (a resolve, say): the offer
  // is made now that this claim holds it, not when the pass began, so a ticket's timeline never
  // shows it offered before the agent's previous ticket ended.
  const at = new Date();
  if (!agent || !mayTakeWork(agent, at)) return { kind: 'stale' };
  if (!locked?.ticket) {
    // Held tickets may come free in a moment (their claim can fail): look again shortly, since
    // those claims cannot see this agent while this transaction holds their row.
    return locked?.passedOver ? { kind: 'contended', retryInMs: CONTENDED_RECHECK_MS } : { kind: 'stale' };
  }
  const held = ticketFromJson(locked.ticket);
  if ((agent.load[held.channel] ?? 0) >= (agent.capacity[held.channel] ?? 0)) {
    // The scan saw room on this channel that another claim has filled since (the agent has room
    // left only on others): never more than capacity. Look again with a fresh scan.
    return { kind: 'contended', retryInMs: CONTENDED_RECHECK_MS };
  }
  const ticket = tx.track(held);
  const chosen = options.find((o) => o.row.id === ticket.id)!;
  // Its routing job (sleeping until the next re-check) has nothing left to do.
  if (ticket.routingToken) tx.effects.ticketLeftQueue(ticket.id, ticket.routingToken);
  const offerId = offerWithTrace(tx, ticket, agent.id, settings, at, {
    path: 'agent',
    strategy: ticket.queue.strategy,
    target: chosen.own ? { queue: ticket.queue.key } : { overflowQueue: chosen.member.key },
    relaxSkillLevelsBy: chosen.relaxSkillLevelsBy,
    waitingConsidered: waiting.length,
    candidates: chosen.candidates,
  });
  return { kind: 'offered', agentId: agent.id, offerId };
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
