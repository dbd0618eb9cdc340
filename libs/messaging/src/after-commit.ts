import type { OfferCreatedEvent, ServerToClientEvents } from '@switchboard/contracts';
import type { Queue } from 'bullmq';
import { rooms, type RealtimeEmitter } from './realtime-emitter.js';
import { routingJobs, type RoutingJobSpec } from './routing-jobs.js';

type Emit = {
  [E in keyof ServerToClientEvents]: { room: string; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/**
 * What a transaction decided to tell Redis and the sockets. Collected inside the transaction,
 * performed only after it commits: a rolled-back change announces nothing. If the process dies
 * between commit and flush, the reconciler re-creates the missing jobs from PostgreSQL.
 */
export class AfterCommit {
  readonly jobs: RoutingJobSpec[] = [];
  readonly emits: Emit[] = [];

  /** Forgets everything collected: a transaction retried from the start decides afresh. */
  reset(): this {
    this.jobs.length = 0;
    this.emits.length = 0;
    return this;
  }

  job(spec: RoutingJobSpec): this {
    this.jobs.push(spec);
    return this;
  }

  emit<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): this {
    this.emits.push({ room, event, payload } as Emit);
    return this;
  }

  /** A committed offer: the agent's offer.created and the job that ends it at its deadline. */
  offer(agentId: string, offer: OfferCreatedEvent): this {
    return this.emit(rooms.agent(agentId), 'offer.created', offer).job(
      routingJobs.offerTimeout(offer.offerId, new Date(offer.expiresAt), new Date()),
    );
  }

  async flush(queue: Queue, emitter: RealtimeEmitter): Promise<void> {
    for (const { room, event, payload } of this.emits) {
      (emitter.to(room).emit as (e: string, p: unknown) => boolean)(event, payload);
    }
    if (this.jobs.length > 0) {
      await queue.addBulk(this.jobs.map(({ name, data, opts }) => ({ name, data, opts })));
    }
  }
}

export interface RescindedOffer {
  offerId: string;
  ticketId: string;
  token: string;
  priority: number;
}

/** After an agent's status change commits: tell them which offers are gone, re-route those tickets. */
export function statusChangeEffects(
  agentId: string,
  status: string,
  rescinded: readonly RescindedOffer[],
  effects: AfterCommit,
): AfterCommit {
  for (const r of rescinded) {
    effects
      .emit(rooms.agent(agentId), 'offer.rescinded', { offerId: r.offerId, reason: 'agent-unavailable' })
      .job(routingJobs.routeTicket(r.ticketId, r.token, r.priority));
  }
  if (status === 'available') effects.job(routingJobs.routeAgent(agentId, 'became-available'));
  return effects;
}
