import type { EvaluationStatus } from '@switchboard/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { QaScorecardEntity } from './qa-scorecard.entity.js';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * A reviewer's evaluation of one resolved ticket against one scorecard version: a draft while
 * being written, then submitted to the agent, who acknowledges or disputes it. Its current
 * answers and score are here; every submitted version is also kept in qa_evaluation_versions.
 */
@Entity({ name: 'qa_evaluations' })
@Index('IX_qa_evaluations_agent_submitted', ['agentId', 'submittedAt'])
@Index('UQ_qa_evaluations_ticket_scorecard', ['ticketId', 'scorecardId'], {
  unique: true,
  where: 'calibration_id IS NULL',
})
@Index('UQ_qa_evaluations_calibration', ['calibrationId', 'ticketId', 'reviewerId'], {
  unique: true,
  where: 'calibration_id IS NOT NULL',
})
export class QaEvaluationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index('IX_qa_evaluations_ticket')
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  /** The agent evaluated: who resolved the ticket. */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id' })
  agent: UserEntity | null;

  @Column({ name: 'queue_id', type: 'uuid' })
  queueId: string;

  @Column({ name: 'reviewer_id', type: 'uuid', nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer: UserEntity | null;

  @Column({ name: 'scorecard_id', type: 'uuid' })
  scorecardId: string;

  @ManyToOne(() => QaScorecardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scorecard_id' })
  scorecard: QaScorecardEntity;

  @Column({ name: 'scorecard_version', type: 'integer' })
  scorecardVersion: number;

  /** Set for a calibration session's blind scoring: never shown to the agent, never in their scores. */
  @Column({ name: 'calibration_id', type: 'uuid', nullable: true })
  calibrationId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: EvaluationStatus;

  /** 1 for the first submission; a re-score after a dispute makes the next. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  answers: unknown;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true })
  score: string | null;

  @Column({ name: 'auto_failed', type: 'boolean', default: false })
  autoFailed: boolean;

  @Column({ name: 'section_scores', type: 'jsonb', default: () => "'[]'" })
  sectionScores: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** Until when the agent may dispute (set at the first submission). */
  @Column({ name: 'dispute_until', type: 'timestamptz', nullable: true })
  disputeUntil: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledgement', type: 'text', nullable: true })
  acknowledgement: string | null;

  @Column({ name: 'disputed_at', type: 'timestamptz', nullable: true })
  disputedAt: Date | null;

  @Column({ name: 'dispute_reason', type: 'text', nullable: true })
  disputeReason: string | null;

  /** How QA answered the dispute: `rescored` (a new version) or `upheld` (the score stands). */
  @Column({ name: 'dispute_outcome', type: 'varchar', length: 16, nullable: true })
  disputeOutcome: 'rescored' | 'upheld' | null;

  @Column({ name: 'dispute_resolved_at', type: 'timestamptz', nullable: true })
  disputeResolvedAt: Date | null;

  @Column({ name: 'dispute_note', type: 'text', nullable: true })
  disputeNote: string | null;
}

/** A submitted version of an evaluation, kept for ever: a re-score adds one, never rewrites one. */
@Entity({ name: 'qa_evaluation_versions' })
export class QaEvaluationVersionEntity {
  @PrimaryColumn({ name: 'evaluation_id', type: 'uuid' })
  evaluationId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @ManyToOne(() => QaEvaluationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evaluation_id' })
  evaluation: QaEvaluationEntity;

  @Column({ type: 'jsonb' })
  answers: unknown;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true })
  score: string | null;

  @Column({ name: 'auto_failed', type: 'boolean' })
  autoFailed: boolean;

  @Column({ name: 'section_scores', type: 'jsonb' })
  sectionScores: unknown;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'submitted_by_id', type: 'uuid', nullable: true })
  submittedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy: UserEntity | null;
}

/** Every step of an evaluation (created, submitted, acknowledged, disputed, re-scored, upheld) with its actor. */
@Entity({ name: 'qa_evaluation_events' })
export class QaEvaluationEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('IX_qa_evaluation_events_evaluation')
  @Column({ name: 'evaluation_id', type: 'uuid' })
  evaluationId: string;

  @ManyToOne(() => QaEvaluationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evaluation_id' })
  evaluation: QaEvaluationEntity;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor: UserEntity | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
