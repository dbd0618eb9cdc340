import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerEntity } from './customer.entity.js';
import { TicketEntity } from './ticket.entity.js';

/**
 * A satisfaction survey offered for one resolution of a ticket: answered once through its signed
 * link (`/survey/:token`, the survey's id and an HMAC of it), until it expires or the ticket reopens.
 */
@Entity({ name: 'surveys' })
@Index('IX_surveys_customer_created', ['customerId', 'createdAt'])
export class SurveyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index('IX_surveys_ticket')
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

  /** Where it was offered: in the web chat, or (with an address) by e-mail. */
  @Column({ type: 'varchar', length: 8 })
  channel: 'chat' | 'email';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** The ticket was reopened before an answer: the survey no longer asks about anything. */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'smallint', nullable: true })
  score: number | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;
}
