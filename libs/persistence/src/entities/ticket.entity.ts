import type { Channel, TicketStatus } from '@switchboard/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CustomerEntity } from './customer.entity.js';
import { QueueEntity } from './queue.entity.js';
import { UserEntity } from './user.entity.js';

@Entity({ name: 'tickets' })
@Index('IDX_tickets_created', ['createdAt', 'id'])
@Index('IDX_tickets_queue_status', ['queueId', 'status'])
@Index('IDX_tickets_customer', ['customerId', 'createdAt'])
@Index('IX_tickets_resolved', ['resolvedAt', 'id'])
@Index('UQ_tickets_idempotency', ['createdById', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
// External ids are the caller's own: two connectors may use the same number for different contacts.
@Index('UQ_tickets_caller_external_id', ['createdById', 'externalId'], {
  unique: true,
  where: 'external_id IS NOT NULL',
})
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ name: 'queue_id', type: 'uuid' })
  queueId: string;

  @ManyToOne(() => QueueEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'queue_id' })
  queue: QueueEntity;

  @Column({ type: 'varchar', length: 24 })
  status: TicketStatus;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  category: string | null;

  @Column({ type: 'integer' })
  priority: number;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customer: CustomerEntity;

  @Index('IDX_tickets_assigned_agent')
  @Column({ name: 'assigned_agent_id', type: 'uuid', nullable: true })
  assignedAgentId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigned_agent_id' })
  assignedAgent: UserEntity | null;

  /** The connector's own id for the contact (e.g. PBX call id). */
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  /** Hash of the intake body, to spot a key reused for a different ticket. */
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64, nullable: true })
  requestFingerprint: string | null;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  /**
   * The short human reference (`SB-10482`) agents, QA and customers quote. Taken from
   * `ticket_number_seq` by the intake's first read, so the unit of work knows it before it writes.
   */
  @Index('UQ_tickets_number', { unique: true })
  @Column({ type: 'integer', default: () => "nextval('ticket_number_seq')" })
  number: number;

  @Column({ name: 'resolution_code', type: 'varchar', length: 64, nullable: true })
  resolutionCode: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  /**
   * Identity of the ticket's current stay in a queue, renewed at every (re)enqueue. The routing
   * job id is derived from it, never from a database sequence, so a reset database can never
   * collide with jobs Redis still remembers.
   */
  @Column({ name: 'routing_token', type: 'uuid', nullable: true })
  routingToken: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  /** Sequence number of the last event written for this ticket. */
  @Column({ name: 'last_event_seq', type: 'integer', default: 0 })
  lastEventSeq: number;

  /** The `seq` of the ticket's newest message: the next one gets this + 1 under the ticket's lock. */
  @Column({ name: 'last_message_seq', type: 'integer', default: 0 })
  lastMessageSeq: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /**
   * Subject, description, resolution note and the customer's name, under the text search
   * configuration of the customer's language: written by a trigger (TicketSearch migration), read
   * only by the search (GIN index, declared here so the schema check knows it, built by the migration).
   */
  @Index('IX_tickets_search', { synchronize: false })
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector: string | null;

  /** The latest CSAT rating (1–5) of the ticket, copied by a trigger from its `ticket.csat_recorded` event. */
  @Column({ name: 'csat_score', type: 'smallint', nullable: true, insert: false, update: false })
  csatScore: number | null;
}
