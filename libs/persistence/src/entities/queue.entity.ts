import type { EmailAcknowledgement, OverflowTarget, RoutingStrategy } from '@switchboard/contracts';
import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { QueueSkillEntity } from './queue-skill.entity.js';

@Entity({ name: 'queues' })
export class QueueEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'sl_threshold_seconds', type: 'integer' })
  slThresholdSeconds: number;

  @Column({ name: 'sl_target_percent', type: 'real' })
  slTargetPercent: number;

  @Column({ name: 'offer_timeout_seconds', type: 'integer' })
  offerTimeoutSeconds: number;

  @Column({ name: 'wrap_up_seconds', type: 'integer' })
  wrapUpSeconds: number;

  @Column({ type: 'varchar', length: 32, default: 'longest-idle' })
  strategy: RoutingStrategy;

  @Column({ name: 'base_priority', type: 'integer', default: 0 })
  basePriority: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  overflow: OverflowTarget[];

  /**
   * Origins (scheme://host[:port]) of other sites whose pages may open this queue's web chat (the
   * widget). The stack's own origin always may.
   */
  @Column({ name: 'chat_origins', type: 'text', array: true, default: () => "'{}'" })
  chatOrigins: string[];

  /** Offer a satisfaction survey after each resolution (subject to the customer's cool-down). */
  @Column({ name: 'survey_enabled', type: 'boolean', default: true })
  surveyEnabled: boolean;

  /** No second survey for a customer within this many days of the last one (0: every resolution). */
  @Column({ name: 'survey_cooldown_days', type: 'integer', default: 7 })
  surveyCooldownDays: number;

  /** Wallboard alert when the longest wait is over this many seconds. */
  @Column({ name: 'alert_longest_wait_seconds', type: 'integer', default: 120 })
  alertLongestWaitSeconds: number;

  /** Wallboard alert when the abandon rate is over this percent. */
  @Column({ name: 'alert_abandon_rate_percent', type: 'real', default: 10 })
  alertAbandonRatePercent: number;

  /** No percentage alert on fewer contacts than this. */
  @Column({ name: 'alert_min_sample', type: 'integer', default: 20 })
  alertMinSample: number;

  /** The queue's inbound address (lower-cased): mail to it opens tickets here. */
  @Index('UQ_queues_email', { unique: true, where: 'email IS NOT NULL' })
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** The mail a customer gets when their e-mail opens a ticket: on or off, and per-language overrides of the text. */
  @Column({ name: 'email_acknowledgement', type: 'jsonb', default: () => `'{"enabled": true}'` })
  emailAcknowledgement: EmailAcknowledgement;

  /** Round-robin position: the agent offered last in this queue. */
  @Column({ name: 'last_assigned_agent_id', type: 'uuid', nullable: true })
  lastAssignedAgentId: string | null;

  /** Retired queues take no new tickets and leave the lists and the wallboard; their history stays. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @OneToMany(() => QueueSkillEntity, (s) => s.queue, { cascade: true })
  requiredSkills: QueueSkillEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
