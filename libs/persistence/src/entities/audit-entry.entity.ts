import type { Role } from '@switchboard/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity.js';

/**
 * Who changed what, when, with the state before and after: every admin and supervisor action.
 * Written in the transaction of the change it describes.
 */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_at', ['at', 'id'])
@Index('IDX_audit_log_target', ['targetType', 'targetId', 'at'])
@Index('IDX_audit_log_actor', ['actorId', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserEntity | null;

  /** The actor's role when they acted (it may change later). */
  @Column({ name: 'actor_role', type: 'varchar', length: 20 })
  actorRole: Role;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 100 })
  targetId: string;

  /** A readable name of the target when it was acted on: an e-mail, a queue key, a ticket subject. */
  @Column({ name: 'target_label', type: 'varchar', length: 320, nullable: true })
  targetLabel: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
