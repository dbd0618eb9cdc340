import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { TicketStatus } from '@switchboard/contracts';
import {
  endChat,
  endOffer,
  lockAgent,
  lockTicketWithPendingOffer,
  type OfferRow,
  type TicketRow,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';

/** States in which the customer is still waiting for an agent, so can still give up. */
const ABANDONABLE: readonly TicketStatus[] = ['queued', 'offered', 'callback_scheduled'];

interface HeldWaiting {
  ticket: TicketRow;
  offer: OfferRow | null;
}

@Injectable()
export class TicketAbandonService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
  ) {}

  /** The customer hung up or left: a pending offer ends in the same unit of work. */
  abandon(id: string, reason: string | undefined, caller: AuthUser): Promise<{ id: string; status: TicketStatus }> {
    return this.work.run(async (tx) => {
      const { ticket, offer } = await lockTicketWithPendingOffer(tx, id);
      if (!ticket || (await this.access.ticketViewIn(tx, caller, ticket)) === 'none') {
        throw new NotFoundException(`ticket ${id} does not exist`);
      }
      await this.abandonHeld(tx, { ticket, offer }, reason ?? 'customer-left', caller.id);
      return { id, status: ticket.status };
    });
  }

  /**
   * The customer left their web chat while waiting: said so (`customer-left-chat`, the chat's own
   * token vouches for them) or closed the page for good (`chat-closed`).
   */
  abandonChat(ticketId: string, reason: 'customer-left-chat' | 'chat-closed' = 'customer-left-chat'): Promise<void> {
    return this.work.run(async (tx) => {
      const { ticket, offer } = await lockTicketWithPendingOffer(tx, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      await this.abandonHeld(tx, { ticket, offer }, reason, null);
    });
  }

  private async abandonHeld(tx: WorkTx, { ticket, offer }: HeldWaiting, reason: string, actorId: string | null) {
    if (!ABANDONABLE.includes(ticket.status)) {
      throw new ConflictException(`ticket is ${ticket.status}, no longer waiting`);
    }
    const now = new Date();
    if (offer) {
      const agent = await lockAgent(tx, offer.agentId);
      if (agent) {
        endOffer(tx, { offer, ticket, agent }, 'abandon', {
          now,
          actorId,
          maxMissedOffers: this.work.routing.maxMissedOffers,
        });
      }
    } else if (ticket.status === 'queued' && ticket.routingToken) {
      tx.effects.ticketLeftQueue(ticket.id, ticket.routingToken);
    }
    const waitedSeconds = ticket.enqueuedAt ? (now.getTime() - ticket.enqueuedAt.getTime()) / 1000 : 0;
    tx.transition(ticket, 'abandoned', {
      type: 'ticket.abandoned',
      at: now,
      actorId,
      data: { reason, waitedSeconds },
    });
    if (ticket.channel === 'chat') {
      await endChat(tx, ticket.id);
      tx.effects.chat(ticket.id, 'chat.ended', { reason: 'abandoned' });
    }
  }
}
