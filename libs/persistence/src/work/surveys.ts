import { statement, type Sql } from './sql.js';

const OFFER_SURVEY = statement(
  'survey_offer',
  `INSERT INTO surveys (id, ticket_id, customer_id, channel, created_at, expires_at)
   SELECT $1, t.id, t.customer_id, $3, $4, $4::timestamptz + make_interval(secs => $5)
     FROM tickets t JOIN queues q ON q.id = t.queue_id
    WHERE t.id = $2 AND q.survey_enabled
      AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.customer_id = t.customer_id AND s.cancelled_at IS NULL
                        AND s.created_at > $4::timestamptz - make_interval(days => q.survey_cooldown_days))
   RETURNING id, expires_at AS "expiresAt"`,
);

/**
 * Offers a survey for a ticket's resolution when its queue surveys and the customer had none
 * within the queue's cool-down (one statement: decided and written together). Null when not offered.
 */
export async function offerSurvey(
  sql: Sql,
  survey: { id: string; ticketId: string; channel: 'chat' | 'email'; at: Date; ttlSeconds: number },
): Promise<{ id: string; expiresAt: Date } | null> {
  const [row] = await sql.query<{ id: string; expiresAt: Date }>(OFFER_SURVEY, [
    survey.id,
    survey.ticketId,
    survey.channel,
    survey.at,
    survey.ttlSeconds,
  ]);
  return row ?? null;
}

export interface SurveyRow {
  id: string;
  ticketId: string;
  channel: 'chat' | 'email';
  expiresAt: Date;
  answeredAt: Date | null;
  cancelledAt: Date | null;
  score: number | null;
  queueName: string;
  subject: string;
}

const SURVEY_COLUMNS = `s.id, s.ticket_id AS "ticketId", s.channel, s.expires_at AS "expiresAt", s.answered_at AS "answeredAt",
  s.cancelled_at AS "cancelledAt", s.score, q.name AS "queueName", t.subject`;

const SURVEY_BY_ID = statement(
  'survey_by_id',
  `SELECT ${SURVEY_COLUMNS} FROM surveys s JOIN tickets t ON t.id = s.ticket_id JOIN queues q ON q.id = t.queue_id
    WHERE s.id = $1`,
);

export async function surveyById(sql: Sql, id: string): Promise<SurveyRow | null> {
  const [row] = await sql.query<SurveyRow>(SURVEY_BY_ID, [id]);
  return row ?? null;
}

const OPEN_SURVEY_OF_TICKET = statement(
  'survey_open_of_ticket',
  `SELECT id FROM surveys WHERE ticket_id = $1 AND answered_at IS NULL AND cancelled_at IS NULL AND expires_at > now()
    ORDER BY created_at DESC LIMIT 1`,
);

/** The survey a ticket's customer may still answer, if any (a reloaded chat shows it again). */
export async function openSurveyOfTicket(sql: Sql, ticketId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(OPEN_SURVEY_OF_TICKET, [ticketId]);
  return row?.id ?? null;
}

const LOCK_SURVEY = statement(
  'survey_lock',
  `SELECT ${SURVEY_COLUMNS} FROM surveys s JOIN tickets t ON t.id = s.ticket_id JOIN queues q ON q.id = t.queue_id
    WHERE s.id = $1 FOR UPDATE OF s`,
);

/** The survey again under its row lock (take the ticket's lock first). */
export async function lockSurvey(sql: Sql, id: string): Promise<SurveyRow | null> {
  const [row] = await sql.query<SurveyRow>(LOCK_SURVEY, [id]);
  return row ?? null;
}

const ANSWER_SURVEY = statement(
  'survey_answer',
  `UPDATE surveys SET answered_at = $2, score = $3, comment = $4 WHERE id = $1 AND answered_at IS NULL`,
);

export async function answerSurvey(
  sql: Sql,
  id: string,
  answer: { at: Date; score: number; comment: string | null },
): Promise<void> {
  await sql.query(ANSWER_SURVEY, [id, answer.at, answer.score, answer.comment]);
}

const CANCEL_SURVEYS = statement(
  'surveys_cancel',
  `UPDATE surveys SET cancelled_at = $2 WHERE ticket_id = $1 AND answered_at IS NULL AND cancelled_at IS NULL
   RETURNING id`,
);

/** A reopened ticket: its unanswered surveys ask no more. Returns the ones cancelled. */
export async function cancelSurveys(sql: Sql, ticketId: string, at: Date): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(CANCEL_SURVEYS, [ticketId, at]);
  return rows.map((r) => r.id);
}
