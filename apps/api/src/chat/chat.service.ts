import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import type {
  ChatPhase,
  ChatSessionState,
  CreateChatSessionResponse,
  Message,
  MessagePage,
  TicketStatus,
} from '@switchboard/contracts';
import { AfterCommit, rooms } from '@switchboard/messaging';
import {
  endChat,
  lockTicket,
  markMessagesRead,
  messagesAfter,
  type ChatSessionRow,
  type NewAttachment,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { customerView, messageView, MessagesService } from '../conversations/messages.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { TicketAbandonService } from '../tickets/ticket-abandon.service.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
import type { CreateChatSessionDto } from './chat.dto.js';
import { ChatOrigins, originAllowed } from './chat-origins.js';
import { newCustomerToken } from './customer-token.js';

const WAITING: ReadonlySet<TicketStatus> = new Set(['new', 'queued', 'offered', 'transferred', 'callback_scheduled']);
const ENDED: ReadonlySet<TicketStatus> = new Set(['resolved', 'abandoned']);
const PAGE = 100;

/** Where the conversation stands, as the customer sees it. */
export function chatPhase(chat: Pick<ChatSessionRow, 'status' | 'endedAt'>): ChatPhase {
  if (chat.endedAt || ENDED.has(chat.status)) return 'ended';
  return WAITING.has(chat.status) ? 'waiting' : 'active';
}

/** The subject a chat gets when the customer gives none: the first line of their message, shortened. */
function subjectOf(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * The customer's side of a web chat (contract: The customer's side). Everything goes through the
 * ticket unit of work like the agent's side: the session, the ticket and the first message are
 * one commit; a message is numbered under the ticket's lock.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly work: TicketWork,
    private readonly intake: TicketIntakeService,
    private readonly messages: MessagesService,
    private readonly abandons: TicketAbandonService,
    private readonly origins: ChatOrigins,
    private readonly surveys: SurveysService,
  ) {}

  async open(
    input: CreateChatSessionDto,
    page: { origin: string | undefined; own: string },
  ): Promise<CreateChatSessionResponse> {
    if (!originAllowed(page.origin, page.own, await this.origins.ofQueue(input.queue))) {
      throw new ForbiddenException(`pages of ${page.origin} may not open the chat of queue ${input.queue}`);
    }
    const { token, hash } = newCustomerToken();
    const origin = page.origin && page.origin.toLowerCase() !== page.own ? page.origin.slice(0, 300) : null;
    const { ticket } = await this.intake.intake(
      {
        channel: 'chat',
        queue: input.queue,
        subject: input.subject || subjectOf(input.message),
        customer: {
          ...(input.customer.name ? { name: input.customer.name } : {}),
          ...(input.customer.email ? { email: input.customer.email } : {}),
          ...(input.customer.phone ? { phone: input.customer.phone } : {}),
        },
      },
      undefined,
      { id: null, role: 'customer' },
      (tx, created) => {
        tx.insertChatSession(created, { id: randomUUID(), tokenHash: hash, origin, at: new Date() });
        this.messages.addFromCustomer(tx, created, input.message);
      },
    );
    return {
      ticketId: ticket.id,
      customerToken: token,
      position: ticket.position,
      estimatedWaitSeconds: ticket.estimatedWaitSeconds,
    };
  }

  async state(chat: ChatSessionRow): Promise<ChatSessionState> {
    const phase = chatPhase(chat);
    const place = phase === 'waiting' ? await this.intake.positionOf(chat.ticketId) : null;
    const surveyUrl = chat.status === 'resolved' ? await this.surveys.openLink(chat.ticketId) : null;
    return {
      ticketId: chat.ticketId,
      status: chat.status,
      phase,
      queue: { key: chat.queueKey, name: chat.queueName },
      customer: { name: chat.customerName },
      agent: chat.agentName && chat.status === 'in_progress' ? { name: chat.agentName } : null,
      position: place?.position ?? 0,
      estimatedWaitSeconds: place?.estimatedWaitSeconds ?? 0,
      lastSeq: chat.lastMessageSeq,
      ...(chat.endedAt ? { endedAt: chat.endedAt.toISOString() } : {}),
      ...(surveyUrl ? { surveyUrl } : {}),
    };
  }

  /** The public conversation after `afterSeq`, oldest first: the customer never sees notes. */
  async list(chat: ChatSessionRow, afterSeq: number, limit = PAGE): Promise<MessagePage> {
    const rows = await messagesAfter(this.work.sql, chat.ticketId, afterSeq, limit + 1, false);
    const items = rows.slice(0, limit).map((m) => customerView(messageView(m)));
    return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null };
  }

  async post(chat: ChatSessionRow, body: string, attachments: NewAttachment[] = []): Promise<Message> {
    return this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, chat.ticketId);
      if (!ticket || chat.endedAt || ENDED.has(ticket.status)) {
        throw new ConflictException('this conversation has ended: open a new chat to write again');
      }
      return customerView(messageView(this.messages.addFromCustomer(tx, ticket, body, attachments)));
    });
  }

  /**
   * The customer closed the chat. Still waiting: the ticket is abandoned. With an agent: the
   * agent is told and finishes the ticket; the customer's token writes no more.
   */
  async leave(chat: ChatSessionRow): Promise<void> {
    if (chat.endedAt) return;
    if (WAITING.has(chat.status)) {
      try {
        await this.abandons.abandonChat(chat.ticketId);
        return;
      } catch (error) {
        // An agent took it in the meantime: leave as from a conversation in progress.
        if (!(error instanceof ConflictException)) throw error;
      }
    }
    await this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, chat.ticketId);
      if (!ticket) return;
      await endChat(tx, ticket.id);
      if (!ENDED.has(ticket.status)) this.messages.addSystemNote(tx, ticket, 'The customer left the chat.');
      tx.effects.chat(ticket.id, 'chat.ended', { reason: 'left' });
    });
  }

  /** The customer's page stayed closed while they waited (ChatGateway): they left the queue. */
  async leftUnseen(ticketId: string): Promise<void> {
    try {
      await this.abandons.abandonChat(ticketId, 'chat-closed');
    } catch (error) {
      // Taken by an agent, or ended, meanwhile: nothing to abandon.
      if (!(error instanceof ConflictException)) throw error;
    }
  }

  /** The customer saw the agent's messages up to `seq`: the agent's desk shows them read. */
  async read(chat: ChatSessionRow, seq: number): Promise<void> {
    const marked = await markMessagesRead(this.work.sql, chat.ticketId, seq, 'outbound');
    if (marked && chat.assignedAgentId) {
      await this.work.flush(
        new AfterCommit().emit(rooms.agent(chat.assignedAgentId), 'messages.read', {
          ticketId: chat.ticketId,
          seq: marked.seq,
          at: marked.at.toISOString(),
        }),
      );
    }
  }
}
