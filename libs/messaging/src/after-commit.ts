import type { ServerToClientEvents } from '@switchboard/contracts';
import type { Queue } from 'bullmq';
import type { RealtimeEmitter } from './realtime-emitter.js';
import type { RoutingJobSpec } from './routing-jobs.js';

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

  async flush(queue: Queue, emitter: RealtimeEmitter): Promise<void> {
    for (const { room, event, payload } of this.emits) {
      (emitter.to(room).emit as (e: string, p: unknown) => boolean)(event, payload);
    }
    if (this.jobs.length > 0) {
      await queue.addBulk(this.jobs.map(({ name, data, opts }) => ({ name, data, opts })));
    }
  }
}
