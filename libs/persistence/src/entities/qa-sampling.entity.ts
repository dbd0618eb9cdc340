import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { QueueEntity } from './queue.entity.js';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';

/** A queue's QA sampling rules: which resolved tickets go to the QA inbox. */
@Entity({ name: 'qa_sampling_rules' })
export class QaSamplingRulesEntity {
  @PrimaryColumn({ name: 'queue_id', type: 'uuid' })
  queueId: string;

  @OneToOne(() => QueueEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'queue_id' })
  queue: QueueEntity;

  /** 0–100: this share of resolved tickets, drawn by a hash of the ticket's id (the same draw every time). */
  @Column({ name: 'random_percent', type: 'numeric', precision: 5, scale: 2, default: 0 })
  randomPercent: string;

  /** Always: a customer rating at or below this (1–5). */
  @Column({ name: 'csat_at_most', type: 'smallint', nullable: true })
  csatAtMost: number | null;

  @Column({ type: 'boolean', default: false })
  transferred: boolean;

  @Column({ name: 'repeat_contact', type: 'boolean', default: false })
  repeatContact: boolean;

  @Column({ name: 'handle_seconds_above', type: 'integer', nullable: true })
  handleSecondsAbove: number | null;

  /** Always: tickets of an agent with an auto-failed evaluation before this resolution. */
  @Column({ name: 'auto_failed_before', type: 'boolean', default: false })
  autoFailedBefore: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A resolved ticket in the QA inbox: once per ticket, with every rule that chose it, and its reviewer. */
@Entity({ name: 'qa_inbox' })
@Index('IX_qa_inbox_reviewer', ['reviewerId', 'sampledAt'])
export class QaInboxEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @OneToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  /** The rules that chose it (`random`, `csat`, `transferred`, `repeat_contact`, `handle_time`, `auto_failed_before`); a rule chooses a ticket once. */
  @Column({ type: 'text', array: true })
  reasons: string[];

  @Column({ name: 'reviewer_id', type: 'uuid', nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer: UserEntity | null;

  @Column({ name: 'sampled_at', type: 'timestamptz' })
  sampledAt: Date;

  /** Set when an evaluation of the ticket is submitted. */
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}

/** A QA reviewer's weekly goal: how many sampled tickets the round-robin gives them per week. */
@Entity({ name: 'qa_reviewer_goals' })
export class QaReviewerGoalEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: UserEntity;

  @Column({ name: 'weekly_goal', type: 'integer' })
  weeklyGoal: number;
}
