import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { QaScorecardEntity } from './qa-scorecard.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * A calibration session: several reviewers score the same tickets with the same scorecard
 * version, blind, to measure how far they agree. Its evaluations never count for the agents.
 */
@Entity({ name: 'qa_calibrations' })
export class QaCalibrationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'scorecard_id', type: 'uuid' })
  scorecardId: string;

  @ManyToOne(() => QaScorecardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scorecard_id' })
  scorecard: QaScorecardEntity;

  @Column({ name: 'scorecard_version', type: 'integer' })
  scorecardVersion: number;

  @Column({ name: 'ticket_ids', type: 'uuid', array: true })
  ticketIds: string[];

  @Column({ name: 'reviewer_ids', type: 'uuid', array: true })
  reviewerIds: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: UserEntity | null;
}
