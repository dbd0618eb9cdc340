import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { AgentMetricsResponse, MetricsPushMeta, MetricsSnapshot, QueueMetrics } from '@switchboard/contracts';
import {
  ableAgentsByQueue,
  AgentHandles,
  agentCountsByQueue,
  LiveQueueMetrics,
  localDayStart,
  MetricFactProjector,
  queueSnapshot,
  type QueueTarget,
} from '@switchboard/domain';
import { metricsLeaderKey, metricsSnapshotKey, rooms, type RealtimeEmitter } from '@switchboard/messaging';
import {
  loadAgentMetrics,
  loadQueueMetricsSettings,
  readEventsAfter,
  readEventsForRebuild,
  readLogTop,
  type QueueMetricsSettings,
} from '@switchboard/persistence';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { REALTIME_EMITTER, ROUTER_CONFIG, ROUTER_REDIS } from '../router-config.js';
import { EventTail } from './event-tail.js';

const LEADER_TTL_MS = 5000;
const POLL_MS = 200;
const TAIL_BATCH = 5000;
/** After a rebuild, ids this far below the log's top stay open: their transactions may commit later. */
const IN_FLIGHT_IDS = 5000;
/** A hole in the event ids older than this is a rolled-back insert, not a slow commit. */
const GAP_GRACE_MS = 10_000;
/** Even with nothing changing, a board hears from the engine this often, so it can tell it is alive. */
const KEEPALIVE_MS = 5000;
/** Queues (and their thresholds) are re-read this often: a new queue gets its tile within it. */
const QUEUES_RELOAD_MS = 1000;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Renews the lease only if this process still holds it. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The live metrics engine. Exactly one router process runs it at a time (a Redis lease); it
 * tails ticket_events, keeps the rolling-window and today counters, and pushes one snapshot per
 * tick to every api process through the Socket.IO Redis emitter — so every wallboard, whichever
 * api it is connected to, shows the same figures. Another router takes over within
 * LEADER_TTL_MS of the leader dying, rebuilding its state from the log.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  private readonly instance = randomUUID();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private leading = false;
  private epoch = '';
  private seq = 0;
  private live?: LiveQueueMetrics;
  private projector?: MetricFactProjector;
  private handles?: AgentHandles;
  private tail?: EventTail;
  /** Events before this (ms) were left out of the rebuild; the tail skips them too. */
  private cutoffMs = 0;
  private targets = new Map<string, QueueTarget>();
  /** Names, alert thresholds and required skills, read with the targets. */
  private settings = new Map<string, QueueMetricsSettings>();
  private targetsLoadedAt = 0;
  private dirty = true;
  private lastPushAt = 0;
  private lastRenewAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ROUTER_REDIS) private readonly redis: Redis,
    @Inject(REALTIME_EMITTER) private readonly emitter: RealtimeEmitter,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Hand over at once rather than after the lease runs out.
    if (this.leading) await this.releaseLease();
  }

  private async releaseLease(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.leaderKey, this.instance).catch(() => undefined);
  }

  private get leaderKey(): string {
    return metricsLeaderKey(this.config.redis.prefix);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick().then(
        () => this.schedule(POLL_MS),
        (error: unknown) => {
          this.logger.warn(`metrics tick failed: ${String(error)}`);
          // Start again from the log; let go of the lease so this or another router takes over now.
          this.live = undefined;
          this.leading = false;
          void this.releaseLease().finally(() => this.schedule(1000));
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (!(await this.holdLease(now))) return;
    if (!this.live) {
      await this.rebuild(now);
      // A long rebuild may have outlived the lease: push nothing unless it is still ours.
      if (!(await this.holdLease(Date.now(), true))) return;
    }
    await this.reloadTargets(now);
    if (!this.live) return; // a threshold changed: rebuilt on the next tick
    const applied = await this.readTail();
    if (applied > 0) this.dirty = true;
    // A queue created since the last reload: show its tile now, not at the next reload.
    if (this.live!.knownQueues.some((q) => !this.targets.has(q))) await this.reloadTargets(now, true);
    const anyWaiting = this.live!.knownQueues.some((q) => this.projector!.waitingSummary(q, now).waiting > 0);
    const since = now - this.lastPushAt;
    const due =
      since >= this.config.metrics.pushIntervalMs &&
      (this.dirty || (anyWaiting && since >= 1000 - POLL_MS) || since >= KEEPALIVE_MS);
    if (due && (await this.holdLease(Date.now(), true))) await this.push(now);
  }

  /** True while this process holds the lease (renewed when a third of it has passed, or when `renewNow`). */
  private async holdLease(now: number, renewNow = false): Promise<boolean> {
    if (this.leading) {
      if (!renewNow && now - this.lastRenewAt < LEADER_TTL_MS / 3) return true;
      const renewed = (await this.redis.eval(RENEW, 1, this.leaderKey, this.instance, String(LEADER_TTL_MS))) === 1;
      this.lastRenewAt = now;
      if (!renewed) {
        this.logger.warn('metrics engine lease lost; another router runs it now');
        this.leading = false;
        this.live = undefined;
      }
      return renewed;
    }
    const got = await this.redis.set(this.leaderKey, this.instance, 'PX', LEADER_TTL_MS, 'NX');
    if (got !== 'OK') return false;
    this.leading = true;
    this.lastRenewAt = now;
    this.live = undefined;
    this.logger.log('running the metrics engine');
    return true;
  }

  /** Replays the log since the start of today (or the retention, if longer ago) into fresh state. */
  private async rebuild(now: number): Promise<void> {
    const started = performance.now();
    const m = this.config.metrics;
    this.live = new LiveQueueMetrics({ windowSeconds: m.windowSeconds, retentionSeconds: m.retentionSeconds });
    this.projector = new MetricFactProjector(this.live);
    this.handles = new AgentHandles();
    await this.reloadTargets(now, true);
    const dayStart = localDayStart(new Date(now), m.timeZone, m.dayStartMinute).getTime();
    this.live.setDayStart(dayStart);
    this.cutoffMs = Math.min(dayStart, now - m.retentionSeconds * 1000);
    const logTop = await readLogTop(this.db.manager);
    const events = await readEventsForRebuild(this.db.manager, this.cutoffMs);
    // Ids just below the log's top may belong to transactions that commit later: keep them open.
    // The tail re-reads that range, so it skips what the rebuild left out on purpose: events
    // older than the cut-off (of tickets with nothing since). What commits late is never that old.
    const top = events.reduce((max, e) => Math.max(max, e.id), logTop);
    this.tail = new EventTail(Math.max(0, top - IN_FLIGHT_IDS), GAP_GRACE_MS);
    for (const e of events) {
      this.tail.accept(e.id);
      this.projector.apply(e);
      this.handles.apply(e);
    }
    this.tail.settle(now);
    this.epoch = randomUUID();
    this.seq = 0;
    this.dirty = true;
    this.logger.log(
      `metrics state rebuilt from ${events.length} events in ${Math.round(performance.now() - started)} ms`,
    );
  }

  private async reloadTargets(now: number, force = false): Promise<void> {
    if (!force && now - this.targetsLoadedAt < QUEUES_RELOAD_MS) return;
    const rows = await loadQueueMetricsSettings(this.db.manager);
    const before = this.targets.size;
    this.targets = new Map(rows.map((r) => [r.key, { key: r.key, ...r.serviceLevel }]));
    const settingsBefore = JSON.stringify([...this.settings.values()]);
    this.settings = new Map(rows.map((r) => [r.key, r]));
    this.targetsLoadedAt = now;
    // A changed threshold re-classifies every retained answer: start again from the log.
    if (this.live?.setTargets([...this.targets.values()])) this.live = undefined;
    // A new queue, or a changed name, alert threshold or skill: boards show it on the next push.
    if (rows.length !== before || JSON.stringify(rows) !== settingsBefore) this.dirty = true;
  }

  private async readTail(): Promise<number> {
    let applied = 0;
    // Page with a cursor of our own: ids above an unsettled hole are read once per tick, not in a loop.
    let cursor = this.tail!.after;
    for (;;) {
      const batch = await readEventsAfter(this.db.manager, cursor, TAIL_BATCH);
      cursor = batch.at(-1)?.id ?? cursor;
      for (const e of batch) {
        if (this.tail!.accept(e.id) && e.atMs >= this.cutoffMs) {
          this.projector!.apply(e);
          this.handles!.apply(e);
          applied++;
        }
      }
      this.tail!.settle(Date.now());
      if (batch.length < TAIL_BATCH) return applied;
    }
  }

  private async push(now: number): Promise<void> {
    const live = this.live!;
    // Every applied event is at or before now; asOf after the newest keeps the window exact.
    const asOf = now;
    const m = this.config.metrics;
    const dayStart = localDayStart(new Date(asOf), m.timeZone, m.dayStartMinute).getTime();
    live.setDayStart(dayStart);
    live.advance(asOf);
    this.projector!.prune(asOf - Math.max(m.retentionSeconds * 1000, asOf - dayStart));

    const fromMs = asOf - m.windowSeconds * 1000;
    this.handles!.prune(fromMs);
    // Who handled what comes from the engine's own tail of the log, not from a scan of it per push.
    const agents = await loadAgentMetrics(
      this.db.manager,
      { fromMs, asOfMs: asOf },
      undefined,
      this.handles!.intervals(fromMs, asOf),
    );
    const counts = agentCountsByQueue(agents);
    const able = ableAgentsByQueue(agents, new Map([...this.settings.values()].map((q) => [q.key, q.requiredSkills])));
    const queues: QueueMetrics[] = [...this.targets.values()].map((t) => {
      const waiting = this.projector!.waitingSummary(t.key, asOf);
      const settings = this.settings.get(t.key);
      return queueSnapshot({
        queue: t.key,
        name: settings?.name,
        able: able.get(t.key),
        alertThresholds: settings?.alertThresholds,
        asOfMs: asOf,
        windowSeconds: m.windowSeconds,
        window: live.windowCounters(t.key),
        today: live.todayCounters(t.key),
        dayStartMs: dayStart,
        waiting: waiting.waiting,
        longestWaitSeconds: waiting.longestWaitSeconds,
        agents: counts.get(t.key),
        serviceLevel: { thresholdSeconds: t.thresholdSeconds, targetPercent: t.targetPercent },
        fcrWindowSeconds: this.config.fcrWindowDays * 86_400,
      });
    });
    const meta: MetricsPushMeta = { seq: ++this.seq, epoch: this.epoch, asOf: new Date(asOf).toISOString() };
    const agentsPayload: AgentMetricsResponse = { asOf: meta.asOf, windowSeconds: m.windowSeconds, agents };
    const snapshot: MetricsSnapshot = { queues, agents: agentsPayload, meta };
    // The snapshot first: a client that joins between the two sees this state, not an older one.
    await this.redis.set(metricsSnapshotKey(this.config.redis.prefix), JSON.stringify(snapshot), 'PX', 60_000);
    this.emitter.to(rooms.supervisors).emit('metrics.queues', queues, meta);
    this.emitter.to(rooms.agentGrid).emit('metrics.agents', agentsPayload, meta);
    for (const q of queues) {
      this.emitter.to(rooms.queue(q.queue)).emit('queue.stats', {
        asOf: meta.asOf,
        queues: [{ queue: q.queue, waiting: q.waiting, longestWaitSeconds: q.longestWaitSeconds }],
      });
    }
    this.dirty = false;
    this.lastPushAt = now;
  }
}
