import { Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { InboxItem, ReviewerGoal, SamplingReason, SamplingRules } from '@switchboard/contracts';
import { ticketReference } from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import type { SamplingRulesDto } from './qa.dto.js';

/** Each sweep looks this far behind the previous one: a resolution committed late is still seen. */
const OVERLAP_MS = 120_000;
/** On start, resolutions this old are still sampled (a stack that was down for a while). */
const FIRST_LOOK_BACK_MS = 7 * 86_400_000;
/** A reviewer without a goal of their own gets this many tickets a week. */
export const DEFAULT_WEEKLY_GOAL = 25;
/** One sweeper at a time across api processes. */
const SWEEP_LOCK = 7_311_001;

/**
 * The QA inbox (issue: sampling and inbox): each queue's rules choose resolved tickets — a
 * random share (a hash of the ticket's id, so the same ticket draws the same way every time),
 * and always a low rating, a transfer, a repeat contact, a long handle, or an agent who failed a
 * form before. A ticket enters the inbox once, with every rule that chose it; a rule chooses a
 * ticket once. New entries go round-robin to QA reviewers by their weekly goals.
 */
const SAMPLE_SQL = `
WITH cand AS (
  SELECT t.id, t.assigned_agent_id, t.resolved_at, r.random_percent, r.csat_at_most, r.transferred,
         r.repeat_contact, r.handle_seconds_above, r.auto_failed_before
    FROM tickets t JOIN qa_sampling_rules r ON r.queue_id = t.queue_id
   WHERE t.status = 'resolved'
     AND (t.resolved_at >= $1 OR EXISTS (SELECT 1 FROM ticket_events c WHERE c.ticket_id = t.id
                                            AND c.type = 'ticket.csat_recorded' AND c.at >= $1))
),
chosen AS (
  SELECT c.id AS ticket_id, v.reason
    FROM cand c CROSS JOIN LATERAL (VALUES
      ('random', c.random_percent > 0
         AND ('x' || lpad(substr(md5(c.id::text), 1, 8), 16, '0'))::bit(64)::bigint % 10000 < c.random_percent * 100),
      ('csat', c.csat_at_most IS NOT NULL AND EXISTS (
         SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.id AND e.type = 'ticket.csat_recorded'
            AND jsonb_typeof(e.data->'score') = 'number' AND (e.data->>'score')::numeric <= c.csat_at_most)),
      ('transferred', c.transferred AND EXISTS (
         SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.id AND e.type = 'ticket.transferred')),
      ('repeat_contact', c.repeat_contact AND EXISTS (
         SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.id AND e.type IN ('ticket.repeat_contact', 'ticket.reopened'))),
      ('handle_time', c.handle_seconds_above IS NOT NULL AND EXISTS (
         SELECT 1 FROM ticket_events e WHERE e.ticket_id = c.id AND e.type = 'ticket.resolved'
            AND jsonb_typeof(e.data->'handleSeconds') = 'number' AND (e.data->>'handleSeconds')::numeric > c.handle_seconds_above)),
      ('auto_failed_before', c.auto_failed_before AND EXISTS (
         SELECT 1 FROM qa_evaluations ev WHERE ev.agent_id = c.assigned_agent_id AND ev.auto_failed
            AND ev.calibration_id IS NULL AND ev.status <> 'draft' AND ev.submitted_at < c.resolved_at))
    ) AS v(reason, hit)
   WHERE v.hit
)
INSERT INTO qa_inbox (ticket_id, reasons, sampled_at)
SELECT ticket_id, array_agg(reason ORDER BY reason), now() FROM chosen GROUP BY ticket_id
ON CONFLICT (ticket_id) DO UPDATE
   SET reasons = (SELECT array_agg(DISTINCT r ORDER BY r) FROM unnest(qa_inbox.reasons || EXCLUDED.reasons) r)
 WHERE NOT (EXCLUDED.reasons <@ qa_inbox.reasons)
RETURNING ticket_id`;

interface InboxRow {
  ticket_id: string;
  number: number;
  subject: string;
  queue: string;
  agent_name: string | null;
  resolved_at: Date | null;
  reasons: SamplingReason[];
  reviewer_id: string | null;
  reviewer_name: string | null;
  sampled_at: Date;
  done_at: Date | null;
}

@Injectable()
export class SamplingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SamplingService.name);
  private timer?: NodeJS.Timeout;
  private since = new Date(Date.now() - FIRST_LOOK_BACK_MS);
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.qaSamplingSeconds === 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`QA sampling sweep failed: ${String(error)}`));
    }, this.config.qaSamplingSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Samples what was resolved or rated since the last sweep; returns the inbox entries added or widened. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const started = Date.now();
    const touched = await this.db.transaction(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK])) as [
        { locked: boolean },
      ];
      if (!locked) return null;
      const rows = (await m.query(SAMPLE_SQL, [this.since])) as { ticket_id: string }[];
      await this.assign(m);
      return rows.length;
    });
    if (touched === null) return 0;
    this.since = new Date(started - OVERLAP_MS);
    return touched;
  }

  /**
   * Unassigned entries, oldest first, each to the reviewer furthest from this week's goal (the
   * share of it they already have), ties to the one with fewer: a round-robin weighted by goals.
   * Reviewers with a goal of 0 get none; with nobody to take them, entries wait unassigned.
   */
  private async assign(m: EntityManager): Promise<void> {
    const waiting = (await m.query(
      `SELECT ticket_id FROM qa_inbox WHERE reviewer_id IS NULL AND done_at IS NULL ORDER BY sampled_at, ticket_id FOR UPDATE SKIP LOCKED`,
    )) as { ticket_id: string }[];
    if (waiting.length === 0) return;
    const reviewers = (await this.reviewerLoads(m)).filter((r) => r.weeklyGoal > 0);
    if (reviewers.length === 0) return;
    const byReviewer = new Map<string, string[]>();
    for (const { ticket_id } of waiting) {
      reviewers.sort(
        (a, b) =>
          a.assignedThisWeek / a.weeklyGoal - b.assignedThisWeek / b.weeklyGoal ||
          a.assignedThisWeek - b.assignedThisWeek ||
          a.reviewerId.localeCompare(b.reviewerId),
      );
      const next = reviewers[0]!;
      next.assignedThisWeek += 1;
      const list = byReviewer.get(next.reviewerId);
      if (list) list.push(ticket_id);
      else byReviewer.set(next.reviewerId, [ticket_id]);
    }
    for (const [reviewerId, tickets] of byReviewer)
      await m.query(`UPDATE qa_inbox SET reviewer_id = $1 WHERE ticket_id = ANY($2::uuid[])`, [reviewerId, tickets]);
  }

  private async reviewerLoads(m: EntityManager = this.db.manager): Promise<ReviewerGoal[]> {
    const rows = (await m.query(
      `SELECT u.id, u.name, coalesce(g.weekly_goal, $1)::int AS goal,
              (SELECT count(*) FROM qa_inbox i WHERE i.reviewer_id = u.id AND i.sampled_at >= date_trunc('week', now()))::int AS assigned,
              (SELECT count(*) FROM qa_inbox i WHERE i.reviewer_id = u.id AND i.done_at >= date_trunc('week', now()))::int AS done
         FROM users u LEFT JOIN qa_reviewer_goals g ON g.user_id = u.id
        WHERE u.role = 'qa' AND NOT u.disabled
        ORDER BY u.name, u.id`,
      [DEFAULT_WEEKLY_GOAL],
    )) as { id: string; name: string; goal: number; assigned: number; done: number }[];
    return rows.map((r) => ({
      reviewerId: r.id,
      name: r.name,
      weeklyGoal: r.goal,
      assignedThisWeek: r.assigned,
      doneThisWeek: r.done,
    }));
  }

  reviewers(): Promise<ReviewerGoal[]> {
    return this.reviewerLoads();
  }

  async setGoal(reviewerId: string, weeklyGoal: number): Promise<ReviewerGoal> {
    const [user] = (await this.db.query(`SELECT role FROM users WHERE id = $1`, [reviewerId])) as { role: string }[];
    if (!user || user.role !== 'qa') throw new NotFoundException(`QA reviewer ${reviewerId} does not exist`);
    await this.db.query(
      `INSERT INTO qa_reviewer_goals (user_id, weekly_goal) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET weekly_goal = EXCLUDED.weekly_goal`,
      [reviewerId, weeklyGoal],
    );
    return (await this.reviewerLoads()).find((r) => r.reviewerId === reviewerId)!;
  }

  async rules(): Promise<SamplingRules[]> {
    const rows = (await this.db.query(
      `SELECT q.key AS queue, coalesce(r.random_percent, 0)::float8 AS "randomPercent", r.csat_at_most AS "csatAtMost",
              coalesce(r.transferred, false) AS transferred, coalesce(r.repeat_contact, false) AS "repeatContact",
              r.handle_seconds_above AS "handleSecondsAbove", coalesce(r.auto_failed_before, false) AS "autoFailedBefore"
         FROM queues q LEFT JOIN qa_sampling_rules r ON r.queue_id = q.id ORDER BY q.key`,
    )) as SamplingRules[];
    return rows;
  }

  async setRules(queue: string, rules: SamplingRulesDto): Promise<SamplingRules> {
    const [q] = (await this.db.query(`SELECT id FROM queues WHERE key = $1`, [queue])) as { id: string }[];
    if (!q) throw new NotFoundException(`queue ${queue} does not exist`);
    await this.db.query(
      `INSERT INTO qa_sampling_rules (queue_id, random_percent, csat_at_most, transferred, repeat_contact,
         handle_seconds_above, auto_failed_before, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (queue_id) DO UPDATE SET random_percent = EXCLUDED.random_percent, csat_at_most = EXCLUDED.csat_at_most,
         transferred = EXCLUDED.transferred, repeat_contact = EXCLUDED.repeat_contact,
         handle_seconds_above = EXCLUDED.handle_seconds_above, auto_failed_before = EXCLUDED.auto_failed_before,
         updated_at = now()`,
      [
        q.id,
        rules.randomPercent,
        rules.csatAtMost ?? null,
        rules.transferred,
        rules.repeatContact,
        rules.handleSecondsAbove ?? null,
        rules.autoFailedBefore,
      ],
    );
    return (await this.rules()).find((r) => r.queue === queue)!;
  }

  /** The inbox: `me` (a QA reviewer's own), `all`, or one reviewer's; open entries unless `done`. */
  async inbox(viewer: AuthUser, reviewer: string | undefined, done: boolean): Promise<InboxItem[]> {
    const who = reviewer ?? (viewer.role === 'qa' ? 'me' : 'all');
    const params: unknown[] = [];
    const where: string[] = [];
    if (who !== 'all') {
      params.push(who === 'me' ? viewer.id : who);
      where.push(`i.reviewer_id = $${params.length}`);
    }
    if (!done) where.push('i.done_at IS NULL');
    const rows = (await this.db.query(
      `SELECT i.ticket_id, t.number, t.subject, q.key AS queue, a.name AS agent_name, t.resolved_at, i.reasons,
              i.reviewer_id, r.name AS reviewer_name, i.sampled_at, i.done_at
         FROM qa_inbox i JOIN tickets t ON t.id = i.ticket_id JOIN queues q ON q.id = t.queue_id
         LEFT JOIN users a ON a.id = t.assigned_agent_id LEFT JOIN users r ON r.id = i.reviewer_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY i.sampled_at, i.ticket_id LIMIT 500`,
      params,
    )) as InboxRow[];
    return rows.map((r) => ({
      ticketId: r.ticket_id,
      ticketReference: ticketReference(r.number),
      subject: r.subject,
      queue: r.queue,
      agentName: r.agent_name,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      reasons: r.reasons,
      reviewer: r.reviewer_id ? { id: r.reviewer_id, name: r.reviewer_name ?? '' } : null,
      sampledAt: r.sampled_at.toISOString(),
      doneAt: r.done_at?.toISOString() ?? null,
    }));
  }
}
