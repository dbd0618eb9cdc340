import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { Channel, OverflowTarget } from '@switchboard/contracts';
import { effectivePriority, overflowState, selectAgent, shouldSetAwayAfterMiss } from '@switchboard/domain';
import {
  AfterCommit,
  PRESENCE_STALE_MS,
  presenceKey,
  rooms,
  routingJobs,
  statusChangeEffects,
} from '@switchboard/messaging';
import {
  AgentEntity,
  appendAgentEvent,
  changeAgentStatus,
  endWrapUp,
  inTransaction,
  loadAgentCandidates,
  loadRequiredSkills,
  lockTicketWithQueue,
  recentRefusals,
  createOffer,
  OfferEntity,
  QueueEntity,
  requeueTicket,
  TicketEntity,
} from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { ROUTER_CONFIG, ROUTER_REDIS } from '../router-config.js';
import { Redis } from 'ioredis';

export type RouteOutcome =
  | { kind: 'offered'; offerId: string }
  | { kind: 'waiting'; recheckInMs: number }
  | { kind: 'stale' }
  /** Agent path only: every ticket it could take was held by a concurrent claim; try again shortly. */
  | { kind: 'contended'; retryInMs: number };

/** How many waiting tickets an agent-driven pass looks at before giving up. */
const AGENT_SCAN_LIMIT = 50;
/** Look again this soon when the only free agents or tickets were held by a concurrent claim. */
const CONTENDED_RECHECK_MS = 20;

/** Takes the agent's row lock unless another transaction holds it; true when taken. */
async function lockAgent(manager: EntityManager, agentId: string): Promise<boolean> {
  const rows = (await manager.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE SKIP LOCKED', [
    agentId,
  ])) as unknown[];
  return rows.length > 0;
}

/**
 * The claim: in one transaction, a waiting ticket and a free agent become a pending offer.
 * Two paths meet here — a ticket looking for the best agent (on arrival and on re-checks) and an
 * agent looking for the best waiting ticket (when they gain capacity) — and both hold the rows
 * they decide on: the ticket row (FOR UPDATE) and the agent row (FOR UPDATE), re-reading the
 * agent's load under its lock before the offer is written.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
    @Inject(ROUTER_REDIS) private readonly redis: Redis,
  ) {}

  async routeTicket(ticketId: string, token: string, effects: AfterCommit): Promise<RouteOutcome> {
    return inTransaction(this.db, async (manager) => {
      const now = new Date();
      const ticket = await lockTicketWithQueue(manager, ticketId);
      if (!ticket || ticket.status !== 'queued' || ticket.routingToken !== token) return { kind: 'stale' } as const;
      const queue = ticket.queue;
      const age = (now.getTime() - (ticket.enqueuedAt ?? now).getTime()) / 1000;
      const overflow = overflowState(queue.overflow, age);
      const queueIds = [queue.id];
      if (overflow.queue) {
        const target = await manager.findOneBy(QueueEntity, { key: overflow.queue });
        if (target) queueIds.push(target.id);
      }
      const required = (await loadRequiredSkills(manager, [queue.id])).get(queue.id)!;
      const exclude = await recentRefusals(manager, ticket, this.config.routing.reofferCooldownSeconds, now);

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
        const offerId = await this.offer(manager, ticket, queue, selection.agentId, effects, {
          path: 'ticket',
          strategy: selection.strategy,
          target: overflow.queue ? { overflowQueue: overflow.queue } : { queue: queue.key },
          relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
          candidates: selection.candidates,
          ...(contended.length > 0 ? { skippedBeingClaimed: contended } : {}),
        });
        return { kind: 'offered', offerId } as const;
      }
      // Nobody free. If someone was only busy being claimed, look again at once: that claim may
      // fail, and the agent path cannot see this ticket while this transaction holds it.
      const recheckInMs =
        contended.length > 0 ? CONTENDED_RECHECK_MS : this.recheckDelay(overflow.nextStepAtSeconds, age);
      return { kind: 'waiting', recheckInMs } as const;
    });
  }

  /** An agent gained capacity: offer them the best waiting ticket they may take. */
  async routeAgent(agentId: string, effects: AfterCommit): Promise<RouteOutcome> {
    return inTransaction(this.db, async (manager) => {
      const now = new Date();
      await manager.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE', [agentId]);
      const [agent] = await loadAgentCandidates(manager, { agentId }, now);
      if (!agent || agent.status !== 'available' || agent.inWrapUp || agent.pendingOffers > 0)
        return { kind: 'stale' } as const;

      const memberships = (await manager.query(
        `SELECT q.id, q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id WHERE aq.agent_id = $1`,
        [agentId],
      )) as { id: string; key: string }[];
      if (memberships.length === 0) return { kind: 'stale' } as const;
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
        [ownIds, ownKeys, now, this.config.routing.ageingSecondsPerPoint],
      )) as { id: string; queue_id: string; channel: Channel; overflow: OverflowTarget[]; enqueued_at: Date }[];
      if (waiting.length === 0) return { kind: 'stale' } as const;

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
        const exclude = await recentRefusals(manager, ticket, this.config.routing.reofferCooldownSeconds, now);
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
        const offerId = await this.offer(manager, ticket, queue, agentId, effects, {
          path: 'agent',
          strategy: queue.strategy,
          target: skillsQueueId === ticket.queueId ? { queue: queue.key } : { overflowQueue: overflow.queue },
          relaxSkillLevelsBy: overflow.relaxSkillLevelsBy,
          waitingConsidered: waiting.length,
          candidates: selection.candidates,
        });
        return { kind: 'offered', offerId } as const;
      }
      // Held tickets may come free in a moment (their claim can fail): look again shortly, since
      // those claims cannot see this agent while this transaction holds their row.
      if (contended > 0) return { kind: 'contended', retryInMs: CONTENDED_RECHECK_MS } as const;
      return { kind: 'stale' } as const;
    });
  }

  private async offer(
    manager: EntityManager,
    ticket: TicketEntity,
    queue: QueueEntity,
    agentId: string,
    effects: AfterCommit,
    routing: Record<string, unknown>,
  ): Promise<string> {
    const now = new Date();
    const priority = effectivePriority(
      ticket.priority,
      ticket.enqueuedAt ?? now,
      now,
      this.config.routing.ageingSecondsPerPoint,
    );
    const offer = await createOffer(manager, ticket, queue, agentId, { ...routing, effectivePriority: priority }, null);
    effects
      .job(routingJobs.offerTimeout(offer.offerId, new Date(offer.expiresAt), new Date()))
      .emit(rooms.agent(agentId), 'offer.created', offer);
    return offer.offerId;
  }

  /** The offer's deadline passed: rescind it, put the ticket back at the head of its queue, count the miss. */
  async expireOffer(offerId: string, effects: AfterCommit): Promise<'expired' | 'stale'> {
    return inTransaction(this.db, async (manager) => {
      const offer = await manager.findOne(OfferEntity, { where: { id: offerId }, lock: { mode: 'pessimistic_write' } });
      if (!offer || offer.status !== 'pending') return 'stale';
      const now = new Date();
      if (offer.expiresAt.getTime() > now.getTime() + 50) {
        // Fired early (clock skew between processes): come back at the real deadline.
        effects.job(routingJobs.offerTimeout(offerId, offer.expiresAt, now));
        return 'stale';
      }
      await manager.update(OfferEntity, { id: offerId }, { status: 'expired', respondedAt: now });
      const ticket = await manager.findOneOrFail(TicketEntity, {
        where: { id: offer.ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      const token = await requeueTicket(manager, ticket, {
        type: 'ticket.offer_expired',
        at: now,
        data: { offerId, agentId: offer.agentId },
      });
      effects.job(routingJobs.routeTicket(ticket.id, token, ticket.priority));
      effects.emit(rooms.agent(offer.agentId), 'offer.rescinded', { offerId, reason: 'timeout' });

      const agent = await manager.findOneOrFail(AgentEntity, {
        where: { userId: offer.agentId },
        lock: { mode: 'pessimistic_write' },
        loadEagerRelations: false,
      });
      const missed = agent.missedOffers + 1;
      await appendAgentEvent(manager, agent.userId, 'agent.offer_missed', now, {
        offerId,
        ticketId: ticket.id,
        consecutive: missed,
      });
      if (shouldSetAwayAfterMiss(missed, this.config.routing.maxMissedOffers) && agent.status === 'available') {
        await manager.update(
          AgentEntity,
          { userId: agent.userId },
          { missedOffers: missed, status: 'away', statusReason: 'missed-offers', statusSince: now },
        );
        await appendAgentEvent(manager, agent.userId, 'agent.status_changed', now, {
          from: agent.status,
          to: 'away',
          reason: 'missed-offers',
        });
        this.logger.warn(`agent ${agent.userId} set away after ${missed} missed offers`);
      } else {
        await manager.update(AgentEntity, { userId: agent.userId }, { missedOffers: missed });
        effects.job(routingJobs.routeAgent(agent.userId, 'offer-expired'));
      }
      return 'expired';
    });
  }

  /**
   * An agent's sockets all closed a grace period ago: if none came back (on any api process),
   * the agent is offline and a pending offer goes back to the queue.
   */
  async checkPresence(agentId: string, effects: AfterCommit): Promise<'present' | 'offline' | 'stale'> {
    const key = `${this.config.redis.prefix}:${presenceKey(agentId)}`;
    const now = Date.now();
    await this.redis.zremrangebyscore(key, '-inf', now - PRESENCE_STALE_MS);
    if ((await this.redis.zcard(key)) > 0) return 'present';
    return inTransaction(this.db, async (manager) => {
      const agent = await manager.findOneBy(AgentEntity, { userId: agentId });
      if (!agent || agent.status === 'offline') return 'stale' as const;
      const change = await changeAgentStatus(manager, agentId, 'offline', null, null, new Date());
      if (!change) return 'stale' as const;
      statusChangeEffects(agentId, 'offline', change.rescinded, effects);
      this.logger.warn(
        `agent ${agentId} set offline: no connection for ${this.config.routing.disconnectGraceSeconds} s`,
      );
      return 'offline' as const;
    });
  }

  /** Wrap-up time is over: the agent is free for new work (unless they already pressed Done). */
  async endWrapUp(agentId: string, ticketId: string, effects: AfterCommit): Promise<'ended' | 'stale'> {
    return inTransaction(this.db, async (manager) => {
      if (!(await endWrapUp(manager, agentId, ticketId, new Date(), null))) return 'stale';
      effects.job(routingJobs.routeAgent(agentId, 'wrap-up-ended'));
      return 'ended';
    });
  }

  private recheckDelay(nextStepAtSeconds: number | null, ageSeconds: number): number {
    const recheck = this.config.routing.recheckSeconds * 1000;
    if (nextStepAtSeconds === null) return recheck;
    return Math.max(50, Math.min(recheck, (nextStepAtSeconds - ageSeconds) * 1000 + 20));
  }
}
