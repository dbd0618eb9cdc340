import type {
  AgentStatusEvent,
  OfferCreatedEvent,
  OfferRescindReason,
  ServerToClientEvents,
} from '@switchboard/contracts';

/**
 * What a committed change asks of the world outside PostgreSQL: timers, routing, socket pushes.
 * A unit of work collects them per attempt and hands them over only after its commit; the
 * messaging side (libs/messaging, AfterCommit) implements this interface and decides how each is
 * carried out (BullMQ jobs, Socket.IO emits, follow-up claims). Persistence never talks to Redis.
 */
export interface WorkEffects {
  /** A pending offer was written: tell the agent, and start its deadline. */
  offerCreated(agentId: string, offer: OfferCreatedEvent): void;
  /** An offer ended: its deadline is void; the agent's screens hear why when they did not end it. */
  offerEnded(offerId: string, agentId: string, notify: OfferRescindReason | null): void;
  /**
   * A ticket waits in its queue under `token`: its routing job looks for an agent after
   * `delayMs` and then re-checks until it leaves the queue.
   */
  ticketWaiting(ticketId: string, token: string, priority: number, delayMs: number): void;
  /** The ticket left its queue other than through its own routing job, which has nothing left to do. */
  ticketLeftQueue(ticketId: string, token: string): void;
  /**
   * The agent gained room (an offer ended, a ticket resolved, wrap-up over, available again):
   * once committed, find them the best waiting ticket. `queueIds` are the queues they work in.
   */
  agentFreed(agentId: string, queueIds: readonly string[], reason: string): void;
  /** The agent's status changed: their open desks hear it at once. */
  agentStatusChanged(agentId: string, event: AgentStatusEvent): void;
  /** After-contact work began: end it at `until`. */
  wrapUpStarted(agentId: string, ticketId: string, until: Date): void;
  /** After-contact work ended before its timer (Done pressed, or the next ticket's began). */
  wrapUpEnded(agentId: string, ticketId: string, until: Date): void;
  emit<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
}
