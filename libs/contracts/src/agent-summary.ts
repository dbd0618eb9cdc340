import type { IsoDateTime } from './common.js';
import type { EvaluationStatus } from './quality.js';

/** One period of the agent's own work, by the metric engine's definitions (DESIGN.md, "Metrics"). */
export interface AgentPeriodFigures {
  /** The period [from, to): local midnight (or Monday's) in the agent's zone until now. */
  from: IsoDateTime;
  to: IsoDateTime;
  /** Contacts whose handling (accept → wrap-up end or transfer) ended in the period. */
  handled: number;
  ahtSeconds: number | null;
  /** Of the agent's resolutions in the period, those that were first-contact; null with none. */
  fcrPercent: number | null;
  /** Ratings 4–5 of ratings given in the period to the agent's resolutions; null with none. */
  csatPercent: number | null;
  /** Average score of the agent's evaluations submitted in the period (calibration excluded). */
  qaAverage: number | null;
  evaluations: number;
}

export interface AgentEvaluationLine {
  id: string;
  ticketId: string;
  ticketReference: string;
  score: number | null;
  autoFailed: boolean;
  status: EvaluationStatus;
  submittedAt: IsoDateTime;
}

/** GET /api/agents/me/summary: the idle desk's "your day" and "your week". */
export interface AgentSummaryResponse {
  /** The IANA zone the periods were cut in. */
  timeZone: string;
  day: AgentPeriodFigures;
  week: AgentPeriodFigures;
  /** The agent's five newest submitted evaluations, newest first. */
  lastEvaluations: AgentEvaluationLine[];
}

export interface AgentSummaryQuery {
  /** IANA time zone; default: the centre's metrics zone (METRICS_TIMEZONE, UTC unless set). */
  tz?: string;
}
