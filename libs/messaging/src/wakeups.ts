import type { Redis } from 'ioredis';

/** How long a wake-up read may take before the caller assumes an agent came free (and looks again). */
const READ_TIMEOUT_MS = 250;

/** What a queue's counters were before a claim; `unknown` when Redis could not say. */
export type WakeupMark = { queueIds: readonly string[]; values: (string | null)[] } | 'unknown';

/**
 * No lost wake-ups between a ticket that arrives and an agent who comes free at the same moment.
 * The arriving ticket is claimed inside its own transaction, so it cannot see an agent freed by a
 * transaction that commits meanwhile, and that agent's routing pass (run after its commit) cannot
 * see the ticket before the ticket commits. Per queue, Redis keeps a counter that every agent
 * bumps after the commit that freed them and before their routing pass. The ticket reads the
 * counters before its claim and again after its commit: if one moved, an agent came free in
 * between, and the ticket looks once more. Either the agent's pass starts after the ticket's
 * commit (and sees it), or the bump lands before the second read (and the ticket looks again).
 * See docs/decisions.md, "No lost wake-ups".
 */
export class Wakeups {
  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
  ) {}

  private key(queueId: string): string {
    return `${this.redisPrefix}:wake:${queueId}`;
  }

  async mark(queueIds: readonly string[]): Promise<WakeupMark> {
    if (queueIds.length === 0) return { queueIds, values: [] };
    let timer: NodeJS.Timeout | undefined;
    try {
      const values = await Promise.race([
        this.redis.mget(queueIds.map((id) => this.key(id))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READ_TIMEOUT_MS);
        }),
      ]);
      return { queueIds, values };
    } catch {
      return 'unknown';
    } finally {
      clearTimeout(timer);
    }
  }

  /** True unless Redis confirms that no agent of these queues came free since `before`. */
  async changedSince(before: WakeupMark): Promise<boolean> {
    if (before === 'unknown') return true;
    const now = await this.mark(before.queueIds);
    if (now === 'unknown') return true;
    return now.values.some((value, i) => value !== before.values[i]);
  }

  /** After the commit that freed an agent, before their routing pass. Failures are the caller's to log. */
  async bump(queueIds: readonly string[]): Promise<void> {
    if (queueIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of queueIds) pipeline.incr(this.key(id));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}
