import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import { shouldSetAwayAfterMiss } from '@switchboard/domain';
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
  claimForAgent,
  claimForTicket,
  endWrapUp,
  inTransaction,
  lockTicketWithQueue,
  OfferEntity,
  requeueTicket,
  TicketEntity,
  type ClaimOutcome,
} from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { ROUTER_CONFIG, ROUTER_REDIS } from '../router-config.js';
import { Redis } from 'ioredis';

export type RouteOutcome = Exclude<ClaimOutcome, { kind: 'offered' }> | { kind: 'offered'; offerId: string };

/** The router's side of the claims (see claimForTicket / claimForAgent): each in its own transaction. */
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
      const ticket = await lockTicketWithQueue(manager, ticketId);
      if (!ticket || ticket.status !== 'queued' || ticket.routingToken !== token) return { kind: 'stale' } as const;
      return offered(await claimForTicket(manager, ticket, this.config.routing), effects);
    });
  }

  /** An agent gained capacity: offer them the best waiting ticket they may take. */
  async routeAgent(agentId: string, effects: AfterCommit): Promise<RouteOutcome> {
    return inTransaction(this.db, async (manager) =>
      offered(await claimForAgent(manager, agentId, this.config.routing), effects),
    );
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
}

/** A claim that made an offer tells the agent and schedules its deadline once committed. */
function offered(outcome: ClaimOutcome, effects: AfterCommit): RouteOutcome {
  if (outcome.kind !== 'offered') return outcome;
  effects.offer(outcome.agentId, outcome.offer);
  return { kind: 'offered', offerId: outcome.offer.offerId };
}
