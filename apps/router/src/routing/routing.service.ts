import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { PRESENCE_STALE_MS, presenceKey, routingJobs } from '@switchboard/messaging';
import {
  changeAgentStatus,
  endOffer,
  endWrapUp,
  lockAgent,
  lockOffer,
  lockPendingOffersOfAgent,
  lockWrapUp,
  type ClaimOutcome,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { Redis } from 'ioredis';
import { ROUTER_CONFIG, ROUTER_REDIS } from '../router-config.js';

/** A timer may fire this early (clocks of two processes disagree) and still count as on time. */
const EARLY_SLACK_MS = 50;

/** The router's jobs, each one unit of work through TicketWork (claims, offer deadlines, presence, wrap-up ends). */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly work: TicketWork,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
    @Inject(ROUTER_REDIS) private readonly redis: Redis,
  ) {}

  routeTicket(ticketId: string, token: string): Promise<ClaimOutcome> {
    return this.work.routeTicket(ticketId, token, true);
  }

  routeAgent(agentId: string): Promise<ClaimOutcome> {
    return this.work.routeAgent(agentId);
  }

  /** The offer's deadline passed: it ends through the offer lifecycle (ticket back to the head of its queue, a miss counted). */
  expireOffer(offerId: string): Promise<'expired' | 'stale'> {
    return this.work.run(async (tx) => {
      const held = await lockOffer(tx, offerId);
      if (!held) return 'stale';
      const ended = endOffer(tx, held, 'expire', {
        now: new Date(),
        graceMs: EARLY_SLACK_MS,
        actorId: null,
        maxMissedOffers: this.config.routing.maxMissedOffers,
      });
      if (ended.kind === 'not-yet') {
        // Fired early: come back at the real deadline.
        tx.effects.job(routingJobs.offerTimeout(offerId, held.offer.expiresAt, new Date()));
        return 'stale';
      }
      if (ended.kind !== 'ended') return 'stale';
      if (ended.setAway)
        this.logger.warn(`agent ${held.agent.id} set away after ${this.config.routing.maxMissedOffers} missed offers`);
      return 'expired';
    });
  }

  /**
   * An agent's sockets all closed a grace period ago: if none came back (on any api process),
   * the agent is offline and a pending offer goes back to the queue.
   */
  async checkPresence(agentId: string): Promise<'present' | 'offline' | 'stale'> {
    const key = `${this.config.redis.prefix}:${presenceKey(agentId)}`;
    const now = Date.now();
    await this.redis.zremrangebyscore(key, '-inf', now - PRESENCE_STALE_MS);
    if ((await this.redis.zcard(key)) > 0) return 'present';
    return this.work.run(async (tx) => {
      const offers = await lockPendingOffersOfAgent(tx, agentId);
      const agent = await lockAgent(tx, agentId);
      if (!agent || agent.status === 'offline') return 'stale' as const;
      changeAgentStatus(
        tx,
        agent,
        offers,
        { status: 'offline', reason: null, actorId: null, cause: 'disconnected' },
        { now: new Date(), maxMissedOffers: this.config.routing.maxMissedOffers },
      );
      this.logger.warn(
        `agent ${agentId} set offline: no connection for ${this.config.routing.disconnectGraceSeconds} s`,
      );
      return 'offline' as const;
    });
  }

  /** Wrap-up time is over: the agent is free for new work (unless they already pressed Done). */
  endWrapUp(agentId: string, ticketId: string): Promise<'ended' | 'stale'> {
    return this.work.run(async (tx) => {
      const held = await lockWrapUp(tx, agentId);
      // Pressed Done already, or wrapping up another ticket (whose own timer is due later).
      if (!held || held.ticket.id !== ticketId) return 'stale';
      endWrapUp(tx, held.agent, held.ticket, new Date(), null);
      return 'ended';
    });
  }
}
