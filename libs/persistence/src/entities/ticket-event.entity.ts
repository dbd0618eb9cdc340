import type { TicketEventType } from '@switchboard/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * The append-only event log: the single source for the QA timeline, historical reports
 * and the rebuild of live metrics. `id` gives a global order; `seq` the order within a ticket.
 */
@Entity({ name: 'ticket_events' })
@Index('UQ_ticket_events_ticket_seq', ['ticketId', 'seq'], { unique: true })
@Index('IDX_ticket_events_at', ['at'])
export class TicketEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 48 })
  type: TicketEventType;

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
