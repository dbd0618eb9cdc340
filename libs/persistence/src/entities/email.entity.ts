import type { EmailState, MessageDirection } from '@switchboard/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';
import { TicketEntity } from './ticket.entity.js';

/**
 * The mail side of an e-mail ticket: who replies go to, and the token of its reply address
 * (`<queue>+<token>@…`) that brings the customer's answer back when their mail program drops the
 * thread headers.
 */
@Entity({ name: 'email_threads' })
export class EmailThreadEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @OneToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  @Index('UQ_email_threads_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  token: string;

  /** The customer's address (lower-cased): replies go there. */
  @Column({ name: 'customer_address', type: 'varchar', length: 320 })
  customerAddress: string;

  /** Others on the customer's mail, our own addresses left out: replies copy them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc: string[];

  /** The queue address the thread runs through: replies come from it. */
  @Column({ name: 'queue_address', type: 'varchar', length: 320 })
  queueAddress: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  /** The earlier ticket this one continues (the customer wrote again after its FCR window). */
  @Index('IX_email_threads_follows')
  @Column({ name: 'follows_ticket_id', type: 'uuid', nullable: true })
  followsTicketId: string | null;

  @ManyToOne(() => TicketEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'follows_ticket_id' })
  follows: TicketEntity | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One mail of a ticket's conversation, beside its message: its Message-ID (unique, so the same
 * mail delivered twice is one message, and a reply finds its ticket by In-Reply-To / References),
 * addresses, the quoted history cut from the text, the raw mail, and for outbound mail its send state.
 */
@Entity({ name: 'email_messages' })
@Index('IX_email_messages_queued', ['updatedAt'], { where: "state = 'queued'" })
export class EmailMessageEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @OneToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message: MessageEntity;

  @Index('IX_email_messages_ticket')
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  /** The Message-ID header without its angle brackets. */
  @Index('UQ_email_messages_rfc_id', { unique: true })
  @Column({ name: 'rfc_id', type: 'varchar', length: 998 })
  rfcId: string;

  @Column({ type: 'varchar', length: 8 })
  direction: MessageDirection;

  @Column({ name: 'from_address', type: 'varchar', length: 320 })
  fromAddress: string;

  @Column({ name: 'to_addresses', type: 'text', array: true, default: () => "'{}'" })
  toAddresses: string[];

  @Column({ name: 'cc_addresses', type: 'text', array: true, default: () => "'{}'" })
  ccAddresses: string[];

  @Column({ type: 'varchar', length: 998 })
  subject: string;

  @Column({ name: 'in_reply_to', type: 'varchar', length: 998, nullable: true })
  inReplyTo: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  references: string[];

  /** Inbound: the quoted history cut from the message's text. */
  @Column({ type: 'text', nullable: true })
  quoted: string | null;

  /** Files the mail carried that were not kept, with the reason. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  refused: { name: string; reason: string }[];

  /** The raw mail in the attachment store (as received, or as composed for sending). */
  @Column({ name: 'raw_key', type: 'varchar', length: 64, nullable: true })
  rawKey: string | null;

  @Column({ type: 'varchar', length: 12 })
  state: EmailState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** How many times staff sent it again after it failed: names the send job of each round. */
  @Column({ type: 'integer', default: 0 })
  round: number;

  /** The relay's last answer. */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
