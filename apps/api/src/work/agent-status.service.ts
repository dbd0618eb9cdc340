import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentResponse, AgentStatus } from '@switchboard/contracts';
import { AfterCommit, rooms, routingJobs } from '@switchboard/messaging';
import {
  AgentEntity,
  appendAgentEvent,
  appendTicketEvent,
  inTransaction,
  OfferEntity,
  requeueTicket,
  TicketEntity,
} from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service.js';
import { Effects } from '../messaging/messaging.module.js';

@Injectable()
export class AgentStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly agents: AgentsService,
  ) {}

  /**
   * Sets what the agent chose. Going available makes them routable at once; going away or
   * offline takes back a pending offer (the ticket returns to the head of its queue).
   */
  async set(agentId: string, status: AgentStatus, reason: string | undefined, actorId: string): Promise<AgentResponse> {
    const effects = new AfterCommit();
    await inTransaction(this.db, async (manager) => {
      const now = new Date();
      // Lock order offer → ticket → agent.
      const pending = await manager.find(OfferEntity, {
        where: { agentId, status: 'pending' },
        lock: { mode: 'pessimistic_write' },
      });
      const agent = await manager.findOne(AgentEntity, {
        where: { userId: agentId },
        lock: { mode: 'pessimistic_write' },
        loadEagerRelations: false,
      });
      if (!agent) throw new NotFoundException(`agent ${agentId} does not exist`);
      if (status !== 'available') {
        for (const offer of pending) {
          await manager.update(OfferEntity, { id: offer.id }, { status: 'rescinded', respondedAt: now });
          const ticket = await manager.findOneOrFail(TicketEntity, {
            where: { id: offer.ticketId },
            lock: { mode: 'pessimistic_write' },
          });
          await appendTicketEvent(manager, ticket, {
            type: 'ticket.offer_rescinded',
            at: now,
            actorId,
            data: { offerId: offer.id, agentId, reason: 'agent-unavailable' },
          });
          const token = await requeueTicket(manager, ticket, {
            type: 'ticket.queued',
            at: now,
            actorId,
            data: { after: 'offer-rescinded' },
          });
          effects
            .emit(rooms.agent(agentId), 'offer.rescinded', { offerId: offer.id, reason: 'agent-unavailable' })
            .job(routingJobs.routeTicket(ticket.id, token, ticket.priority));
        }
      }
      const newReason = status === 'away' ? (reason ?? 'away') : null;
      if (agent.status !== status || agent.statusReason !== newReason) {
        await manager.update(
          AgentEntity,
          { userId: agentId },
          {
            status,
            statusReason: newReason,
            statusSince: now,
            missedOffers: status === 'available' ? 0 : agent.missedOffers,
            idleSince: status === 'available' ? now : agent.idleSince,
          },
        );
        await appendAgentEvent(
          manager,
          agentId,
          'agent.status_changed',
          now,
          { from: agent.status, to: status, reason: newReason },
          actorId,
        );
      }
      if (status === 'available') effects.job(routingJobs.routeAgent(agentId, 'became-available'));
    });
    await this.effects.flush(effects);
    return this.agents.get(agentId);
  }
}
