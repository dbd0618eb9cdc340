import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { TicketStatus } from '@switchboard/contracts';
import { endOffer, lockAgent, lockTicketWithPendingOffer } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';

/** States in which the customer is still waiting for an agent, so can still give up. */
const ABANDONABLE: readonly TicketStatus[] = ['queued', 'offered', 'callback_scheduled'];

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
      if (!ABANDONABLE.includes(ticket.status)) {
        throw new ConflictException(`ticket is ${ticket.status}, no longer waiting`);
      }
      const now = new Date();
      if (offer) {
        const agent = await lockAgent(tx, offer.agentId);
        if (agent) {
          endOffer(tx, { offer, ticket, agent }, 'abandon', {
            now,
            actorId: caller.id,
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
        actorId: caller.id,
        data: { reason: reason ?? 'customer-left', waitedSeconds },
      });
      return { id, status: ticket.status };
    });
  }
}
