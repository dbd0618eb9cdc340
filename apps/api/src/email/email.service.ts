import { ConflictException, Injectable, NotFoundException, StreamableFile } from '@nestjs/common';
import type { EmailThread, Message } from '@switchboard/contracts';
import { replyAddress } from '@switchboard/domain';
import { lockTicket, messageById, rawOfMessage, replyContext, sendAgain } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { messageView } from '../conversations/messages.service.js';
import { MailOutbox } from './mail-outbox.js';

/** The desk's side of e-mail: who a reply goes to, sending a failed mail again, the raw mail for QA. */
@Injectable()
export class EmailService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
    private readonly outbox: MailOutbox,
    private readonly store: AttachmentStore,
  ) {}

  /** Whoever may read the ticket's conversation: its addresses and reply address. */
  async thread(ticketId: string, viewer: AuthUser): Promise<EmailThread> {
    const context = await replyContext(this.work.sql, ticketId);
    await this.assertMayRead(ticketId, context ? context.createdById : undefined, viewer);
    if (!context?.thread) {
      throw new NotFoundException(
        `ticket ${ticketId} has no e-mail thread (it is not an e-mail ticket, or nothing was sent yet)`,
      );
    }
    const { thread } = context;
    return {
      ticketId,
      to: thread.customerAddress,
      cc: thread.cc,
      from: thread.queueAddress,
      replyTo: replyAddress(thread.queueAddress, thread.token),
      subject: thread.subject,
      ...(thread.followsTicketId && thread.followsNumber !== null
        ? { follows: { ticketId: thread.followsTicketId, number: thread.followsNumber } }
        : {}),
    };
  }

  /** The agent holding the ticket or a supervisor sends a failed (or unsent) mail again: a new round. */
  async retry(ticketId: string, messageId: string, actor: AuthUser): Promise<Message> {
    const round = await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      this.access.assertMayWorkOn(actor, ticket);
      const next = await sendAgain(tx, ticketId, messageId);
      if (next === null) {
        const row = await messageById(tx, messageId);
        if (!row || row.ticketId !== ticketId || !row.email) {
          throw new NotFoundException(`message ${messageId} is not a mail of ticket ${ticketId}`);
        }
        throw new ConflictException(
          `message ${messageId} is ${row.email.state}: only a failed or unsent mail is sent again`,
        );
      }
      return next;
    });
    await this.outbox.enqueue(messageId, round);
    const row = await messageById(this.work.sql, messageId);
    return messageView(row!);
  }

  /** The mail as received or sent (`message/rfc822`), for whoever may read the conversation. */
  async raw(ticketId: string, messageId: string, viewer: AuthUser): Promise<StreamableFile> {
    const found = await rawOfMessage(this.work.sql, ticketId, messageId);
    await this.assertMayRead(ticketId, found ? found.createdById : undefined, viewer);
    if (!found?.rawKey) throw new NotFoundException(`message ${messageId} has no original mail`);
    const name = `SB-mail-${messageId}.eml`;
    return new StreamableFile(this.store.open(found.rawKey), {
      type: 'message/rfc822',
      disposition: `attachment; filename="${name}"`,
    });
  }

  /** 404 for a ticket the viewer may not see at all, 403 for an agent whose part is over (as the conversation). */
  private async assertMayRead(
    ticketId: string,
    createdById: string | null | undefined,
    viewer: AuthUser,
  ): Promise<void> {
    if (createdById === undefined) throw new NotFoundException(`ticket ${ticketId} does not exist`);
    await this.access.assertMayReadConversation(
      this.work.sql,
      viewer,
      { id: ticketId, createdById },
      `ticket ${ticketId} does not exist`,
    );
  }
}
