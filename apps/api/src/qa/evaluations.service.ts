import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type {
  EvaluationAnswer,
  EvaluationDetail,
  EvaluationRequest,
  EvaluationStatus,
  EvaluationSummary,
  Page,
  Scorecard,
  SectionScore,
} from '@switchboard/contracts';
import { InvalidAnswers, scoreEvaluation, unansweredCriteria, type ScoreResult } from '@switchboard/domain';
import { ticketReference } from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { EvaluationFilterDto, ListEvaluationsQueryDto } from './qa.dto.js';
import { returning } from '../common/returning.js';
import { ScorecardsService } from './scorecards.service.js';

export interface EvaluationRow {
  id: string;
  ticket_id: string;
  number: number;
  subject: string;
  queue: string;
  agent_id: string | null;
  agent_name: string | null;
  reviewer_id: string | null;
  reviewer_name: string | null;
  scorecard_id: string;
  scorecard_name: string;
  scorecard_version: number;
  calibration_id: string | null;
  status: EvaluationStatus;
  version: number;
  score: string | null;
  auto_failed: boolean;
  section_scores: SectionScore[];
  answers: EvaluationAnswer[];
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  dispute_until: Date | null;
  acknowledged_at: Date | null;
  acknowledgement: string | null;
  disputed_at: Date | null;
  dispute_reason: string | null;
  dispute_outcome: 'rescored' | 'upheld' | null;
  dispute_resolved_at: Date | null;
  dispute_note: string | null;
  cursor_at: string;
}

/** Evaluations with what lists show of their ticket, people and scorecard. */
export const EVALUATION_SELECT = `SELECT ev.*, t.number, t.subject, q.key AS queue, a.name AS agent_name, r.name AS reviewer_name,
       sv.name AS scorecard_name,
       to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
  FROM qa_evaluations ev
  JOIN tickets t ON t.id = ev.ticket_id
  JOIN queues q ON q.id = ev.queue_id
  JOIN qa_scorecard_versions sv ON sv.scorecard_id = ev.scorecard_id AND sv.version = ev.scorecard_version
  LEFT JOIN users a ON a.id = ev.agent_id
  LEFT JOIN users r ON r.id = ev.reviewer_id`;

const readable = (r: EvaluationRow) => ({ agentId: r.agent_id, status: r.status, calibrationId: r.calibration_id });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const num = (s: string | null) => (s === null ? null : Number(s));

export function toSummary(r: EvaluationRow): EvaluationSummary {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    ticketReference: ticketReference(r.number),
    subject: r.subject,
    queue: r.queue,
    agentId: r.agent_id,
    agentName: r.agent_name,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    scorecardId: r.scorecard_id,
    scorecardName: r.scorecard_name,
    scorecardVersion: r.scorecard_version,
    calibrationId: r.calibration_id,
    status: r.status,
    version: r.version,
    score: num(r.score),
    autoFailed: r.auto_failed,
    sections: r.section_scores,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    submittedAt: iso(r.submitted_at),
    disputeUntil: iso(r.dispute_until),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgement: r.acknowledgement,
    dispute:
      r.disputed_at && r.dispute_reason !== null
        ? {
            reason: r.dispute_reason,
            at: r.disputed_at.toISOString(),
            outcome: r.dispute_outcome,
            resolvedAt: iso(r.dispute_resolved_at),
            note: r.dispute_note,
          }
        : null,
  };
}

/** Filters shared by the list, the CSV export and the reports: SQL conditions over `ev`, `q`. */
export function evaluationConditions(
  filter: EvaluationFilterDto,
  scope: { agentId: string | null; drafts: boolean; calibration: boolean },
  params: unknown[],
): string[] {
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (scope.agentId) add('ev.agent_id = ?', scope.agentId);
  if (!scope.drafts) where.push(`ev.status <> 'draft'`);
  if (!scope.calibration) where.push('ev.calibration_id IS NULL');
  if (filter.agentId) add('ev.agent_id = ?', filter.agentId);
  if (filter.queue) add('q.key = ?', filter.queue);
  if (filter.ticketId) add('ev.ticket_id = ?', filter.ticketId);
  if (filter.status) add('ev.status = ?', filter.status);
  if (filter.from) add('coalesce(ev.submitted_at, ev.created_at) >= ?', new Date(filter.from));
  if (filter.to) add('coalesce(ev.submitted_at, ev.created_at) < ?', new Date(filter.to));
  return where;
}

/**
 * Evaluations (CONTRACT.md, Quality): a reviewer scores a resolved ticket with a scorecard
 * version, each answer optionally citing the timeline event or message that justifies it; a
 * draft until submitted; then the agent acknowledges or, within the dispute window, disputes;
 * QA answers a dispute by re-scoring (a new version, the old one kept) or upholding the score.
 * Every step is an evaluation event with its actor.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
    private readonly access: AccessPolicy,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(actor: AuthUser, request: EvaluationRequest): Promise<EvaluationDetail> {
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      const ticket = await this.resolvedTicket(m, request.ticketId);
      let scorecardVersion: number | undefined;
      if (request.calibrationId) scorecardVersion = await this.calibrationSeat(m, actor, request);
      const scorecard = await this.scorecards.require(request.scorecardId, scorecardVersion, m);
      if (!request.calibrationId) await this.assertFirst(m, ticket.id, scorecard.id);
      const scored = await this.score(m, scorecard, request.ticketId, request.answers, request.submit ?? false);
      await m.query(
        `INSERT INTO qa_evaluations (id, ticket_id, agent_id, queue_id, reviewer_id, scorecard_id, scorecard_version,
           calibration_id, status, version, answers, score, auto_failed, section_scores, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', 1, $9, $10, $11, $12, now(), now())`,
        [
          id,
          ticket.id,
          ticket.agentId,
          ticket.queueId,
          actor.id,
          scorecard.id,
          scorecard.version,
          request.calibrationId ?? null,
          JSON.stringify(request.answers),
          scored.score,
          scored.autoFailed,
          JSON.stringify(scored.sections),
        ],
      );
      await this.event(m, id, 'evaluation.created', actor, { scorecardVersion: scorecard.version });
      if (request.submit)
        await this.submit(m, actor, id, 1, request.answers, scored, request.calibrationId !== undefined);
    });
    return this.detail(actor, id);
  }

  /** A draft's answers, saved as the reviewer goes; `submit` scores and sends it. */
  async update(actor: AuthUser, id: string, answers: EvaluationAnswer[], submit: boolean): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, id);
      if (!this.access.mayReadEvaluation(actor, readable(ev)))
        throw new NotFoundException(`evaluation ${id} does not exist`);
      this.access.assertMayEditEvaluation(actor, { id, reviewerId: ev.reviewer_id });
      if (ev.status !== 'draft')
        throw new ConflictException(`evaluation ${id} was submitted: only a dispute can re-score it`);
      const scorecard = await this.scorecards.require(ev.scorecard_id, ev.scorecard_version, m);
      const scored = await this.score(m, scorecard, ev.ticket_id, answers, submit);
      await m.query(
        `UPDATE qa_evaluations SET answers = $2, score = $3, auto_failed = $4, section_scores = $5, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(answers), scored.score, scored.autoFailed, JSON.stringify(scored.sections)],
      );
      if (submit) await this.submit(m, actor, id, 1, answers, scored, ev.calibration_id !== null);
    });
    return this.detail(actor, id);
  }

  async acknowledge(actor: AuthUser, id: string, comment: string | undefined): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, id);
      this.access.assertEvaluatedAgent(actor, { id, agentId: ev.agent_id, calibrationId: ev.calibration_id });
      if (ev.status !== 'submitted')
        throw new ConflictException(`evaluation ${id} is ${ev.status}: only a submitted evaluation is acknowledged`);
      await m.query(
        `UPDATE qa_evaluations SET status = 'acknowledged', acknowledged_at = now(), acknowledgement = $2, updated_at = now() WHERE id = $1`,
        [id, comment ?? null],
      );
      await this.event(m, id, 'evaluation.acknowledged', actor, comment ? { comment } : {});
    });
    return this.detail(actor, id);
  }

  async dispute(actor: AuthUser, id: string, reason: string): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const ev = await this.lock(m, id);
      this.access.assertEvaluatedAgent(actor, { id, agentId: ev.agent_id, calibrationId: ev.calibration_id });
      if (ev.status !== 'submitted')
        throw new ConflictException(`evaluation ${id} is ${ev.status}: only a submitted evaluation can be disputed`);
      if (ev.disputed_at) throw new ConflictException(`evaluation ${id} was disputed once already`);
      if (!ev.dispute_until || ev.dispute_until.getTime() <= Date.now())
        throw new ConflictException(
          `the dispute window of evaluation ${id} closed${ev.dispute_until ? ` at ${ev.dispute_until.toISOString()}` : ''}`,
        );
      await m.query(
        `UPDATE qa_evaluations SET status = 'disputed', disputed_at = now(), dispute_reason = $2, updated_at = now() WHERE id = $1`,
        [id, reason],
      );
      await this.event(m, id, 'evaluation.disputed', actor, { reason });
    });
    return this.detail(actor, id);
  }

  /** QA answers a dispute with new answers: the next version, scored; the earlier kept. */
  async rescore(
    actor: AuthUser,
    id: string,
    answers: EvaluationAnswer[],
    note: string | undefined,
  ): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const ev = await this.disputed(m, actor, id);
      const scorecard = await this.scorecards.require(ev.scorecard_id, ev.scorecard_version, m);
      const scored = await this.score(m, scorecard, ev.ticket_id, answers, true);
      const version = ev.version + 1;
      await m.query(
        `UPDATE qa_evaluations SET answers = $2, score = $3, auto_failed = $4, section_scores = $5, version = $6,
                dispute_outcome = 'rescored', dispute_resolved_at = now(), dispute_note = $7, updated_at = now()
          WHERE id = $1`,
        [
          id,
          JSON.stringify(answers),
          scored.score,
          scored.autoFailed,
          JSON.stringify(scored.sections),
          version,
          note ?? null,
        ],
      );
      await this.submit(m, actor, id, version, answers, scored, false, {
        previousScore: num(ev.score),
        note: note ?? null,
      });
    });
    return this.detail(actor, id);
  }

  /** QA answers a dispute by keeping the score, and says why. */
  async uphold(actor: AuthUser, id: string, note: string): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      await this.disputed(m, actor, id);
      await m.query(
        `UPDATE qa_evaluations SET status = 'submitted', dispute_outcome = 'upheld', dispute_resolved_at = now(),
                dispute_note = $2, updated_at = now() WHERE id = $1`,
        [id, note],
      );
      await this.event(m, id, 'evaluation.dispute_upheld', actor, { note });
    });
    return this.detail(actor, id);
  }

  async list(viewer: AuthUser, query: ListEvaluationsQueryDto): Promise<Page<EvaluationSummary>> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const scope = this.access.evaluationScope(viewer);
    const where = evaluationConditions(
      query,
      { ...scope, calibration: scope.calibration && query.calibration === 'true' },
      params,
    );
    // Calibration is blind: a session's reviewer sees a colleague's scoring of a ticket only once
    // their own of it is submitted (as on the detail and the session).
    params.push(viewer.id);
    const me = `$${params.length}::uuid`;
    where.push(`(ev.calibration_id IS NULL OR ev.reviewer_id = ${me}
      OR NOT EXISTS (SELECT 1 FROM qa_calibrations c WHERE c.id = ev.calibration_id AND ${me} = ANY(c.reviewer_ids))
      OR EXISTS (SELECT 1 FROM qa_evaluations o WHERE o.calibration_id = ev.calibration_id AND o.ticket_id = ev.ticket_id
                   AND o.reviewer_id = ${me} AND o.status <> 'draft'))`);
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      params.push(c.createdAt, c.id);
      where.push(`(ev.created_at, ev.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = (await this.db.query(
      `${EVALUATION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ev.created_at DESC, ev.id DESC LIMIT $${params.length}`,
      params,
    )) as EvaluationRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_at, id: last.id }) : null,
    };
  }

  async detail(viewer: AuthUser, id: string): Promise<EvaluationDetail> {
    const [row] = (await this.db.query(`${EVALUATION_SELECT} WHERE ev.id = $1`, [id])) as EvaluationRow[];
    if (!row || !this.access.mayReadEvaluation(viewer, readable(row)) || !(await this.mayReadCalibrated(viewer, row)))
      throw new NotFoundException(`evaluation ${id} does not exist`);
    const [scorecard, versions, history] = await Promise.all([
      this.scorecards.require(row.scorecard_id, row.scorecard_version),
      this.db.query(
        `SELECT v.version, v.score, v.auto_failed, v.section_scores, v.answers, v.submitted_at, u.id AS user_id, u.name
           FROM qa_evaluation_versions v LEFT JOIN users u ON u.id = v.submitted_by_id
          WHERE v.evaluation_id = $1 ORDER BY v.version`,
        [id],
      ) as Promise<
        {
          version: number;
          score: string | null;
          auto_failed: boolean;
          section_scores: SectionScore[];
          answers: EvaluationAnswer[];
          submitted_at: Date;
          user_id: string | null;
          name: string | null;
        }[]
      >,
      this.db.query(
        `SELECT e.type, e.at, e.data, u.id AS user_id, u.name
           FROM qa_evaluation_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.evaluation_id = $1 ORDER BY e.id`,
        [id],
      ) as Promise<
        { type: string; at: Date; data: Record<string, unknown>; user_id: string | null; name: string | null }[]
      >,
    ]);
    return {
      ...toSummary(row),
      answers: row.answers,
      scorecard,
      versions: versions.map((v) => ({
        version: v.version,
        score: num(v.score),
        autoFailed: v.auto_failed,
        sections: v.section_scores,
        answers: v.answers,
        submittedAt: v.submitted_at.toISOString(),
        submittedBy: v.user_id ? { id: v.user_id, name: v.name ?? '' } : null,
      })),
      history: history.map((e) => ({
        type: e.type,
        at: e.at.toISOString(),
        actor: e.user_id ? { id: e.user_id, name: e.name ?? '' } : null,
        data: e.data,
      })),
    };
  }

  /**
   * Calibration scoring is blind: a session's reviewer sees another's evaluation of a ticket only
   * after submitting their own of it.
   */
  private async mayReadCalibrated(viewer: AuthUser, row: EvaluationRow): Promise<boolean> {
    if (!row.calibration_id || row.reviewer_id === viewer.id) return true;
    const [seat] = (await this.db.query(
      `SELECT $2::uuid = ANY(c.reviewer_ids) AS seated,
              EXISTS (SELECT 1 FROM qa_evaluations o WHERE o.calibration_id = c.id AND o.ticket_id = $3
                         AND o.reviewer_id = $2 AND o.status <> 'draft') AS submitted
         FROM qa_calibrations c WHERE c.id = $1`,
      [row.calibration_id, viewer.id, row.ticket_id],
    )) as { seated: boolean; submitted: boolean }[];
    return !seat?.seated || seat.submitted;
  }

  /** The ticket to evaluate: resolved, with the agent who resolved it. */
  private async resolvedTicket(m: EntityManager, ticketId: string) {
    const [ticket] = (await m.query(
      `SELECT t.id, t.status, t.queue_id AS "queueId", t.number,
              (SELECT (e.data->>'agentId')::uuid FROM ticket_events e
                WHERE e.ticket_id = t.id AND e.type = 'ticket.resolved' ORDER BY e.seq DESC LIMIT 1) AS "agentId"
         FROM tickets t WHERE t.id = $1`,
      [ticketId],
    )) as { id: string; status: string; queueId: string; number: number; agentId: string | null }[];
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
    if (ticket.status !== 'resolved' || !ticket.agentId)
      throw new ConflictException(
        `ticket SB-${ticket.number} is ${ticket.status}: only a ticket an agent resolved is evaluated`,
      );
    return ticket;
  }

  /**
   * One evaluation of a ticket per scorecard (calibration apart): a second reviewer's would count
   * the same work twice in the agent's average. The unique index holds it under a race (409 too).
   */
  private async assertFirst(m: EntityManager, ticketId: string, scorecardId: string): Promise<void> {
    const [existing] = (await m.query(
      `SELECT id FROM qa_evaluations WHERE ticket_id = $1 AND scorecard_id = $2 AND calibration_id IS NULL`,
      [ticketId, scorecardId],
    )) as { id: string }[];
    if (existing)
      throw new ConflictException(
        `this ticket already has an evaluation with this scorecard: evaluation ${existing.id}`,
      );
  }

  /** A calibration evaluation: the actor is one of the session's reviewers, the ticket one of its tickets. */
  private async calibrationSeat(m: EntityManager, actor: AuthUser, request: EvaluationRequest): Promise<number> {
    const [c] = (await m.query(
      `SELECT scorecard_id, scorecard_version, ticket_ids, reviewer_ids FROM qa_calibrations WHERE id = $1`,
      [request.calibrationId],
    )) as { scorecard_id: string; scorecard_version: number; ticket_ids: string[]; reviewer_ids: string[] }[];
    if (!c) throw new NotFoundException(`calibration ${request.calibrationId} does not exist`);
    if (!c.reviewer_ids.includes(actor.id))
      throw new ForbiddenException(`you are not a reviewer of calibration ${request.calibrationId}`);
    if (!c.ticket_ids.includes(request.ticketId))
      throw new BadRequestException([`ticketId is not one of calibration ${request.calibrationId}'s tickets`]);
    if (c.scorecard_id !== request.scorecardId)
      throw new BadRequestException([`scorecardId must be the calibration's scorecard ${c.scorecard_id}`]);
    const [existing] = (await m.query(
      `SELECT id FROM qa_evaluations WHERE calibration_id = $1 AND ticket_id = $2 AND reviewer_id = $3`,
      [request.calibrationId, request.ticketId, actor.id],
    )) as { id: string }[];
    if (existing)
      throw new ConflictException(`you already evaluate this ticket in the calibration: evaluation ${existing.id}`);
    return c.scorecard_version;
  }

  /** Scores answers by the contract's rule; 400 naming every answer it cannot take or citation off the ticket. */
  private async score(
    m: EntityManager,
    scorecard: Scorecard,
    ticketId: string,
    answers: EvaluationAnswer[],
    submitting: boolean,
  ): Promise<ScoreResult> {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const a of answers) {
      if (seen.has(a.criterion)) problems.push(`${a.criterion} is answered twice`);
      seen.add(a.criterion);
      if (a.na && a.value !== undefined) problems.push(`${a.criterion} is N/A and has a value: one or the other`);
    }
    let scored: ScoreResult | null = null;
    try {
      scored = scoreEvaluation(scorecard.sections, answers);
    } catch (e) {
      if (!(e instanceof InvalidAnswers)) throw e;
      problems.push(...e.problems);
    }
    if (submitting)
      for (const key of unansweredCriteria(scorecard.sections, answers))
        problems.push(`${key} needs an answer (or N/A) before submitting`);
    problems.push(...(await this.citationProblems(m, ticketId, answers)));
    if (problems.length > 0 || !scored) throw new BadRequestException(problems);
    return scored;
  }

  private async citationProblems(m: EntityManager, ticketId: string, answers: EvaluationAnswer[]): Promise<string[]> {
    const eventIds = answers.flatMap((a) => (a.eventId ? [a.eventId] : []));
    const messageIds = answers.flatMap((a) => (a.messageId ? [a.messageId] : []));
    if (eventIds.length === 0 && messageIds.length === 0) return [];
    const [found] = (await m.query(
      `SELECT coalesce((SELECT array_agg(id::text) FROM ticket_events WHERE ticket_id = $1 AND id = ANY($2::bigint[])), '{}') AS events,
              coalesce((SELECT array_agg(id::text) FROM messages WHERE ticket_id = $1 AND id = ANY($3::uuid[])), '{}') AS messages`,
      [ticketId, eventIds, messageIds],
    )) as { events: string[]; messages: string[] }[];
    return answers.flatMap((a) => [
      ...(a.eventId && !found!.events.includes(a.eventId)
        ? [`${a.criterion} cites event ${a.eventId}, which is not on this ticket`]
        : []),
      ...(a.messageId && !found!.messages.includes(a.messageId)
        ? [`${a.criterion} cites message ${a.messageId}, which is not on this ticket`]
        : []),
    ]);
  }

  private async submit(
    m: EntityManager,
    actor: AuthUser,
    id: string,
    version: number,
    answers: EvaluationAnswer[],
    scored: ScoreResult,
    calibration: boolean,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    const [row] = returning<{ ticket_id: string }>(
      await m.query(
        `UPDATE qa_evaluations SET status = 'submitted', submitted_at = coalesce(submitted_at, now()),
                dispute_until = CASE WHEN $2 THEN NULL ELSE coalesce(dispute_until, now() + make_interval(secs => $3)) END
          WHERE id = $1 RETURNING ticket_id`,
        [id, calibration, this.config.qaDisputeWindowSeconds],
      ),
    );
    await m.query(
      `INSERT INTO qa_evaluation_versions (evaluation_id, version, answers, score, auto_failed, section_scores, submitted_at, submitted_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7)`,
      [
        id,
        version,
        JSON.stringify(answers),
        scored.score,
        scored.autoFailed,
        JSON.stringify(scored.sections),
        actor.id,
      ],
    );
    if (!calibration)
      await m.query(`UPDATE qa_inbox SET done_at = now() WHERE ticket_id = $1 AND done_at IS NULL`, [row!.ticket_id]);
    await this.event(m, id, version === 1 ? 'evaluation.submitted' : 'evaluation.rescored', actor, {
      version,
      score: scored.score,
      autoFailed: scored.autoFailed,
      ...data,
    });
  }

  private async disputed(m: EntityManager, actor: AuthUser, id: string): Promise<EvaluationRow> {
    const ev = await this.lock(m, id);
    if (!this.access.mayReadEvaluation(actor, readable(ev)))
      throw new NotFoundException(`evaluation ${id} does not exist`);
    if (ev.status !== 'disputed')
      throw new ConflictException(`evaluation ${id} is ${ev.status}: there is no dispute to answer`);
    return ev;
  }

  private async lock(m: EntityManager, id: string): Promise<EvaluationRow> {
    const [row] = (await m.query(`SELECT * FROM qa_evaluations WHERE id = $1 FOR UPDATE`, [id])) as EvaluationRow[];
    if (!row) throw new NotFoundException(`evaluation ${id} does not exist`);
    return row;
  }

  private async event(m: EntityManager, id: string, type: string, actor: AuthUser, data: Record<string, unknown>) {
    await m.query(
      `INSERT INTO qa_evaluation_events (evaluation_id, type, at, actor_id, data) VALUES ($1, $2, now(), $3, $4)`,
      [id, type, actor.id, JSON.stringify(data)],
    );
  }
}
