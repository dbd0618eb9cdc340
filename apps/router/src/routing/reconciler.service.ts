import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  ROUTING_QUEUE,
  routingJobs,
  type RealtimeEmitter,
  type RoutingJobSpec,
} from '@switchboard/messaging';
import { appendTicketEvent, inTransaction, requeueTicket, TicketEntity } from '@switchboard/persistence';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REALTIME_EMITTER, ROUTER_CONFIG } from '../router-config.js';
import { RoutingService } from './routing.service.js';

export interface ReconcileReport {
  routingJobsRestored: number;
  offerTimersRestored: number;
  offersExpired: number;
  wrapUpTimersRestored: number;
  wrapUpsEnded: number;
  offeredWithoutOffer: number;
  agentsNudged: number;
}

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
    @Inject(REALTIME_EMITTER) private readonly emitter: RealtimeEmitter,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
    private readonly routing: RoutingService,
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
      wrapUpTimersRestored: 0,
      wrapUpsEnded: 0,
      offeredWithoutOffer: 0,
      agentsNudged: 0,
    };
    const now = new Date();

    // 1. Waiting tickets whose routing job is missing from Redis.
    const waiting = await this.db.getRepository(TicketEntity).find({ where: { status: 'queued' } });
    for (const ticket of waiting) {
      if (ticket.routingToken) {
        const spec = routingJobs.routeTicket(ticket.id, ticket.routingToken, ticket.priority);
        if (await this.jobAlive(spec)) continue;
      }
      const effects = new AfterCommit();
      const fixed = await inTransaction(this.db, async (manager) => {
        const locked = await manager.findOne(TicketEntity, {
          where: { id: ticket.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!locked || locked.status !== 'queued' || locked.routingToken !== ticket.routingToken) return false;
        await appendTicketEvent(manager, locked, {
          type: 'ticket.reconciled',
          at: now,
          data: { fix: 'routing-job-restored' },
        });
        // A fresh token: a finished job under the old id would make BullMQ ignore the re-add.
        const token = randomUUID();
        await manager.update(TicketEntity, { id: locked.id }, { routingToken: token });
        effects.job(routingJobs.routeTicket(locked.id, token, locked.priority));
        return true;
      });
      if (fixed) {
        await effects.flush(this.queue, this.emitter);
        report.routingJobsRestored++;
      }
    }

    // 2. Pending offers: past their deadline → expire now; otherwise make sure the timer exists.
    const pending = (await this.db.query(`SELECT id, ticket_id, expires_at FROM offers WHERE status = 'pending'`)) as {
      id: string;
      ticket_id: string;
      expires_at: Date;
    }[];
    for (const offer of pending) {
      if (offer.expires_at.getTime() <= now.getTime()) {
        const effects = new AfterCommit();
        if ((await this.routing.expireOffer(offer.id, effects)) === 'expired') {
          await effects.flush(this.queue, this.emitter);
          report.offersExpired++;
          await this.note(offer.ticket_id, { fix: 'overdue-offer-expired', offerId: offer.id });
        }
        continue;
      }
      const spec = routingJobs.offerTimeout(offer.id, offer.expires_at, now);
      if (await this.jobAlive(spec)) continue;
      await this.queue.add(spec.name, spec.data, spec.opts);
      report.offerTimersRestored++;
      await this.note(offer.ticket_id, { fix: 'offer-timer-restored', offerId: offer.id });
    }

    // 3. Tickets marked offered with no pending offer (should be impossible; repaired if seen).
    const orphans = (await this.db.query(
      `SELECT t.id FROM tickets t WHERE t.status = 'offered'
          AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = t.id AND o.status = 'pending')`,
    )) as { id: string }[];
    for (const { id } of orphans) {
      const effects = new AfterCommit();
      const fixed = await inTransaction(this.db, async (manager) => {
        const ticket = await manager.findOne(TicketEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        const stillPending = await manager.query(`SELECT 1 FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [
          id,
        ]);
        if (!ticket || ticket.status !== 'offered' || stillPending.length > 0) return false;
        const token = await requeueTicket(manager, ticket, {
          type: 'ticket.reconciled',
          at: now,
          data: { fix: 'offered-without-offer' },
        });
        effects.job(routingJobs.routeTicket(id, token, ticket.priority));
        return true;
      });
      if (fixed) {
        await effects.flush(this.queue, this.emitter);
        report.offeredWithoutOffer++;
      }
    }

    // 4. Wrap-ups: overdue → end now; running → make sure the timer exists.
    const wrapUps = (await this.db.query(
      `SELECT user_id, wrap_up_ticket_id, wrap_up_until FROM agents WHERE wrap_up_ticket_id IS NOT NULL`,
    )) as { user_id: string; wrap_up_ticket_id: string; wrap_up_until: Date }[];
    for (const w of wrapUps) {
      if (w.wrap_up_until.getTime() <= now.getTime()) {
        const effects = new AfterCommit();
        if ((await this.routing.endWrapUp(w.user_id, w.wrap_up_ticket_id, effects)) === 'ended') {
          await effects.flush(this.queue, this.emitter);
          report.wrapUpsEnded++;
        }
        continue;
      }
      const spec = routingJobs.wrapUpEnd(w.user_id, w.wrap_up_ticket_id, w.wrap_up_until, now);
      if (await this.jobAlive(spec)) continue;
      await this.queue.add(spec.name, spec.data, spec.opts);
      report.wrapUpTimersRestored++;
    }

    // 5. Available agents with nothing offered: let each look for work (cheap, and covers a
    //    lost agent.route job). Not counted as a fix.
    if (waiting.length > 0) {
      const idle = (await this.db.query(
        `SELECT a.user_id FROM agents a WHERE a.status = 'available' AND (a.wrap_up_until IS NULL OR a.wrap_up_until < now())
            AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.agent_id = a.user_id AND o.status = 'pending')`,
      )) as { user_id: string }[];
      const jobs: RoutingJobSpec[] = idle.map((a) => routingJobs.routeAgent(a.user_id, 'reconciler'));
      if (jobs.length > 0) await this.queue.addBulk(jobs);
      report.agentsNudged = jobs.length;
    }
    return report;
  }

  /** True when the job is waiting, delayed, active or prioritized in Redis. */
  private async jobAlive(spec: RoutingJobSpec): Promise<boolean> {
    const job = await this.queue.getJob(spec.opts.jobId!);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  private async note(ticketId: string, data: Record<string, unknown>): Promise<void> {
    await inTransaction(this.db, async (manager) => {
      const ticket = await manager.findOne(TicketEntity, {
        where: { id: ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      if (ticket) await appendTicketEvent(manager, ticket, { type: 'ticket.reconciled', at: new Date(), data });
    });
  }
}
