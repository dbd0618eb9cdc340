import type { IsoDateTime } from './common.js';

/** Quality (CONTRACT.md, "Quality"): scorecards, evaluations, sampling, calibration and reports. */
export const CRITERION_TYPES = ['yes_no', 'scale', 'choice'] as const;
export type CriterionType = (typeof CRITERION_TYPES)[number];

export interface ScorecardCriterionInput {
  key: string;
  label: string;
  weight: number;
  type: CriterionType;
  /** `choice` only: at least two options with their points. */
  options?: { value: string; points: number }[];
  allowNa?: boolean;
  /** Answered "no" (or with its lowest value), fails the whole form. */
  critical?: boolean;
  /** Shown (and counted) only when the earlier criterion `criterion` was answered `equals`. */
  showIf?: { criterion: string; equals: string | number };
}

export interface ScorecardSectionInput {
  key: string;
  title: string;
  weight: number;
  criteria: ScorecardCriterionInput[];
}

export interface ScorecardRequest {
  name: string;
  sections: ScorecardSectionInput[];
}

export interface Scorecard {
  id: string;
  name: string;
  /** The version shown: the newest unless another was asked for. */
  version: number;
  latestVersion: number;
  sections: ScorecardSectionInput[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export const EVALUATION_STATUSES = ['draft', 'submitted', 'acknowledged', 'disputed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export interface EvaluationAnswer {
  criterion: string;
  value?: string | number;
  na?: boolean;
  comment?: string;
  /** The timeline event that justifies the answer (an event's `id` on the ticket). */
  eventId?: string;
  /** The message that justifies it. */
  messageId?: string;
}

export interface EvaluationRequest {
  ticketId: string;
  scorecardId: string;
  answers: EvaluationAnswer[];
  submit?: boolean;
  /** Blind scoring in a calibration session: never shown to the agent or counted for them. */
  calibrationId?: string;
}

export interface EvaluationUpdateRequest {
  answers: EvaluationAnswer[];
  submit?: boolean;
}

export interface SectionScore {
  key: string;
  score: number | null;
}

export interface EvaluationVersionView {
  version: number;
  score: number | null;
  autoFailed: boolean;
  sections: SectionScore[];
  answers: EvaluationAnswer[];
  submittedAt: IsoDateTime;
  submittedBy: { id: string; name: string } | null;
}

export type DisputeOutcome = 'rescored' | 'upheld';

export interface EvaluationSummary {
  id: string;
  ticketId: string;
  ticketReference: string;
  subject: string;
  queue: string;
  agentId: string | null;
  agentName: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  scorecardId: string;
  scorecardName: string;
  scorecardVersion: number;
  calibrationId: string | null;
  status: EvaluationStatus;
  version: number;
  score: number | null;
  autoFailed: boolean;
  sections: SectionScore[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  submittedAt: IsoDateTime | null;
  /** Until when the agent may dispute it. */
  disputeUntil: IsoDateTime | null;
  acknowledgedAt: IsoDateTime | null;
  acknowledgement: string | null;
  dispute: {
    reason: string;
    at: IsoDateTime;
    outcome: DisputeOutcome | null;
    resolvedAt: IsoDateTime | null;
    note: string | null;
  } | null;
}

export interface EvaluationEventView {
  type: string;
  at: IsoDateTime;
  actor: { id: string; name: string } | null;
  data: Record<string, unknown>;
}

export interface EvaluationDetail extends EvaluationSummary {
  answers: EvaluationAnswer[];
  /** The scorecard version it was made with, whatever came after. */
  scorecard: Scorecard;
  /** Every submitted version, oldest first (a re-score adds one; none is rewritten). */
  versions: EvaluationVersionView[];
  history: EvaluationEventView[];
}

export const SAMPLING_REASONS = [
  'random',
  'csat',
  'transferred',
  'repeat_contact',
  'handle_time',
  'auto_failed_before',
] as const;
export type SamplingReason = (typeof SAMPLING_REASONS)[number];

export interface SamplingRules {
  queue: string;
  /** 0–100. */
  randomPercent: number;
  csatAtMost: number | null;
  transferred: boolean;
  repeatContact: boolean;
  handleSecondsAbove: number | null;
  autoFailedBefore: boolean;
}

export interface InboxItem {
  ticketId: string;
  ticketReference: string;
  subject: string;
  queue: string;
  agentName: string | null;
  resolvedAt: IsoDateTime | null;
  reasons: SamplingReason[];
  reviewer: { id: string; name: string } | null;
  sampledAt: IsoDateTime;
  doneAt: IsoDateTime | null;
}

export interface ReviewerGoal {
  reviewerId: string;
  name: string;
  weeklyGoal: number;
  assignedThisWeek: number;
  doneThisWeek: number;
}

export interface CalibrationRequest {
  name: string;
  scorecardId: string;
  ticketIds: string[];
  reviewerIds: string[];
}

export interface AgreementFigure {
  /** Krippendorff's alpha; null when the data cannot give one (fewer than two pairable values, or no variation). */
  alpha: number | null;
  metric: 'nominal' | 'ordinal' | 'interval';
  /** Pairable values behind it (answers on tickets with at least two answers). */
  values: number;
  units: number;
}

export interface CalibrationView {
  id: string;
  name: string;
  scorecardId: string;
  scorecardVersion: number;
  tickets: { id: string; reference: string; subject: string }[];
  reviewers: { id: string; name: string; submitted: number }[];
  createdAt: IsoDateTime;
  /** The viewer's own evaluations in the session. */
  mine: { ticketId: string; evaluationId: string; status: EvaluationStatus }[];
  /**
   * Everyone's answers side by side: only for tickets the viewer has submitted (blind until then);
   * QA leads and admins who do not score in the session see all.
   */
  answers: {
    ticketId: string;
    reviewerId: string;
    reviewerName: string;
    score: number | null;
    answers: EvaluationAnswer[];
  }[];
  agreement: {
    overall: AgreementFigure;
    criteria: ({ criterion: string; label: string } & AgreementFigure)[];
  } | null;
}

export interface AgentQualityRow {
  agentId: string;
  name: string;
  evaluations: number;
  averageScore: number | null;
  autoFailRatePercent: number | null;
  disputeRatePercent: number | null;
  disputes: { upheld: number; rescored: number; open: number };
  /** From the metrics engine over the same period. */
  handled: number;
  ahtSeconds: number | null;
  fcrPercent: number | null;
  csatPercent: number | null;
}

export interface QueueQualityRow {
  queue: string;
  evaluations: number;
  averageScore: number | null;
  autoFailRatePercent: number | null;
  disputeRatePercent: number | null;
}

export interface QualityReport {
  from: IsoDateTime;
  to: IsoDateTime;
  agents: AgentQualityRow[];
  queues: QueueQualityRow[];
  /** Average score per criterion per week (ISO week start, UTC). */
  criteria: { week: IsoDateTime; criterion: string; label: string; averagePercent: number; answers: number }[];
}
