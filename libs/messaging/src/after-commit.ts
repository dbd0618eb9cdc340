import {
  CHAT_NAMESPACE,
  type AgentStatusEvent,
  type ChatServerToClientEvents,
  type OfferCreatedEvent,
  type OfferRescindReason,
  type ServerToClientEvents,
} from '@switchboard/contracts';
import type { Queue } from 'bullmq';
import { rooms, type RealtimeEmitter } from './realtime-emitter.js';
import { routingJobs, type RoutingJobSpec } from './routing-jobs.js';

type Emit = {
  [E in keyof ServerToClientEvents]: { room: string; event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

type ChatEmit = {
  [E in keyof ChatServerToClientEvents]: {
    ticketId: string;
    event: E;
    payload: Parameters<ChatServerToClientEvents[E]>[0];
  };
}[keyof ChatServerToClientEvents];

/** An agent who gained room in a committed change: a routing pass looks for work for them. */
export interface FreedAgent {
  agentId: string;
  queueIds: readonly string[];
  reason: string;
}

/**
 * What a transaction decided to tell Redis and the sockets. Collected inside the transaction
 * (one per attempt of a unit of work), performed only after it commits: a rolled-back change
 * announces nothing. If the process dies between commit and flush, the reconciler re-creates
 * the missing jobs from PostgreSQL. Implements the persistence layer's WorkEffects.
 */
export class AfterCommit {
  readonly jobs: RoutingJobSpec[] = [];
  /** Jobs whose reason is gone (an ended offer's deadline, a wrap-up ended early). */
  readonly removals: string[] = [];
  readonly emits: Emit[] = [];
  /** Pushes to the customer's chat sockets (namespace /chat), by ticket. */
  readonly chatEmits: ChatEmit[] = [];
  readonly freed: FreedAgent[] = [];

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

  /** A push to the customer of a chat ticket (nobody hears it when the ticket has no chat open). */
  chat<E extends keyof ChatServerToClientEvents>(
    ticketId: string,
    event: E,
    payload: Parameters<ChatServerToClientEvents[E]>[0],
  ): this {
    this.chatEmits.push({ ticketId, event, payload } as ChatEmit);
    return this;
  }

  /** A committed offer: the agent's offer.created and the job that ends it at its deadline. */
  offerCreated(agentId: string, offer: OfferCreatedEvent): void {
    this.emit(rooms.agent(agentId), 'offer.created', offer).job(
      routingJobs.offerTimeout(offer.offerId, new Date(offer.expiresAt), new Date()),
    );
  }

  /** An ended offer: its deadline job goes; the agent hears why unless they ended it. */
  offerEnded(offerId: string, agentId: string, notify: OfferRescindReason | null): void {
    this.removals.push(routingJobs.offerTimeoutId(offerId));
    if (notify) this.emit(rooms.agent(agentId), 'offer.rescinded', { offerId, reason: notify });
  }

  ticketWaiting(ticketId: string, token: string, priority: number, delayMs: number): void {
    this.job(routingJobs.routeTicket(ticketId, token, priority, delayMs));
  }

  /** The ticket left its queue other than through its own routing job: that job has nothing left to do. */
  ticketLeftQueue(ticketId: string, token: string): void {
    this.removals.push(routingJobs.routeTicketId(ticketId, token));
  }

  agentFreed(agentId: string, queueIds: readonly string[], reason: string): void {
    if (!this.freed.some((f) => f.agentId === agentId)) this.freed.push({ agentId, queueIds, reason });
  }

  agentStatusChanged(agentId: string, event: AgentStatusEvent): void {
    this.emit(rooms.agent(agentId), 'agent.status', event);
  }

  wrapUpStarted(agentId: string, ticketId: string, until: Date): void {
    this.job(routingJobs.wrapUpEnd(agentId, ticketId, until, new Date()));
  }

  wrapUpEnded(agentId: string, ticketId: string, until: Date): void {
    this.removals.push(routingJobs.wrapUpEndId(agentId, ticketId, until));
  }

  /** Socket events, new jobs and removed jobs; freed agents are the caller's (they need a claim). */
  async flush(queue: Queue, emitter: RealtimeEmitter): Promise<void> {
    for (const { room, event, payload } of this.emits) {
      (emitter.to(room).emit as (e: string, p: unknown) => boolean)(event, payload);
    }
    if (this.chatEmits.length > 0) {
      const chats = emitter.of(CHAT_NAMESPACE);
      for (const { ticketId, event, payload } of this.chatEmits) {
        (chats.to(rooms.chat(ticketId)).emit as (e: string, p: unknown) => boolean)(event, payload);
      }
    }
    const pending: Promise<unknown>[] = this.removals.map((id) => queue.remove(id));
    if (this.jobs.length === 1) {
      const { name, data, opts } = this.jobs[0]!;
      pending.push(queue.add(name, data, opts));
    } else if (this.jobs.length > 1) {
      pending.push(queue.addBulk(this.jobs.map(({ name, data, opts }) => ({ name, data, opts }))));
    }
    await Promise.all(pending);
  }
}
