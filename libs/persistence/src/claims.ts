import type { AppConfig } from '@switchboard/config';
import type { Channel, OfferCreatedEvent, OverflowTarget } from '@switchboard/contracts';
import { effectivePriority, overflowState, selectAgent } from '@switchboard/domain';
import type { EntityManager } from 'typeorm';
import { loadAgentCandidates, loadRequiredSkills, recentRefusals } from './agent-candidates.js';
import { lockTicketWithQueue } from './ticket-events.js';
import { QueueEntity, type TicketEntity } from './entities/index.js';
import { createOffer } from './offers.js';

/**
 * The claim: in one transaction, a waiting ticket and a free agent become a pending offer.
 * Two paths meet here — a ticket looking for the best agent (on arrival and on re-checks) and an
 * agent looking for the best waiting ticket (when they gain capacity) — and both hold the rows
 * they decide on: the ticket row (FOR UPDATE) and the agent row (FOR UPDATE), re-reading the
 * agent's load under its lock before the offer is written. The router runs them from its jobs;
 * the api runs them inline, in the transaction that queued the ticket or freed the agent, so
 * that work is offered the moment it can be (see docs/decisions.md, "Inline claims").
 *
 * Neither path ever waits for a lock held by another claim (SKIP LOCKED), so claims cannot
 * deadlock whatever rows the surrounding transaction already holds.
 */
export type ClaimOutcome =
  | { kind: 'offered'; agentId: string; offer: OfferCreatedEvent }
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

/** Takes the agent's row lock unless another transaction holds it; true when taken. */
async function lockAgent(manager: EntityManager, agentId: string): Promise<boolean> {
  const rows = (await manager.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE SKIP LOCKED', [
    agentId,
  ])) as unknown[];
  return rows.length > 0;
}

/**
 * Ticket path: the best free agent for a queued ticket whose row (with its queue) the caller
 * holds. 'waiting' says when to look again: the next overflow step or the re-check interval.
 */
export async function claimForTicket(
  manager: EntityManager,
  ticket: TicketEntity,
  settings: ClaimSettings,
): Promise<ClaimOutcome> {
  const now = new Date();
  const queue = ticket.queue;
  const age = (now.getTime() - (ticket.enqueuedAt ?? now).getTime()) / 1000;
  const overflow = overflowState(queue.overflow, age);
  const queueIds = [queue.id];
  if (overflow.queue) {
    const target = await manager.findOneBy(QueueEntity, { key: overflow.queue });
    if (target) queueIds.push(target.id);
  }
  const required = (await loadRequiredSkills(manager, [queue.id])).get(queue.id)!;
  const exclude = await recentRefusals(manager, ticket, settings.reofferCooldownSeconds, now);

  // Candidates are read once; the chosen one is re-checked under its row lock. An agent whose
  // row another claim holds right now is skipped, not waited for: that claim is most likely
  // giving them work, and queueing behind it would serialise every claim on the longest-idle agent.
  const candidates = await loadAgentCandidates(manager, { queueIds }, now);
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
    if (!(await lockAgent(manager, selection.agentId))) {
      contended.push(selection.agentId);
      continue;
    }
    // Under the lock: does the agent still have room? Another claim may have just filled it.
    const [fresh] = await loadAgentCandidates(manager, { agentId: selection.agentId }, now);
    const recheck =
      fresh &&
      selectAgent(
        { channel: ticket.channel, strategy: queue.strategy, requiredSkills: [], excludeAgentIds: [] },
        [fresh],
        now,
      );
    if (!recheck?.agentId) {
      exclude.push(selection.agentId);
      continue;
    }
    return offer(manager, ticket, selection.agentId, settings, {
      path: 'ticket',
      strategy: selection.strategy,
      target: overflow.queue ? { overflowQueue: overflow.queue } : { queue: queue.key },
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      candidates: selection.candidates,
      ...(contended.length > 0 ? { skippedBeingClaimed: contended } : {}),
    });
  }
  // Nobody free. If someone was only busy being claimed, look again at once: that claim may
  // fail, and the agent path cannot see this ticket while this transaction holds it.
  const recheckInMs =
    contended.length > 0 ? CONTENDED_RECHECK_MS : recheckDelay(settings, overflow.nextStepAtSeconds, age);
  return { kind: 'waiting', recheckInMs };
}

/** Agent path: an agent gained capacity; offer them the best waiting ticket they may take. */
export async function claimForAgent(
  manager: EntityManager,
  agentId: string,
  settings: ClaimSettings,
): Promise<ClaimOutcome> {
  const now = new Date();
  const memberships = (await manager.query(
    `SELECT q.id, q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id WHERE aq.agent_id = $1`,
    [agentId],
  )) as { id: string; key: string }[];
  if (memberships.length === 0) return { kind: 'stale' };
  const ownIds = memberships.map((m) => m.id);
  const ownKeys = memberships.map((m) => m.key);

  const waiting = (await manager.query(
    `SELECT t.id, t.queue_id, t.channel, q.overflow, t.enqueued_at
       FROM tickets t JOIN queues q ON q.id = t.queue_id
      WHERE t.status = 'queued'
        AND (t.queue_id = ANY($1)
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(q.overflow) o WHERE o->>'queue' = ANY($2)))
      ORDER BY t.priority + floor(extract(epoch FROM ($3::timestamptz - t.enqueued_at)) / $4) DESC, t.enqueued_at, t.id
      LIMIT ${AGENT_SCAN_LIMIT}`,
    [ownIds, ownKeys, now, settings.ageingSecondsPerPoint],
  )) as { id: string; queue_id: string; channel: Channel; overflow: OverflowTarget[]; enqueued_at: Date }[];
  if (waiting.length === 0) return { kind: 'stale' };

  // Only now, with work to offer, the agent's row: a pass that finds nothing takes no lock, so it
  // never makes a concurrent ticket claim skip this agent.
  await manager.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE', [agentId]);
  const [agent] = await loadAgentCandidates(manager, { agentId }, now);
  if (!agent || agent.status !== 'available' || agent.inWrapUp || agent.pendingOffers > 0) return { kind: 'stale' };

  const skillQueues = [...new Set([...waiting.map((w) => w.queue_id), ...ownIds])];
  const required = await loadRequiredSkills(manager, skillQueues);
  const keyToId = new Map(memberships.map((m) => [m.key, m.id]));

  let contended = 0;
  for (const row of waiting) {
    if (agent.load[row.channel] >= agent.capacity[row.channel]) continue;
    const age = (now.getTime() - row.enqueued_at.getTime()) / 1000;
    const overflow = overflowState(row.overflow, age);
    // Which of the agent's queues lets them take this ticket, and on whose skill rules.
    let skillsQueueId: string | null = null;
    if (ownIds.includes(row.queue_id)) skillsQueueId = row.queue_id;
    else if (overflow.queue && keyToId.has(overflow.queue)) skillsQueueId = keyToId.get(overflow.queue)!;
    if (!skillsQueueId) continue;

    // Skip, do not wait for, a ticket another claim holds (most likely offering it right now).
    // Not found also when it left the queue since the scan: then the retry finds nothing.
    const ticket = await lockTicketWithQueue(manager, row.id, { skipLocked: true, status: 'queued' });
    if (!ticket) {
      contended++;
      continue;
    }
    const queue = ticket.queue;
    const exclude = await recentRefusals(manager, ticket, settings.reofferCooldownSeconds, now);
    const selection = selectAgent(
      {
        channel: ticket.channel,
        strategy: queue.strategy,
        requiredSkills: required.get(skillsQueueId) ?? [],
        relaxSkillLevelsBy: skillsQueueId === ticket.queueId ? overflow.relaxSkillLevelsBy : 0,
        excludeAgentIds: exclude,
      },
      [agent],
      now,
    );
    if (!selection.agentId) continue;
    return offer(manager, ticket, agentId, settings, {
      path: 'agent',
      strategy: queue.strategy,
      target: skillsQueueId === ticket.queueId ? { queue: queue.key } : { overflowQueue: overflow.queue },
      relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
      waitingConsidered: waiting.length,
      candidates: selection.candidates,
    });
  }
  // Held tickets may come free in a moment (their claim can fail): look again shortly, since
  // those claims cannot see this agent while this transaction holds their row.
  if (contended > 0) return { kind: 'contended', retryInMs: CONTENDED_RECHECK_MS };
  return { kind: 'stale' };
}

async function offer(
  manager: EntityManager,
  ticket: TicketEntity,
  agentId: string,
  settings: ClaimSettings,
  routing: Record<string, unknown>,
): Promise<ClaimOutcome> {
  const now = new Date();
  const priority = effectivePriority(ticket.priority, ticket.enqueuedAt ?? now, now, settings.ageingSecondsPerPoint);
  const created = await createOffer(
    manager,
    ticket,
    ticket.queue,
    agentId,
    { ...routing, effectivePriority: priority },
    null,
  );
  return { kind: 'offered', agentId, offer: created };
}

function recheckDelay(settings: ClaimSettings, nextStepAtSeconds: number | null, ageSeconds: number): number {
  const recheck = settings.recheckSeconds * 1000;
  if (nextStepAtSeconds === null) return recheck;
  return Math.max(50, Math.min(recheck, (nextStepAtSeconds - ageSeconds) * 1000 + 20));
}
