import type { AgentStatus, ChannelCapacity } from '@switchboard/contracts';
import { Column, Entity, JoinColumn, OneToMany, OneToOne, PrimaryColumn } from 'typeorm';
import { AgentQueueEntity } from './agent-queue.entity.js';
import { AgentSkillEntity } from './agent-skill.entity.js';
import { UserEntity } from './user.entity.js';

/** The agent side of a user: capacity, chosen status, skills and queues. */
@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE', eager: true })
  @JoinColumn({ name: 'user_id' })
  user: UserEntity;

  @Column({ type: 'jsonb' })
  capacity: ChannelCapacity;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  status: AgentStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 64, nullable: true })
  statusReason: string | null;

  @Column({ name: 'status_since', type: 'timestamptz', default: () => 'now()' })
  statusSince: Date;

  @OneToMany(() => AgentSkillEntity, (s) => s.agent, { cascade: true })
  skills: AgentSkillEntity[];

  @OneToMany(() => AgentQueueEntity, (q) => q.agent, { cascade: true })
  queues: AgentQueueEntity[];
}
