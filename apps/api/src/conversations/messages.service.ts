import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type {
  CreateMessageRequest,
  Message,
  MessageEmail,
  MessagePage,
  MessageVisibility,
  TicketStatus,
} from '@switchboard/contracts';
import { rooms } from '@switchboard/messaging';
import {
  isUniqueViolation,
  lockTicket,
  markMessagesRead,
  messageByExternalId,
  messagesAfter,
  statement,
  type EmailRow,
  type MessageRow,
  type NewAttachment,
  type NewEmailMessage,
  type NewMessage,
  type TicketRow,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { auditOf } from '../audit/audit.service.js';
import { MailOutbox } from '../email/mail-outbox.js';

const DEFAULT_PAGE = 50;
/** A connector's message joins a ticket still open: one that ended takes none (409). */
const CLOSED: ReadonlySet<TicketStatus> = new Set(['resolved', 'abandoned', 'transferred']);

const TICKET_OWNER = statement(
  'messages_ticket_owner',
  `SELECT id, created_by_id AS "createdById" FROM tickets WHERE id = $1`,
);

/** The mail beside a message, as the API answers it. */
export function emailView(e: EmailRow): MessageEmail {
  return {
    messageId: e.rfcId,
    from: e.fromAddress,
    to: e.toAddresses,
    cc: e.ccAddresses,
    subject: e.subject,
    state: e.state,
    ...(e.quoted ? { quoted: e.quoted } : {}),
    ...(e.direction === 'outbound' ? { attempts: e.attempts } : {}),
    ...(e.response ? { response: e.response } : {}),
    ...(e.sentAt ? { sentAt: e.sentAt.toISOString() } : {}),
    ...(e.refused.length > 0 ? { refused: e.refused } : {}),
    hasRaw: e.rawKey !== null,
  };
}

/** A stored message as the API answers it. */
export function messageView(m: MessageRow): Message {
  return {
    id: m.id,
    seq: m.seq,
    ticketId: m.ticketId,
    direction: m.direction,
    visibility: m.visibility,
    author: { kind: m.authorKind, ...(m.authorId ? { id: m.authorId } : {}), name: m.authorName },
    body: m.body,
    attachments: m.attachments ?? [],
    at: m.at.toISOString(),
    ...(m.deliveredAt ? { deliveredAt: m.deliveredAt.toISOString() } : {}),
    ...(m.readAt ? { readAt: m.readAt.toISOString() } : {}),
    ...(m.failedAt ? { failedAt: m.failedAt.toISOString() } : {}),
    ...(m.failure ? { failure: m.failure } : {}),
    ...(m.email ? { email: emailView(m.email) } : {}),
  };
}

/** A message as the customer sees it: who wrote it by name, never a staff user's id. */
export function customerView(message: Message): Message {
  const { email: _mail, ...shown } = message;
  return { ...shown, author: { kind: message.author.kind, name: message.author.name } };
}

/** The customer's message, in the chat or through a connector (`externalId`). */
function customerMessage(
  ticket: TicketRow,
  body: string,
  externalId: string | null,
  attachments: NewAttachment[],
): NewMessage {
  return {
    id: randomUUID(),
    direction: 'inbound',
    visibility: 'public',
    authorKind: 'customer',
    authorId: null,
    authorName: ticket.customer.name ?? 'Customer',
    body,
    externalId,
    at: new Date(),
    attachments,
  };
}

/** A line from Switchboard itself, public: both sides see it. */
function systemMessage(body: string): NewMessage {
  return {
    id: randomUUID(),
    direction: 'outbound',
    visibility: 'public',
    authorKind: 'system',
    authorId: null,
    authorName: 'Switchboard',
    body,
    externalId: null,
    at: new Date(),
  };
}

export interface PostedMessage {
  message: Message;
  /** false when a connector's repeat (same externalId) returned the message it made before. */
  created: boolean;
}

/**
 * A ticket's conversation: messages numbered per ticket under the ticket's lock, each on the
 * timeline, written only through the ticket unit of work (docs/decisions.md, Conversations).
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
    private readonly outbox: MailOutbox,
  ) {}

  /**
   * Oldest first after `afterSeq`. Staff who may see the whole ticket read its notes too; a
   * connector reads the public conversation of the tickets it created.
   */
  async list(ticketId: string, afterSeq: number, limit: number | undefined, viewer: AuthUser): Promise<MessagePage> {
    const [ticket] = await this.work.sql.query<{ id: string; createdById: string | null }>(TICKET_OWNER, [ticketId]);
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
    await this.access.assertMayReadConversation(this.work.sql, viewer, ticket, `ticket ${ticketId} does not exist`);
    const pageSize = limit ?? DEFAULT_PAGE;
    const rows = await messagesAfter(this.work.sql, ticketId, afterSeq, pageSize + 1, viewer.role !== 'integration');
    const items = rows.slice(0, pageSize).map(messageView);
    return { items, nextCursor: rows.length > pageSize ? String(items.at(-1)!.seq) : null };
  }

  /** A message from staff (a reply or a note) or, from a connector, the customer's. */
  async post(ticketId: string, input: CreateMessageRequest, actor: AuthUser): Promise<PostedMessage> {
    if (actor.role === 'integration') return this.postInbound(ticketId, input, actor);
    if (input.direction === 'inbound' || input.externalId !== undefined) {
      throw new BadRequestException(['direction "inbound" and externalId are for connectors (role integration)']);
    }
    if (!input.visibility) {
      throw new BadRequestException(['visibility must be one of public, internal (public goes to the customer)']);
    }
    const { row } = await this.writeStaff(ticketId, input.visibility, input.body, actor);
    return { message: messageView(row), created: true };
  }

  /** The agent read the customer's messages up to `seq`: on a web chat, the customer sees the mark. */
  async markRead(ticketId: string, seq: number, actor: AuthUser): Promise<void> {
    await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      this.access.assertMayWorkOn(actor, ticket);
      const marked = await markMessagesRead(tx, ticketId, seq, 'inbound');
      if (marked && ticket.channel === 'chat') {
        tx.effects.chat(ticket.id, 'chat.read', { seq: marked.seq, at: marked.at.toISOString() });
      }
    });
  }

  /** A note: an internal message (`POST /api/tickets/:id/notes`). */
  async addNote(ticketId: string, body: string, actor: AuthUser): Promise<TicketStatus> {
    return (await this.writeStaff(ticketId, 'internal', body, actor)).status;
  }

  /** A reply or a note with a file (stored already; discarded by the caller if this fails). */
  async postFile(
    ticketId: string,
    visibility: MessageVisibility,
    body: string,
    attachment: NewAttachment,
    actor: AuthUser,
  ): Promise<Message> {
    return messageView((await this.writeStaff(ticketId, visibility, body, actor, [attachment])).row);
  }

  /**
   * A reply or a note by the agent holding the ticket or a supervisor. A public reply on an
   * e-mail ticket is also one mail, written with it and sent after the commit.
   */
  private async writeStaff(
    ticketId: string,
    visibility: MessageVisibility,
    body: string,
    actor: AuthUser,
    attachments: NewAttachment[] = [],
  ): Promise<{ row: MessageRow; status: TicketStatus }> {
    const written = await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      this.access.assertMayWorkOn(actor, ticket);
      if (visibility === 'public' && ticket.status !== 'in_progress') {
        throw new ConflictException(
          `ticket is ${ticket.status}: a reply reaches the customer only while it is in progress`,
        );
      }
      const message: NewMessage = {
        id: randomUUID(),
        direction: 'outbound',
        visibility,
        authorKind: 'agent',
        authorId: actor.id,
        authorName: actor.name,
        body,
        externalId: null,
        at: new Date(),
        attachments,
      };
      const mail =
        ticket.channel === 'email' && visibility === 'public' ? await this.outbox.prepare(tx, ticket, message) : null;
      const row = this.add(tx, ticket, message, actor, mail);
      return { row, status: ticket.status };
    });
    if (written.row.email) await this.outbox.enqueue(written.row.id);
    return written;
  }

  /**
   * A message from Switchboard itself that is also a mail to the customer (the acknowledgement of
   * a new e-mail ticket); `mail` writes the mail beside it (MailOutbox.write). The caller queues
   * the send after the commit.
   */
  addSystemMail(tx: WorkTx, ticket: TicketRow, body: string, mail: (message: NewMessage) => EmailRow): MessageRow {
    const message = systemMessage(body);
    return this.add(tx, ticket, message, undefined, mail(message));
  }

  /** The customer's message through a connector, once per `externalId`. */
  private async postInbound(ticketId: string, input: CreateMessageRequest, actor: AuthUser): Promise<PostedMessage> {
    if (input.direction !== 'inbound') {
      throw new BadRequestException(['direction must be "inbound": a connector adds the customer\u2019s messages']);
    }
    if (input.visibility !== undefined && input.visibility !== 'public') {
      throw new BadRequestException(['visibility must be public for a customer\u2019s message']);
    }
    const externalId = input.externalId ?? null;
    try {
      return await this.work.run(async (tx) => {
        const ticket = await lockTicket(tx, ticketId);
        // A connector's tickets are the ones it created; any other does not exist for it.
        if (!ticket || ticket.createdById !== actor.id)
          throw new NotFoundException(`ticket ${ticketId} does not exist`);
        const earlier = externalId ? await messageByExternalId(tx, ticketId, externalId) : null;
        if (earlier) return this.repeat(earlier, input.body);
        if (CLOSED.has(ticket.status)) {
          throw new ConflictException(`ticket is ${ticket.status}: it takes no new messages`);
        }
        const row = this.add(tx, ticket, customerMessage(ticket, input.body, externalId, []));
        return { message: messageView(row), created: true };
      });
    } catch (error) {
      // The same delivery arrived twice at once: the one that committed first made it.
      if (externalId && isUniqueViolation(error, 'UQ_messages_ticket_external_id')) {
        const earlier = await messageByExternalId(this.work.sql, ticketId, externalId);
        if (earlier) return this.repeat(earlier, input.body);
      }
      throw error;
    }
  }

  private repeat(earlier: MessageRow, body: string): PostedMessage {
    if (earlier.body !== body) throw new ConflictException('externalId was already used for a different message');
    return { message: messageView(earlier), created: false };
  }

  /** The customer's mail on an e-mail ticket, with the mail beside it (the ticket is locked by the caller). */
  addFromMail(
    tx: WorkTx,
    ticket: TicketRow,
    body: string,
    attachments: NewAttachment[],
    authorName: string | null,
    mail: Omit<NewEmailMessage, 'messageId' | 'ticketId' | 'at'>,
  ): MessageRow {
    const message = customerMessage(ticket, body, null, attachments);
    if (authorName) message.authorName = authorName.slice(0, 200);
    const email = tx.addMail({ ...mail, messageId: message.id, ticketId: ticket.id, at: message.at });
    return this.add(tx, ticket, message, undefined, email);
  }

  /** The customer's own message in the web chat (the ticket is locked by the caller). */
  addFromCustomer(tx: WorkTx, ticket: TicketRow, body: string, attachments: NewAttachment[] = []): MessageRow {
    return this.add(tx, ticket, customerMessage(ticket, body, null, attachments));
  }

  /** A line from Switchboard itself that both sides see ("The customer left the chat"). */
  addSystemNote(tx: WorkTx, ticket: TicketRow, body: string): MessageRow {
    return this.add(tx, ticket, systemMessage(body));
  }

  /**
   * Writes the message; after the commit the agent holding the ticket hears of it, and on a web
   * chat a public message reaches the customer's sockets.
   */
  private add(
    tx: WorkTx,
    ticket: TicketRow,
    message: NewMessage,
    actor?: AuthUser,
    mail: EmailRow | null = null,
  ): MessageRow {
    const row: MessageRow = { ...tx.addMessage(ticket, message), email: mail };
    const view = messageView(row);
    if (ticket.assignedAgentId) {
      tx.effects.emit(rooms.agent(ticket.assignedAgentId), 'message.created', { ticketId: ticket.id, message: view });
    }
    if (ticket.channel === 'chat' && message.visibility === 'public')
      tx.effects.chat(ticket.id, 'chat.message', { message: customerView(view) });
    if (actor && message.visibility === 'internal') {
      auditOf(tx, actor, {
        action: 'ticket.note_added',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        after: { body: message.body },
      });
    }
    return row;
  }
}
