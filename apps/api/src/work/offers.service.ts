import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AfterCommit, routingJobs } from '@switchboard/messaging';
import {
  AgentEntity,
  inTransaction,
  OfferEntity,
  requeueTicket,
  TicketEntity,
  transitionTicket,
} from '@switchboard/persistence';
import type { TicketStatus } from '@switchboard/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { Effects } from '../messaging/messaging.module.js';

/** Lock order offer → ticket → agent, as in the router. */
@Injectable()
export class OffersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
  ) {}

  /** The agent takes the ticket: it is theirs, in progress. */
  async accept(offerId: string, agent: AuthUser): Promise<string> {
    const effects = new AfterCommit();
    const ticketId = await inTransaction(this.db, async (manager) => {
      const offer = await this.lockOwnOffer(manager, offerId, agent);
      const now = new Date();
      if (offer.expiresAt.getTime() <= now.getTime()) throw new ConflictException('offer has expired');
      await manager.update(OfferEntity, { id: offerId }, { status: 'accepted', respondedAt: now });
      const ticket = await manager.findOneOrFail(TicketEntity, {
        where: { id: offer.ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      const waitSeconds = ticket.enqueuedAt ? (now.getTime() - ticket.enqueuedAt.getTime()) / 1000 : 0;
      await transitionTicket(
        manager,
        ticket,
        'in_progress',
        { type: 'ticket.accepted', at: now, actorId: agent.id, data: { offerId, agentId: agent.id, waitSeconds } },
        { assignedAgentId: agent.id, acceptedAt: now },
      );
      await manager.update(AgentEntity, { userId: agent.id }, { missedOffers: 0, idleSince: null });
      // Capacity may be left on other channels (chats, e-mails): look for more work.
      effects.job(routingJobs.routeAgent(agent.id, 'offer-accepted'));
      return ticket.id;
    });
    await this.effects.flush(effects);
    return ticketId;
  }

  /** The agent passes: the ticket goes back to the head of its queue, for someone else. */
  /** Returns the ticket's id and status after it (waiting in its queue again). */
  async decline(offerId: string, agent: AuthUser): Promise<{ id: string; status: TicketStatus }> {
    const effects = new AfterCommit();
    const ticket = await inTransaction(this.db, async (manager) => {
      const offer = await this.lockOwnOffer(manager, offerId, agent);
      const now = new Date();
      await manager.update(OfferEntity, { id: offerId }, { status: 'declined', respondedAt: now });
      const ticket = await manager.findOneOrFail(TicketEntity, {
        where: { id: offer.ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      const token = await requeueTicket(manager, ticket, {
        type: 'ticket.offer_declined',
        at: now,
        actorId: agent.id,
        data: { offerId, agentId: agent.id },
      });
      await manager.update(AgentEntity, { userId: agent.id }, { missedOffers: 0 });
      effects
        .job(routingJobs.routeTicket(ticket.id, token, ticket.priority))
        .job(routingJobs.routeAgent(agent.id, 'offer-declined'));
      return { id: ticket.id, status: ticket.status };
    });
    await this.effects.flush(effects);
    return ticket;
  }

  private async lockOwnOffer(manager: DataSource['manager'], offerId: string, agent: AuthUser): Promise<OfferEntity> {
    const offer = await manager.findOne(OfferEntity, { where: { id: offerId }, lock: { mode: 'pessimistic_write' } });
    // Someone else's offer does not exist, as far as this agent can tell.
    if (!offer || offer.agentId !== agent.id) throw new NotFoundException(`offer ${offerId} does not exist`);
    if (offer.status !== 'pending') throw new ConflictException(`offer is ${offer.status}, no longer pending`);
    return offer;
  }
}
