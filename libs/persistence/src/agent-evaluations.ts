import type { EntityManager } from 'typeorm';
import type { EvaluationStatus } from '@switchboard/contracts';
import { ticketReference } from './work/rows.js';

/** Submitted: every status but a draft. Calibration scoring never counts toward an agent (issue 16, item 4). */
const SUBMITTED = `ev.status <> 'draft' AND ev.calibration_id IS NULL AND ev.submitted_at IS NOT NULL`;

export interface AgentQaPeriod {
  fromMs: number;
  toMs: number;
}

/**
 * The average score and count of the agent's submitted evaluations in each period (by submission
 * time), in one statement; averages to one decimal, null with no scored evaluation.
 */
export async function loadAgentQaAverages(
  manager: EntityManager,
  agentId: string,
  periods: readonly AgentQaPeriod[],
): Promise<{ qaAverage: number | null; evaluations: number }[]> {
  if (periods.length === 0) return [];
  const rows = (await manager.query(
    `SELECT p.i, count(ev.id)::int AS evaluations, round(avg(ev.score), 1)::float8 AS average
       FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS p(from_at, to_at, i)
       LEFT JOIN qa_evaluations ev
         ON ev.agent_id = $1 AND ${SUBMITTED} AND ev.submitted_at >= p.from_at AND ev.submitted_at < p.to_at
      GROUP BY p.i ORDER BY p.i`,
    [agentId, periods.map((p) => new Date(p.fromMs)), periods.map((p) => new Date(p.toMs))],
  )) as { i: string; evaluations: number; average: number | null }[];
  return rows.map((r) => ({ qaAverage: r.average, evaluations: r.evaluations }));
}

export interface AgentEvaluationRow {
  id: string;
  ticketId: string;
  ticketReference: string;
  score: number | null;
  autoFailed: boolean;
  status: EvaluationStatus;
  submittedAt: Date;
}

/** The agent's newest submitted evaluations (calibration excluded), newest first. */
export async function loadLatestAgentEvaluations(
  manager: EntityManager,
  agentId: string,
  limit: number,
): Promise<AgentEvaluationRow[]> {
  const rows = (await manager.query(
    `SELECT ev.id, ev.ticket_id, t.number, ev.score, ev.auto_failed, ev.status, ev.submitted_at
       FROM qa_evaluations ev JOIN tickets t ON t.id = ev.ticket_id
      WHERE ev.agent_id = $1 AND ${SUBMITTED}
      ORDER BY ev.submitted_at DESC, ev.id DESC LIMIT $2`,
    [agentId, limit],
  )) as {
    id: string;
    ticket_id: string;
    number: number;
    score: string | null;
    auto_failed: boolean;
    status: EvaluationStatus;
    submitted_at: Date;
  }[];
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    ticketReference: ticketReference(r.number),
    score: r.score === null ? null : Number(r.score),
    autoFailed: r.auto_failed,
    status: r.status,
    submittedAt: r.submitted_at,
  }));
}
