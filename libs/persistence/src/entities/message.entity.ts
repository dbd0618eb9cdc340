import type { MessageAuthorKind, MessageDirection, MessageVisibility } from '@switchboard/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TicketEntity } from './ticket.entity.js';
import { UserEntity } from './user.entity.js';

/**
 * One entry of a ticket's conversation: the customer's (inbound) or the agent's (outbound),
 * public or internal (a note). `seq` rises by one per message within the ticket; each message is
 * also a ticket event, so the timeline replays the conversation in order with everything else.
 */
@Entity({ name: 'messages' })
@Index('UQ_messages_ticket_seq', ['ticketId', 'seq'], { unique: true })
@Index('UQ_messages_ticket_external_id', ['ticketId', 'externalId'], {
  unique: true,
  where: 'external_id IS NOT NULL',
})
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 8 })
  direction: MessageDirection;

  @Column({ type: 'varchar', length: 8 })
  visibility: MessageVisibility;

  @Column({ name: 'author_kind', type: 'varchar', length: 8 })
  authorKind: MessageAuthorKind;

  /** The staff user who wrote it; null for the customer and the system. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author: UserEntity | null;

  /** The name shown with it, as it was when written. */
  @Column({ name: 'author_name', type: 'varchar', length: 200 })
  authorName: string;

  /** Plain text, stored as written; clients show it as text (links made safe, nothing else interpreted). */
  @Column({ type: 'text' })
  body: string;

  /** A connector's own id for an inbound message: the same id twice is one message. */
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  /** The body under the text search configuration of the customer's language; written by a trigger (TicketSearch migration). */
  @Index('IX_messages_search', { synchronize: false })
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector: string | null;
}
