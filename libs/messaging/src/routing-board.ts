import type { Redis } from 'ioredis';

/** How long a read may take before the caller assumes the worst (a ticket waits, an agent came free). */
const READ_TIMEOUT_MS = 250;
/** Set by the reconciler once it has counted the waiting tickets into the hash; absent, the counts are not to be trusted. */
const READY = '_ready';

/** What a queue's wake-up counters were before a claim; `unknown` when Redis could not say. */
export type WakeupMark = { queueIds: readonly string[]; values: (string | null)[] } | 'unknown';

/** Tickets waiting now per `queueId:priority`; `unknown` when Redis cannot vouch for the counts. */
export type WaitingCounts = ReadonlyMap<string, number> | 'unknown';

/** 1 + the tickets waiting in `queueId` that go before one of `priority` joining now; null when unknown. */
export function placeFromCounts(waiting: WaitingCounts, queueId: string, priority: number): number | null {
  if (waiting === 'unknown') return null;
  let ahead = 0;
  for (const [key, n] of waiting) {
    const at = key.lastIndexOf(':');
    if (key.slice(0, at) === queueId && Number(key.slice(at + 1)) >= priority) ahead += Math.max(0, n);
  }
  return ahead + 1;
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), READ_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What Redis tells routing before it asks PostgreSQL (docs/decisions.md, "No lost wake-ups" and
 * "The waiting board"). Every answer is a hint that errs on the safe side: when Redis is away,
 * slow or was wiped, the caller falls back to PostgreSQL.
 *
 * - Wake-up counters, per queue: bumped after every commit that freed an agent, before that
 *   agent's routing pass. A ticket claimed inside the transaction that queued it reads them
 *   before its claim and again after its commit; if one moved, an agent came free meanwhile and
 *   the ticket looks once more. Either the agent's pass starts after the ticket's commit (and
 *   sees it), or the bump lands before the second read.
 * - Waiting counts, per queue and priority: moved after every commit that puts tickets in a
 *   queue or takes them out (the unit of work counts them). They give an arriving ticket its
 *   place in line without counting the queue in PostgreSQL, and spare a freed agent the search
 *   for work when nothing waits anywhere. A ticket that starts waiting while an agent reads them
 *   is covered by the wake-up counters above: its claim or its second look finds the agent.
 */
export class RoutingBoard {
  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
  ) {}

  private wakeKey(queueId: string): string {
    return `${this.redisPrefix}:wake:${queueId}`;
  }

  private get waitingKey(): string {
    return `${this.redisPrefix}:waiting`;
  }

  /** Before an arriving ticket's claim: its queues' wake-up counters, and what waits. */
  async arrival(queueIds: readonly string[]): Promise<{ mark: WakeupMark; waiting: WaitingCounts }> {
    try {
      const pipeline = this.redis.pipeline();
      if (queueIds.length > 0) pipeline.mget(queueIds.map((id) => this.wakeKey(id)));
      pipeline.hgetall(this.waitingKey);
      const results = (await withTimeout(pipeline.exec())) ?? [];
      if (results.some(([error]) => error)) return { mark: 'unknown', waiting: 'unknown' };
      const values = queueIds.length > 0 ? (results[0]![1] as (string | null)[]) : [];
      return { mark: { queueIds, values }, waiting: counts(results.at(-1)![1] as Record<string, string>) };
    } catch {
      return { mark: 'unknown', waiting: 'unknown' };
    }
  }

  /** True unless Redis confirms that no agent of these queues came free since `before`. */
  async changedSince(before: WakeupMark): Promise<boolean> {
    if (before === 'unknown') return true;
    if (before.queueIds.length === 0) return false;
    try {
      const now = await withTimeout(this.redis.mget(before.queueIds.map((id) => this.wakeKey(id))));
      return now.some((value, i) => value !== before.values[i]);
    } catch {
      return true;
    }
  }

  /**
   * After the commit that freed an agent, before their routing pass: bumps their queues'
   * wake-up counters, and says whether a ticket may be waiting anywhere (false only when Redis
   * vouches that none does). Throws when the bump did not land.
   */
  async agentFreed(queueIds: readonly string[]): Promise<boolean> {
    const pipeline = this.redis.pipeline();
    for (const id of queueIds) pipeline.incr(this.wakeKey(id));
    pipeline.hgetall(this.waitingKey);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
    const waiting = counts(results.at(-1)![1] as Record<string, string>);
    return waiting === 'unknown' || [...waiting.values()].some((n) => n > 0);
  }

  /** After a commit: tickets that entered or left queues. */
  async waitingChanged(deltas: ReadonlyMap<string, number>): Promise<void> {
    if (deltas.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [key, delta] of deltas) pipeline.hincrby(this.waitingKey, key, delta);
    await pipeline.exec();
  }

  /** The counts as Redis has them now, to compare with PostgreSQL. */
  async waiting(): Promise<WaitingCounts> {
    return counts(await this.redis.hgetall(this.waitingKey));
  }

  /** Replaces the counts with PostgreSQL's (the reconciler, after Redis lost them or they drifted). */
  async rebuild(fromDatabase: ReadonlyMap<string, number>): Promise<void> {
    const fields: string[] = [READY, new Date().toISOString()];
    for (const [key, n] of fromDatabase) fields.push(key, String(n));
    await this.redis
      .multi()
      .del(this.waitingKey)
      .hset(this.waitingKey, ...fields)
      .exec();
  }
}

function counts(hash: Record<string, string> | null | undefined): WaitingCounts {
  if (!hash || hash[READY] === undefined) return 'unknown';
  const out = new Map<string, number>();
  for (const [key, value] of Object.entries(hash)) if (key !== READY) out.set(key, Number(value));
  return out;
}
