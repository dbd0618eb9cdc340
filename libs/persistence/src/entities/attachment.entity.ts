import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';
import { TicketEntity } from './ticket.entity.js';

/**
 * A file on a message: its bytes are in the attachment store (under the data directory by
 * default), found by `storageKey`; the type is the one read from the content, never the name's.
 */
@Entity({ name: 'attachments' })
export class AttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index('IX_attachments_ticket')
  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => TicketEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket: TicketEntity;

  @Index('IX_attachments_message')
  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message: MessageEntity;

  /** The name it was sent with (shown, never trusted). */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 300 })
  storageKey: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
