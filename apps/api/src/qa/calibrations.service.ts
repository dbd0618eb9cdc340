import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AgreementFigure,
  CalibrationRequest,
  CalibrationView,
  EvaluationAnswer,
  EvaluationStatus,
} from '@switchboard/contracts';
import { krippendorffAlpha, shownCriteria } from '@switchboard/domain';
import { ticketReference } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { ScorecardsService } from './scorecards.service.js';

interface SessionRow {
  id: string;
  name: string;
  scorecard_id: string;
  scorecard_version: number;
  ticket_ids: string[];
  reviewer_ids: string[];
  created_at: Date;
}

interface SessionEvaluation {
  id: string;
  ticket_id: string;
  reviewer_id: string;
  status: EvaluationStatus;
  score: string | null;
  answers: EvaluationAnswer[];
}

const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/**
 * Calibration sessions: reviewers score the same tickets with the same scorecard version, blind
 * (a seated reviewer sees the others' answers on a ticket once they submitted theirs), then read
 * them side by side with Krippendorff's alpha per criterion (ordinal for scales, nominal for
 * yes/no and choices) and over the form's scores (interval). Their evaluations never reach the
 * agents or their scores.
 */
@Injectable()
export class CalibrationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scorecards: ScorecardsService,
  ) {}

  async create(actor: AuthUser, request: CalibrationRequest): Promise<CalibrationView> {
    const scorecard = await this.scorecards.require(request.scorecardId);
    const [check] = (await this.db.query(
      `SELECT array(SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS (
                SELECT 1 FROM tickets t WHERE t.id = x AND t.status = 'resolved')) AS bad_tickets,
              array(SELECT x FROM unnest($2::uuid[]) x WHERE NOT EXISTS (
                SELECT 1 FROM users u WHERE u.id = x AND u.role IN ('qa', 'admin') AND NOT u.disabled)) AS bad_reviewers`,
      [request.ticketIds, request.reviewerIds],
    )) as { bad_tickets: string[]; bad_reviewers: string[] }[];
    const problems = [
      ...check!.bad_tickets.map((id) => `ticketIds: ${id} is not a resolved ticket`),
      ...check!.bad_reviewers.map((id) => `reviewerIds: ${id} is not an active QA reviewer or admin`),
    ];
    if (problems.length > 0) throw new BadRequestException(problems);
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO qa_calibrations (id, name, scorecard_id, scorecard_version, ticket_ids, reviewer_ids, created_at, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7)`,
      [id, request.name, scorecard.id, scorecard.version, request.ticketIds, request.reviewerIds, actor.id],
    );
    return this.view(actor, id);
  }

  /**
   * The newest 100 sessions in one statement, each with its tickets and reviewers' progress; the
   * answers and the agreement are read with the session itself (`view`).
   */
  async list(viewer: AuthUser): Promise<CalibrationView[]> {
    const rows = (await this.db.query(
      `SELECT c.id, c.name, c.scorecard_id, c.scorecard_version, c.created_at, c.ticket_ids, c.reviewer_ids,
              coalesce((SELECT json_agg(json_build_object('id', t.id, 'number', t.number, 'subject', t.subject))
                          FROM tickets t WHERE t.id = ANY(c.ticket_ids)), '[]') AS tickets,
              coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name, 'submitted',
                          (SELECT count(*) FROM qa_evaluations e WHERE e.calibration_id = c.id AND e.reviewer_id = u.id
                              AND e.status <> 'draft')))
                          FROM users u WHERE u.id = ANY(c.reviewer_ids)), '[]') AS reviewers,
              coalesce((SELECT json_agg(json_build_object('ticketId', e.ticket_id, 'evaluationId', e.id, 'status', e.status))
                          FROM qa_evaluations e WHERE e.calibration_id = c.id AND e.reviewer_id = $1), '[]') AS mine
         FROM qa_calibrations c ORDER BY c.created_at DESC, c.id LIMIT 100`,
      [viewer.id],
    )) as (SessionRow & {
      tickets: { id: string; number: number; subject: string }[];
      reviewers: { id: string; name: string; submitted: number }[];
      mine: CalibrationView['mine'];
    })[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      scorecardId: r.scorecard_id,
      scorecardVersion: r.scorecard_version,
      tickets: sessionTickets(r.ticket_ids, r.tickets),
      reviewers: inOrder(r.reviewer_ids, r.reviewers),
      createdAt: r.created_at.toISOString(),
      mine: r.mine,
      answers: [],
      agreement: null,
    }));
  }

  async view(viewer: AuthUser, id: string): Promise<CalibrationView> {
    const [session] = (await this.db.query(`SELECT * FROM qa_calibrations WHERE id = $1`, [id])) as SessionRow[];
    if (!session) throw new NotFoundException(`calibration ${id} does not exist`);
    const [tickets, reviewers, evaluations, scorecard] = await Promise.all([
      this.db.query(`SELECT id, number, subject FROM tickets WHERE id = ANY($1::uuid[])`, [
        session.ticket_ids,
      ]) as Promise<{ id: string; number: number; subject: string }[]>,
      this.db.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [session.reviewer_ids]) as Promise<
        { id: string; name: string }[]
      >,
      this.db.query(
        `SELECT id, ticket_id, reviewer_id, status, score, answers FROM qa_evaluations WHERE calibration_id = $1`,
        [id],
      ) as Promise<SessionEvaluation[]>,
      this.scorecards.require(session.scorecard_id, session.scorecard_version),
    ]);
    const submitted = evaluations.filter((e) => e.status !== 'draft');
    const seated = session.reviewer_ids.includes(viewer.id);
    const mineDone = new Set(submitted.filter((e) => e.reviewer_id === viewer.id).map((e) => e.ticket_id));
    const visible = (ticketId: string) => !seated || mineDone.has(ticketId);
    const names = new Map(reviewers.map((r) => [r.id, r.name]));
    return {
      id,
      name: session.name,
      scorecardId: session.scorecard_id,
      scorecardVersion: session.scorecard_version,
      tickets: sessionTickets(session.ticket_ids, tickets),
      reviewers: inOrder(
        session.reviewer_ids,
        reviewers.map((r) => ({ ...r, submitted: submitted.filter((e) => e.reviewer_id === r.id).length })),
      ),
      createdAt: session.created_at.toISOString(),
      mine: evaluations
        .filter((e) => e.reviewer_id === viewer.id)
        .map((e) => ({ ticketId: e.ticket_id, evaluationId: e.id, status: e.status })),
      answers: submitted
        .filter((e) => visible(e.ticket_id))
        .map((e) => ({
          ticketId: e.ticket_id,
          reviewerId: e.reviewer_id,
          reviewerName: names.get(e.reviewer_id) ?? '',
          score: e.score === null ? null : Number(e.score),
          answers: e.answers,
        })),
      // The figures read everyone's answers: shown once the viewer's own scoring is done.
      agreement:
        !seated || session.ticket_ids.every((t) => mineDone.has(t))
          ? {
              overall: figure(
                session.ticket_ids.map((t) =>
                  submitted.filter((e) => e.ticket_id === t && e.score !== null).map((e) => Number(e.score)),
                ),
                'interval',
              ),
              criteria: scorecard.sections.flatMap((s) =>
                s.criteria.map((c) => ({
                  criterion: c.key,
                  label: c.label,
                  ...figure(
                    session.ticket_ids.map((t) =>
                      submitted
                        .filter((e) => e.ticket_id === t)
                        // What the scoring counted: an answer its conditions hid is not compared.
                        .filter((e) => shownCriteria(scorecard.sections, e.answers).has(c.key))
                        .flatMap((e) =>
                          e.answers.filter((a) => a.criterion === c.key && !a.na && a.value !== undefined),
                        )
                        .map((a) => a.value!),
                    ),
                    c.type === 'scale' ? 'ordinal' : 'nominal',
                  ),
                })),
              ),
            }
          : null,
    };
  }
}

/** Items in the order of `ids` (the order the session was made with). */
function inOrder<T extends { id: string }>(ids: readonly string[], items: T[]): T[] {
  return [...items].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
}

function sessionTickets(ids: readonly string[], rows: { id: string; number: number; subject: string }[]) {
  return inOrder(ids, rows).map((t) => ({ id: t.id, reference: ticketReference(t.number), subject: t.subject }));
}

function figure(units: (string | number)[][], metric: AgreementFigure['metric']): AgreementFigure {
  const result = krippendorffAlpha(units, metric);
  return { alpha: round3(result.alpha), metric, values: result.values, units: result.units };
}
