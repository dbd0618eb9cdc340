import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type {
  AgentMetricsResponse,
  MetricsHistoryResponse,
  MetricsSnapshot,
  QueueMetrics,
} from '@switchboard/contracts';
import {
  ableAgentsByQueue,
  addCounters,
  agentCountsByQueue,
  emptyCounters,
  fcrIsProvisional,
  intervalFigures,
  localDayStart,
  queueSnapshot,
} from '@switchboard/domain';
import { METRICS_SNAPSHOT } from '@switchboard/messaging';
import { loadAgentMetrics, loadQueueHistory, loadQueueMetricsSettings } from '@switchboard/persistence';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { InjectConfig } from '../common/app-config.js';
import { InjectRedis } from '../redis/redis.module.js';

/** A pushed snapshot older than this is not served: the engine may be down, so compute instead. */
const SNAPSHOT_FRESH_MS = 10_000;
const MAX_HISTORY_BUCKETS = 2000;

/**
 * Metrics for the REST API. The default window is the metrics engine's pushed snapshot, so the
 * REST answer and every wallboard agree; any other window — or no engine running — is computed
 * from the event log with the same definitions (libs/persistence metrics-history.ts).
 */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The engine's latest snapshot, if it is fresh. */
  async snapshot(): Promise<MetricsSnapshot | null> {
    // The api's Redis client adds REDIS_PREFIX to every key.
    const raw = await this.redis.get(METRICS_SNAPSHOT);
    if (!raw) return null;
    const snapshot = JSON.parse(raw) as MetricsSnapshot;
    return Date.now() - Date.parse(snapshot.meta.asOf) <= SNAPSHOT_FRESH_MS ? snapshot : null;
  }

  /** What a wallboard shows now: the engine's snapshot, or with no engine running the same figures from the log. */
  async latest(): Promise<MetricsSnapshot> {
    const pushed = await this.snapshot();
    if (pushed) return pushed;
    const asOf = Date.now();
    const windowSeconds = this.config.metrics.windowSeconds;
    const [queues, agents] = await Promise.all([this.computeQueues(windowSeconds, asOf), this.agents(windowSeconds)]);
    return { queues, agents, meta: { seq: 0, epoch: 'computed', asOf: new Date(asOf).toISOString() } };
  }

  async queues(windowSeconds = this.config.metrics.windowSeconds): Promise<QueueMetrics[]> {
    if (windowSeconds === this.config.metrics.windowSeconds) {
      const snapshot = await this.snapshot();
      if (snapshot) return snapshot.queues;
    }
    return this.computeQueues(windowSeconds, Date.now());
  }

  async agents(windowSeconds = this.config.metrics.windowSeconds): Promise<AgentMetricsResponse> {
    if (windowSeconds === this.config.metrics.windowSeconds) {
      const snapshot = await this.snapshot();
      if (snapshot?.agents) return snapshot.agents;
    }
    const asOf = Date.now();
    return {
      asOf: new Date(asOf).toISOString(),
      windowSeconds,
      agents: await loadAgentMetrics(this.db.manager, { fromMs: asOf - windowSeconds * 1000, asOfMs: asOf }),
    };
  }

  /** Every queue's figures over [asOf − window, asOf) from the log. */
  async computeQueues(windowSeconds: number, asOf: number): Promise<QueueMetrics[]> {
    const m = this.config.metrics;
    const dayStart = localDayStart(new Date(asOf), m.timeZone, m.dayStartMinute).getTime();
    const queues = await loadQueueMetricsSettings(this.db.manager);
    const keys = queues.map((q) => q.key);
    const [window, today, agents] = await Promise.all([
      loadQueueHistory(this.db.manager, {
        fromMs: asOf - windowSeconds * 1000,
        toMs: asOf,
        bucketSeconds: windowSeconds,
        queues: keys,
      }),
      loadQueueHistory(this.db.manager, {
        fromMs: dayStart,
        toMs: Math.max(asOf, dayStart + 1),
        bucketSeconds: (Math.max(asOf, dayStart + 1) - dayStart) / 1000,
        queues: keys,
      }),
      loadAgentMetrics(this.db.manager, { fromMs: asOf - windowSeconds * 1000, asOfMs: asOf }),
    ]);
    const counts = agentCountsByQueue(agents);
    const able = ableAgentsByQueue(agents, new Map(queues.map((q) => [q.key, q.requiredSkills])));
    const byKey = <T extends { queue: string }>(rows: T[]) => new Map(rows.map((r) => [r.queue, r]));
    const w = byKey(window);
    const d = byKey(today);
    return queues.map((q) => {
      const row = w.get(q.key)!;
      const waiting = row.waitingAtEnd.at(-1)!;
      return queueSnapshot({
        queue: q.key,
        name: q.name,
        able: able.get(q.key),
        alertThresholds: q.alertThresholds,
        asOfMs: asOf,
        windowSeconds,
        window: row.buckets[0]!,
        today: d.get(q.key)!.buckets[0]!,
        dayStartMs: dayStart,
        waiting: waiting.waiting,
        longestWaitSeconds: waiting.oldestSinceMs === null ? 0 : Math.round(asOf - waiting.oldestSinceMs) / 1000,
        agents: counts.get(q.key),
        serviceLevel: q.serviceLevel,
        fcrWindowSeconds: this.config.fcrWindowDays * 86_400,
      });
    });
  }

  async history(queue: string, fromIso: string, toIso: string, bucketSeconds: number): Promise<MetricsHistoryResponse> {
    const fromMs = Date.parse(fromIso);
    if (Number.isNaN(fromMs)) throw new BadRequestException(['from is not a valid date-time']);
    if (Number.isNaN(Date.parse(toIso))) throw new BadRequestException(['to is not a valid date-time']);
    const toMs = Math.min(Date.parse(toIso), Date.now());
    if (!(toMs > fromMs)) throw new BadRequestException(['to must be after from, and from must be in the past']);
    const buckets = Math.ceil((toMs - fromMs) / (bucketSeconds * 1000));
    if (buckets > MAX_HISTORY_BUCKETS)
      throw new BadRequestException([
        `from–to holds ${buckets} buckets; at most ${MAX_HISTORY_BUCKETS}: use a larger bucket`,
      ]);
    const exists = (await this.db.query(`SELECT 1 FROM queues WHERE key = $1`, [queue])) as unknown[];
    if (exists.length === 0) throw new NotFoundException(`queue '${queue}' does not exist`);
    const [row] = await loadQueueHistory(this.db.manager, { fromMs, toMs, bucketSeconds, queues: [queue] });
    const fcrWindow = this.config.fcrWindowDays * 86_400;
    const now = Date.now();
    const total = emptyCounters();
    return {
      queue,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      bucketSeconds,
      buckets: row!.buckets.map((counters, i) => {
        addCounters(total, counters);
        const from = fromMs + i * bucketSeconds * 1000;
        const to = Math.min(toMs, from + bucketSeconds * 1000);
        return {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          waitingAtEnd: row!.waitingAtEnd[i]!.waiting,
          waitingPeak: row!.waitingPeak[i]!,
          ...intervalFigures(counters, fcrIsProvisional(to, now, fcrWindow)),
        };
      }),
      total: intervalFigures(total, fcrIsProvisional(toMs, now, fcrWindow)),
    };
  }
}
