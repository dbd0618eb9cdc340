import type { AgentStatus, ChannelCapacity } from '@switchboard/contracts';
import { Check, Column, Entity, JoinColumn, OneToMany, OneToOne, PrimaryColumn } from 'typeorm';
import { AgentQueueEntity } from './agent-queue.entity.js';
import { AgentSkillEntity } from './agent-skill.entity.js';
import { UserEntity } from './user.entity.js';

/** The agent side of a user: capacity, chosen status, skills and queues. */
@Entity({ name: 'agents' })
@Check('CHK_agents_pending_offers', 'pending_offers >= 0')
export class AgentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE', eager: true })
  @JoinColumn({ name: 'user_id' })
  user: UserEntity;

  @Column({ type: 'jsonb' })
  capacity: ChannelCapacity;

  /**
   * Work held now, per channel (a missing channel holds none): pending offers plus tickets in progress. Kept by triggers on
   * offers and tickets (migration AgentWorkCounters), so it is true however a row changes; the
   * claim checks it under the agent's row lock.
   */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  load: Partial<ChannelCapacity>;

  /** Offers waiting for this agent's answer (at most one is ever made). Kept by the same triggers. */
  @Column({ name: 'pending_offers', type: 'integer', default: 0 })
  pendingOffers: number;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  status: AgentStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 64, nullable: true })
  statusReason: string | null;

  @Column({ name: 'status_since', type: 'timestamptz', default: () => 'now()' })
  statusSince: Date;

  /** When the agent last became free of all work (or available); longest-idle routing orders by it. */
  @Column({ name: 'idle_since', type: 'timestamptz', nullable: true })
  idleSince: Date | null;

  /** Offers missed in a row (timed out); reset by an accept. */
  @Column({ name: 'missed_offers', type: 'integer', default: 0 })
  missedOffers: number;

  /** End of the current wrap-up (after-contact work); null when not in wrap-up. */
  @Column({ name: 'wrap_up_until', type: 'timestamptz', nullable: true })
  wrapUpUntil: Date | null;

  /** The ticket whose wrap-up is running. */
  @Column({ name: 'wrap_up_ticket_id', type: 'uuid', nullable: true })
  wrapUpTicketId: string | null;

  @OneToMany(() => AgentSkillEntity, (s) => s.agent, { cascade: true })
  skills: AgentSkillEntity[];

  @OneToMany(() => AgentQueueEntity, (q) => q.agent, { cascade: true })
  queues: AgentQueueEntity[];
}
