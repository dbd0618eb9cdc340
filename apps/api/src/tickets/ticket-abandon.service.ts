import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TicketStatus } from '@switchboard/contracts';
import { AfterCommit, rooms, routingJobs } from '@switchboard/messaging';
import { appendTicketEvent, OfferEntity, TicketEntity, transitionTicket } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { Effects } from '../messaging/messaging.module.js';

/** States in which the customer is still waiting for an agent, so can still give up. */
const ABANDONABLE: readonly TicketStatus[] = ['queued', 'offered', 'callback_scheduled'];

@Injectable()
export class TicketAbandonService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly access: AccessPolicy,
  ) {}

  async abandon(
    id: string,
    reason: string | undefined,
    caller: AuthUser,
  ): Promise<{ id: string; status: TicketStatus }> {
    const effects = new AfterCommit();
    const result = await this.db.transaction(async (manager) => {
      // Lock order offer → ticket → agent, as everywhere else.
      const pending = await manager.findOne(OfferEntity, {
        where: { ticketId: id, status: 'pending' },
        lock: { mode: 'pessimistic_write' },
      });
      const ticket = await manager.findOne(TicketEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || (await this.access.ticketView(manager, caller, ticket)) === 'none') {
        throw new NotFoundException(`ticket ${id} does not exist`);
      }
      if (!ABANDONABLE.includes(ticket.status)) {
        throw new ConflictException(`ticket is ${ticket.status}, no longer waiting`);
      }
      const now = new Date();
      if (ticket.status === 'offered') {
        const offer = pending;
        if (offer) {
          await manager.update(OfferEntity, { id: offer.id }, { status: 'rescinded', respondedAt: now });
          await appendTicketEvent(manager, ticket, {
            type: 'ticket.offer_rescinded',
            at: now,
            actorId: caller.id,
            data: { offerId: offer.id, agentId: offer.agentId, reason: 'abandoned' },
          });
          effects
            .emit(rooms.agent(offer.agentId), 'offer.rescinded', { offerId: offer.id, reason: 'abandoned' })
            .job(routingJobs.routeAgent(offer.agentId, 'offer-rescinded'));
        }
      }
      const waitedSeconds = ticket.enqueuedAt ? (now.getTime() - ticket.enqueuedAt.getTime()) / 1000 : 0;
      await transitionTicket(manager, ticket, 'abandoned', {
        type: 'ticket.abandoned',
        at: now,
        actorId: caller.id,
        data: { reason: reason ?? 'customer-left', waitedSeconds },
      });
      return { id, status: ticket.status };
    });
    await this.effects.flush(effects);
    return result;
  }
}
