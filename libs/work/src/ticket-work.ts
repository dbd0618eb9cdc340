import type { AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  routingJobs,
  type FreedAgent,
  type RealtimeEmitter,
  type RoutingBoard,
  type WakeupMark,
} from '@switchboard/messaging';
import {
  claimForAgent,
  claimForTicket,
  CONTENDED_RECHECK_MS,
  findWaitingForAgent,
  lockTicket,
  PoolSql,
  UnitOfWork,
  type ClaimOutcome,
  type CommittedChanges,
  type Tx,
} from '@switchboard/persistence';
import type { Queue } from 'bullmq';
import type pg from 'pg';

export interface TicketWorkOptions {
  pool: pg.Pool;
  queue: Queue;
  emitter: RealtimeEmitter;
  board: RoutingBoard;
  routing: AppConfig['routing'];
  warn: (message: string) => void;
  /** How long a committed change waits for Redis to take its jobs before it goes on without them. */
  flushTimeoutMs?: number;
}

/** The transaction a ticket unit of work's body gets. */
export type WorkTx = Tx<AfterCommit>;

/** An agent-path pass that found every ticket held by other claims tries again at most this often. */
export const MAX_CONTENDED_RETRIES = 20;

/** Agent-path passes a ticket that joined behind others starts, at most (see joinedBehind). */
const MAX_BEHIND_PASSES = 3;

/**
 * The ticket unit of work as the api and the router use it: PostgreSQL work through persistence's
 * UnitOfWork, and after each commit its effects — socket events, routing and timer jobs, and a
 * routing pass for every agent the change freed (run here, at once, not as a job).
 */
export class TicketWork {
  readonly sql: PoolSql;
  private readonly uow: UnitOfWork<AfterCommit>;
  private readonly flushTimeoutMs: number;

  constructor(private readonly options: TicketWorkOptions) {
    this.sql = new PoolSql(options.pool);
    this.flushTimeoutMs = options.flushTimeoutMs ?? 2_000;
    this.uow = new UnitOfWork<AfterCommit>(options.pool, {
      create: () => new AfterCommit(),
      flush: (effects, committed) => this.flush(effects, committed),
    });
  }

  get routing(): AppConfig['routing'] {
    return this.options.routing;
  }

  get board(): RoutingBoard {
    return this.options.board;
  }

  /** Runs one unit of work; resolves once it is committed and its effects are carried out. */
  run<T>(body: (tx: Tx<AfterCommit>) => Promise<T>, hooks: { afterCommit?: () => void } = {}): Promise<T> {
    return this.uow.run(body, hooks);
  }

  /**
   * Carries out a committed change's effects. Never fails: the change is committed and must be
   * answered as done (a client told 503 would retry it). Redis gets at most `flushTimeoutMs`;
   * while it is away BullMQ keeps trying on its own, and the reconciler re-creates from
   * PostgreSQL any job that never lands (DESIGN.md, invariant 1).
   */
  async flush(effects: AfterCommit, committed?: CommittedChanges): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // The waiting counts first: a routing job or a second look that follows must find them moved.
    const flushing = (committed ? this.options.board.waitingChanged(committed.waiting) : Promise.resolve()).then(() =>
      effects.flush(this.options.queue, this.options.emitter),
    );
    try {
      await Promise.race([
        flushing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not take them within ${this.flushTimeoutMs} ms`)),
            this.flushTimeoutMs,
          );
        }),
      ]);
    } catch (error) {
      this.options.warn(`a committed change's routing jobs wait for Redis or the reconciler: ${String(error)}`);
    } finally {
      clearTimeout(timer);
      flushing.catch(() => undefined);
    }
    for (const freed of effects.freed) await this.agentFreed(freed);
  }

  /**
   * An agent came free in a committed change: bump their queues' wake-up counters (so a ticket
   * arriving at this moment looks again), then look for their next ticket, unless Redis vouches
   * that nothing waits.
   */
  private async agentFreed({ agentId, queueIds, reason }: FreedAgent): Promise<void> {
    let anythingWaits = true;
    try {
      anythingWaits = await this.options.board.agentFreed(queueIds);
    } catch (error) {
      this.options.warn(`wake-up counters not bumped for agent ${agentId}: ${String(error)}`);
    }
    // Redis vouches that no ticket waits anywhere: nothing for a routing pass to find.
    if (!anythingWaits) return;
    try {
      const { outcome, sawNothing } = await this.agentPass(agentId);
      if (outcome.kind === 'contended') {
        await this.lookAgain(agentId, reason, outcome.retryInMs);
      } else if (sawNothing) {
        // Redis said tickets wait, yet none was there for them: one may be committing at this
        // instant, having seen this agent busy (it joined behind others, see joinedBehind).
        // One more look shortly, by the router.
        await this.lookAgain(agentId, reason, CONTENDED_RECHECK_MS);
      }
    } catch (error) {
      // The reconciler's periodic pass looks for work for idle agents.
      this.options.warn(`routing pass for agent ${agentId} failed, the reconciler will look: ${String(error)}`);
    }
  }

  /** The router runs this agent's pass again in `delayMs` (its first retry; it counts the next ones). */
  private lookAgain(agentId: string, reason: string, delayMs: number): Promise<unknown> {
    return this.options.queue.add(...jobArgs(routingJobs.routeAgent(agentId, reason, delayMs, 1)));
  }

  /**
   * The agent path: first, without a transaction, whether anything waits for them at all; only
   * then a unit of work that locks them and claims the best ticket no other claim holds.
   */
  async routeAgent(agentId: string): Promise<ClaimOutcome> {
    return (await this.agentPass(agentId)).outcome;
  }

  /** The agent path, and whether its first read found no ticket waiting for them at all. */
  private async agentPass(agentId: string): Promise<{ outcome: ClaimOutcome; sawNothing: boolean }> {
    const waiting = await findWaitingForAgent(this.sql, agentId, this.routing, new Date());
    if (waiting.length === 0) return { outcome: { kind: 'stale' }, sawNothing: true };
    const outcome = await this.run((tx) => claimForAgent(tx, agentId, waiting, this.routing, new Date()));
    return { outcome, sawNothing: false };
  }

  /**
   * The ticket path for a waiting ticket: stale unless it still waits under `token`. Run by its
   * routing job (`fromItsJob`), or as a re-check, which removes that job when the ticket is offered.
   */
  async routeTicket(ticketId: string, token: string, fromItsJob: boolean): Promise<ClaimOutcome> {
    return this.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket || ticket.status !== 'queued' || ticket.routingToken !== token) return { kind: 'stale' };
      const outcome = await claimForTicket(tx, ticket, this.routing, new Date());
      if (outcome.kind === 'offered' && !fromItsJob) tx.effects.ticketLeftQueue(ticketId, token);
      return outcome;
    });
  }

  /**
   * A ticket joined its queue behind others that wait (it took no agent itself: the waiting
   * order). An agent who was free to take it, as its transaction saw them, gets an agent-path
   * pass, which offers them their best ticket: one ahead of it, or it. One pass, in the queue's
   * strategy order (longest idle first by default: one who just came free has a pass of their
   * own under way); the next agent is tried only if that one turned out taken, at most
   * MAX_BEHIND_PASSES. An agent who came free while the transaction ran is not read again: their
   * own pass follows their commit, and looks once more if it found nothing while Redis said
   * tickets wait (agentFreed).
   */
  async joinedBehind(freeAgents: readonly string[]): Promise<void> {
    for (const agentId of freeAgents.slice(0, MAX_BEHIND_PASSES)) {
      try {
        const outcome = await this.routeAgent(agentId);
        if (outcome.kind === 'offered') return;
        if (outcome.kind === 'contended') {
          await this.lookAgain(agentId, 'ticket-arrived', outcome.retryInMs);
          return;
        }
      } catch (error) {
        // The ticket's own routing job looks again when due, and the reconciler after it.
        this.options.warn(`routing pass for agent ${agentId} failed, the ticket's job will look: ${String(error)}`);
        return;
      }
    }
  }

  /**
   * A ticket was claimed inside the transaction that queued it and found nobody: if an agent of
   * its queues came free while that transaction ran (see Wakeups), look once more.
   */
  async recheckArrival(ticketId: string, token: string, mark: WakeupMark): Promise<void> {
    if (!(await this.options.board.changedSince(mark))) return;
    await this.routeTicket(ticketId, token, false);
  }
}

function jobArgs<S extends { name: string; data: unknown; opts: unknown }>(spec: S): [string, S['data'], S['opts']] {
  return [spec.name, spec.data, spec.opts];
}
