import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import { ROUTING_QUEUE, routingJobs, type RoutingJobSpec } from '@switchboard/messaging';
import {
  agentCounterDrift,
  endOffer,
  lockAgent,
  lockOffer,
  lockTicket,
  lockTicketWithPendingOffer,
  reconcileScans,
  repairAgentWorkCounters,
  requeue,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ROUTER_CONFIG } from '../router-config.js';
import { RoutingService } from './routing.service.js';

export interface ReconcileReport {
  routingJobsRestored: number;
  offerTimersRestored: number;
  offersExpired: number;
  /** Pending offers whose ticket was not being offered: ended. */
  offersWithoutTicket: number;
  wrapUpTimersRestored: number;
  wrapUpsEnded: number;
  offeredWithoutOffer: number;
  /** Agents whose stored work counters disagreed with their offers and tickets. */
  agentCountersRepaired: number;
  /** The waiting counts in Redis were wrong and are counted again (not counted when Redis had none yet). */
  waitingCountsRebuilt: number;
  agentsNudged: number;
}

/**
 * A change this recent may still be handing its jobs to Redis (its commit came first): its jobs
 * are not missing yet.
 */
const IN_FLIGHT_MS = 1_000;

/** Only one router reconciles at a time (session-level advisory lock). */
const RECONCILE_LOCK = 'switchboard:reconciler';

/**
 * Rebuilds Redis routing state from PostgreSQL, the system of record: at start-up and every
 * RECONCILE_INTERVAL_SECONDS. Repairs what a Redis flush, a crash between commit and enqueue,
 * or a lost timer leaves behind, and writes a `ticket.reconciled` event for each ticket fixed.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(ROUTING_QUEUE) private readonly queue: Queue,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly work: TicketWork,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.reconcile()
        .catch((error: unknown) => this.logger.error(error))
        .finally(() => {
          this.timer = setTimeout(tick, this.config.routing.reconcileIntervalSeconds * 1000);
        });
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  async reconcile(): Promise<ReconcileReport | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [
        RECONCILE_LOCK,
      ])) as [{ locked: boolean }];
      if (!locked) return null;
      try {
        const report = await this.repair();
        const fixes = Object.values(report).reduce((a, b) => a + b, 0) - report.agentsNudged;
        if (fixes > 0) this.logger.warn(`reconciled: ${JSON.stringify(report)}`);
        return report;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [RECONCILE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async repair(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      routingJobsRestored: 0,
      offerTimersRestored: 0,
      offersExpired: 0,
      offersWithoutTicket: 0,
      wrapUpTimersRestored: 0,
      wrapUpsEnded: 0,
      offeredWithoutOffer: 0,
      agentCountersRepaired: 0,
      waitingCountsRebuilt: 0,
      agentsNudged: 0,
    };
    const now = new Date();
    const sql = this.work.sql;

    // 1. Waiting tickets whose routing job is missing from Redis.
    const waiting = await reconcileScans.waitingTickets(sql);
    for (const ticket of waiting) {
      if (now.getTime() - ticket.changedAt.getTime() < IN_FLIGHT_MS) continue;
      if (ticket.routingToken) {
        const spec = routingJobs.routeTicket(ticket.id, ticket.routingToken, ticket.priority);
        if (await this.jobAlive(spec)) continue;
      }
      const fixed = await this.work.run(async (tx) => {
        const locked = await lockTicket(tx, ticket.id);
        if (!locked || locked.status !== 'queued' || locked.routingToken !== ticket.routingToken) return false;
        // A fresh token: a finished job under the old id would make BullMQ ignore the re-add.
        const token = randomUUID();
        tx.append(locked, [{ type: 'ticket.reconciled', at: now, data: { fix: 'routing-job-restored' } }]);
        tx.change(locked, { routingToken: token });
        tx.effects.ticketWaiting(locked.id, token, locked.priority, 0);
        return true;
      });
      if (fixed) report.routingJobsRestored++;
    }

    // 2. Pending offers: past their deadline → expire now; otherwise make sure the timer exists.
    //    An offer whose ticket is not being offered contradicts it: it ends (reconcile).
    for (const offer of await reconcileScans.pendingOffers(sql)) {
      if (offer.ticketStatus !== 'offered') {
        const ended = await this.work.run(async (tx) => {
          const held = await lockOffer(tx, offer.id);
          if (!held || held.ticket.status === 'offered') return false;
          return endOffer(tx, held, 'reconcile', this.endContext()).kind === 'ended';
        });
        if (ended) report.offersWithoutTicket++;
        continue;
      }
      if (offer.expiresAt.getTime() <= now.getTime()) {
        if ((await this.routing.expireOffer(offer.id)) === 'expired') {
          report.offersExpired++;
          await this.note(offer.ticketId, { fix: 'overdue-offer-expired', offerId: offer.id });
        }
        continue;
      }
      if (now.getTime() - offer.createdAt.getTime() < IN_FLIGHT_MS) continue;
      const spec = routingJobs.offerTimeout(offer.id, offer.expiresAt, now);
      if (await this.jobAlive(spec)) continue;
      await this.queue.add(spec.name, spec.data, spec.opts);
      report.offerTimersRestored++;
      await this.note(offer.ticketId, { fix: 'offer-timer-restored', offerId: offer.id });
    }

    // 3. Tickets marked offered with no pending offer (should be impossible; repaired if seen).
    for (const { id } of await reconcileScans.offeredWithoutOffer(sql)) {
      const fixed = await this.work.run(async (tx) => {
        const held = await lockTicketWithPendingOffer(tx, id);
        if (!held.ticket || held.ticket.status !== 'offered' || held.offer) return false;
        requeue(tx, held.ticket, { type: 'ticket.reconciled', at: now, data: { fix: 'offered-without-offer' } });
        return true;
      });
      if (fixed) report.offeredWithoutOffer++;
    }

    // 4. Wrap-ups: overdue → end now; running → make sure the timer exists.
    for (const w of await reconcileScans.wrapUps(sql)) {
      if (w.until.getTime() <= now.getTime()) {
        if ((await this.routing.endWrapUp(w.agentId, w.ticketId)) === 'ended') report.wrapUpsEnded++;
        continue;
      }
      const spec = routingJobs.wrapUpEnd(w.agentId, w.ticketId, w.until, now);
      if (await this.jobAlive(spec)) continue;
      await this.queue.add(spec.name, spec.data, spec.opts);
      report.wrapUpTimersRestored++;
    }

    // 5. The work each agent holds, as its row counts it, against the offers and tickets themselves.
    for (const agentId of await agentCounterDrift(sql)) {
      const repaired = await this.work.run(async (tx) => {
        if (!(await lockAgent(tx, agentId))) return false;
        return repairAgentWorkCounters(tx, agentId);
      });
      if (repaired) {
        report.agentCountersRepaired++;
        this.logger.warn(`agent ${agentId}: work counters disagreed with their offers and tickets; recounted`);
      }
    }

    // 6. The waiting counts in Redis (RoutingBoard): rebuilt when Redis lost them, or when they
    //    disagree with PostgreSQL in the same way twice running (a difference that lasts is no
    //    change in flight: a count a crash or a lost write left wrong).
    if (await this.reconcileWaitingCounts()) report.waitingCountsRebuilt++;

    // 7. Available agents with room while tickets wait: let each look for work (cheap, and covers a
    //    routing pass lost with a crashed process). Not counted as a fix.
    if (waiting.length > 0) {
      const jobs: RoutingJobSpec[] = (await reconcileScans.idleAgents(sql)).map((a) =>
        routingJobs.routeAgent(a.id, 'reconciler'),
      );
      if (jobs.length > 0) await this.queue.addBulk(jobs);
      report.agentsNudged = jobs.length;
    }
    return report;
  }

  private lastWaitingDrift = '';

  private async reconcileWaitingCounts(): Promise<boolean> {
    const truth = await reconcileScans.waitingCounts(this.work.sql);
    const board = await this.work.board.waiting();
    let drift = '';
    if (board !== 'unknown') {
      const keys = new Set([...truth.keys(), ...board.keys()]);
      drift = [...keys]
        .filter((k) => (truth.get(k) ?? 0) !== Math.max(0, board.get(k) ?? 0))
        .sort()
        .map((k) => `${k}=${board.get(k) ?? 0}/${truth.get(k) ?? 0}`)
        .join(',');
    }
    const rebuild = board === 'unknown' || (drift !== '' && drift === this.lastWaitingDrift);
    this.lastWaitingDrift = rebuild ? '' : drift;
    if (!rebuild) return false;
    await this.work.board.rebuild(truth);
    if (board !== 'unknown') this.logger.warn(`waiting counts in Redis disagreed with PostgreSQL (${drift}); rebuilt`);
    return board !== 'unknown';
  }

  private endContext() {
    return { now: new Date(), actorId: null, maxMissedOffers: this.config.routing.maxMissedOffers };
  }

  /** True when the job is waiting, delayed, active or prioritized in Redis. */
  private async jobAlive(spec: RoutingJobSpec): Promise<boolean> {
    const job = await this.queue.getJob(spec.opts.jobId!);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  private async note(ticketId: string, data: Record<string, unknown>): Promise<void> {
    await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (ticket) tx.append(ticket, [{ type: 'ticket.reconciled', at: new Date(), data }]);
    });
  }
}
