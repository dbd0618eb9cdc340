import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerEntity } from './customer.entity.js';
import { TicketEntity } from './ticket.entity.js';

/**
 * A customer's web chat: the conversation one customer token opens. The token itself is never
 * stored, only its SHA-256: a leaked table row opens nothing. One session per ticket.
 */
@Entity({ name: 'chat_sessions' })
export class ChatSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index('UQ_chat_sessions_ticket', { unique: true })
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @ManyToOne(() => CustomerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id' })
  customer: CustomerEntity;

  /** SHA-256 (hex) of the customer token. */
  @Index('UQ_chat_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** The page's origin when the chat was opened (a widget on another site), null on the stack's own page. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  origin: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The customer's last request or socket event: idle detection and clean-up read it. */
  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Set when the customer left or the conversation ended: the token reads the transcript but writes nothing. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
