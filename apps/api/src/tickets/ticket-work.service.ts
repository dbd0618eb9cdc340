import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { TicketStatus } from '@switchboard/contracts';
import { endChat, lockTicket, lockTicketWithAgent, resolveTicket, type TicketRow } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { auditOf } from '../audit/audit.service.js';
import { MessagesService } from '../conversations/messages.service.js';
import { SurveysService } from '../surveys/surveys.service.js';

/** A desk's work on a ticket it holds: notes and the resolution. */
@Injectable()
export class TicketWorkService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
    private readonly messages: MessagesService,
    private readonly surveys: SurveysService,
  ) {}

  /** A note is an internal message of the conversation. Returns the ticket's status (a note changes none). */
  addNote(ticketId: string, body: string, actor: AuthUser): Promise<TicketStatus> {
    return this.messages.addNote(ticketId, body, actor);
  }

  /** Resolution code and note; the agent then enters wrap-up for the queue's wrap-up time. */
  async resolve(ticketId: string, resolutionCode: string, note: string | undefined, actor: AuthUser): Promise<void> {
    // Several chats at once: a wrap-up of another ticket may still run, and ends here. Its ticket
    // must be locked before the agent, so an attempt that finds one starts over holding it.
    let runningWrapUp: string | null = null;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 3) throw new ConflictException('the agent\u2019s wrap-up keeps changing; try again');
      const next: string | null = await this.work.run(async (tx) => {
        const earlier: TicketRow | null = runningWrapUp ? await lockTicket(tx, runningWrapUp) : null;
        const held = await lockTicketWithAgent(tx, ticketId);
        if (!held) throw new NotFoundException(`ticket ${ticketId} does not exist`);
        const { ticket, agent } = held;
        this.access.assertMayWorkOn(actor, ticket);
        if (ticket.status !== 'in_progress' || !agent) {
          throw new ConflictException(`ticket is ${ticket.status}, not in progress`);
        }
        if (agent.wrapUpTicketId && agent.wrapUpTicketId !== ticket.id && agent.wrapUpTicketId !== earlier?.id) {
          return agent.wrapUpTicketId;
        }
        resolveTicket(
          tx,
          ticket,
          agent,
          { resolutionCode, note: note ?? null, actorId: actor.id, now: new Date() },
          earlier,
        );
        if (ticket.channel === 'chat') {
          // The customer is still in the web chat: the survey is offered there, at once (a chat a
          // connector brought in has no web chat to offer it in).
          const inWebChat = await endChat(tx, ticket.id);
          const surveyUrl = inWebChat ? await this.surveys.offer(tx, ticket, 'chat', new Date()) : null;
          tx.effects.chat(ticket.id, 'chat.ended', { reason: 'resolved', ...(surveyUrl ? { surveyUrl } : {}) });
        }
        auditOf(tx, actor, {
          action: 'ticket.resolved',
          target: { type: 'ticket', id: ticket.id, label: ticket.subject },
          before: { status: 'in_progress', agentId: agent.id },
          after: { status: 'resolved', resolutionCode, note: note ?? null },
        });
        return null;
      });
      if (next === null) return;
      runningWrapUp = next;
    }
  }
}
