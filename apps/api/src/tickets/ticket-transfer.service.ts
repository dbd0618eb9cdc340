import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { TicketStatus } from '@switchboard/contracts';
import { selectAgent } from '@switchboard/domain';
import {
  candidateOf,
  createOffer,
  endOffer,
  findQueue,
  lockAgents,
  lockTicket,
  lockTicketWithPendingOffer,
  mayTakeWork,
  requeue,
  type TicketRow,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { auditOf } from '../audit/audit.service.js';
import type { TransferTicketDto } from './ticket-work.dto.js';

@Injectable()
export class TicketTransferService {
  constructor(
    private readonly work: TicketWork,
    private readonly access: AccessPolicy,
    private readonly surveys: SurveysService,
  ) {}

  /**
   * Hands a ticket on: to another queue (it waits there like any new contact) or to a named
   * agent (offered to them under the same offer rules: deadline, decline, timeout back to the
   * queue). The agent who had it is free for new work. Supervisors and admins may also move
   * tickets that wait or are being offered (that offer ends, reassigned).
   * Returns the ticket's status after it: queued in the new queue, or offered to the agent.
   */
  async transfer(ticketId: string, input: TransferTicketDto, actor: AuthUser): Promise<TicketStatus> {
    if ((input.queue === undefined) === (input.agentId === undefined)) {
      throw new BadRequestException(['give exactly one of queue or agentId']);
    }
    return this.work.run(async (tx) => {
      const { ticket, offer } = await lockTicketWithPendingOffer(tx, ticketId);
      const overseer = this.access.mayMoveWaiting(actor);
      if (!ticket || (!overseer && ticket.assignedAgentId !== actor.id)) {
        throw new NotFoundException(`ticket ${ticketId} does not exist`);
      }
      const waiting = ticket.status === 'queued' || ticket.status === 'offered';
      if (!(ticket.status === 'in_progress' || (overseer && waiting))) {
        throw new ConflictException(
          `ticket is ${ticket.status}; only tickets in progress${overseer ? ' or waiting' : ''} can be transferred`,
        );
      }
      const now = new Date();
      const from = ticket.queue;
      const fromAgentId = ticket.status === 'in_progress' ? ticket.assignedAgentId : null;
      const target = input.queue !== undefined ? await findQueue(tx, input.queue) : null;
      if (input.queue !== undefined) {
        if (!target) throw new BadRequestException([`queue '${input.queue}' does not exist`]);
        if (target.id === from.id && waiting)
          throw new BadRequestException([`ticket is already waiting in '${target.key}'`]);
      } else {
        if (input.agentId === fromAgentId)
          throw new BadRequestException(['agentId is the agent who has the ticket now']);
        if (waiting)
          throw new ConflictException('a waiting ticket is routed by its queue; transfer it to a queue instead');
      }
      const agents = await lockAgents(
        tx,
        [fromAgentId, offer?.agentId, input.agentId].filter((id): id is string => typeof id === 'string'),
      );

      if (offer) {
        endOffer(tx, { offer, ticket, agent: agents.get(offer.agentId)! }, 'move', {
          now,
          actorId: actor.id,
          maxMissedOffers: this.work.routing.maxMissedOffers,
        });
      } else if (ticket.status === 'queued' && ticket.routingToken) {
        tx.effects.ticketLeftQueue(ticket.id, ticket.routingToken);
      }

      if (target) {
        tx.transition(ticket, 'transferred', {
          type: 'ticket.transferred',
          at: now,
          actorId: actor.id,
          data: { kind: 'queue', fromQueue: from.key, toQueue: target.key, fromAgentId, note: input.note ?? null },
        });
        ticket.queue = target;
        requeue(
          tx,
          ticket,
          { type: 'ticket.queued', at: now, actorId: actor.id, data: { queue: target.key, after: 'transfer' } },
          { enqueuedAt: now, queueId: target.id },
        );
      } else {
        const agentId = input.agentId!;
        const receiving = agents.get(agentId);
        if (!receiving) throw new BadRequestException([`agentId ${agentId} is not an agent`]);
        const check = selectAgent(
          { channel: ticket.channel, strategy: 'longest-idle', requiredSkills: [] },
          [candidateOf(receiving, now)],
          now,
        );
        if (!check.agentId) {
          throw new ConflictException(
            `that agent cannot take it now (${check.candidates[0]?.reason ?? 'unavailable'})`,
          );
        }
        tx.transition(
          ticket,
          'transferred',
          {
            type: 'ticket.transferred',
            at: now,
            actorId: actor.id,
            data: { kind: 'agent', fromQueue: from.key, toAgentId: agentId, fromAgentId, note: input.note ?? null },
          },
          { assignedAgentId: null },
        );
        createOffer(
          tx,
          ticket,
          agentId,
          { path: 'transfer', requestedBy: actor.id, candidates: check.candidates },
          actor.id,
          now,
        );
      }

      // The agent who had it has that room back.
      const previous = fromAgentId ? agents.get(fromAgentId) : undefined;
      if (previous) {
        const load = { ...previous.load, [ticket.channel]: Math.max(0, previous.load[ticket.channel] - 1) };
        if (mayTakeWork({ ...previous, load }, now))
          tx.effects.agentFreed(previous.id, previous.queueIds, 'ticket-transferred');
      }
      auditOf(tx, actor, {
        action: 'ticket.transferred',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        before: { queue: from.key, agentId: fromAgentId },
        after: { status: ticket.status, ...(input.queue ? { queue: input.queue } : { agentId: input.agentId }) },
      });
      return ticket.status;
    });
  }

  /** The customer came back about a resolved ticket: it waits in its queue again. */
  reopen(ticketId: string, note: string | undefined, actor: AuthUser): Promise<TicketStatus> {
    return this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      this.access.assertMayReopen(actor, ticket);
      if (ticket.status !== 'resolved') throw new ConflictException(`ticket is ${ticket.status}, not resolved`);
      await this.reopenIn(tx, ticket, actor.id, { note: note ?? null }, new Date());
      auditOf(tx, actor, {
        action: 'ticket.reopened',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        before: { status: 'resolved' },
        after: { status: ticket.status, note: note ?? null },
      });
      return ticket.status;
    });
  }

  /**
   * Reopens a resolved ticket the caller has locked: its resolution goes, an unanswered survey
   * is withdrawn, and it waits in its queue again. `actorId` null: the customer's own mail did it.
   */
  async reopenIn(
    tx: WorkTx,
    ticket: TicketRow,
    actorId: string | null,
    data: Record<string, unknown>,
    now: Date,
  ): Promise<void> {
    tx.transition(
      ticket,
      'reopened',
      { type: 'ticket.reopened', at: now, actorId, data: { ...data, previousResolutionCode: ticket.resolutionCode } },
      { resolvedAt: null, resolutionCode: null, resolutionNote: null },
    );
    await this.surveys.cancel(tx, ticket, now);
    requeue(
      tx,
      ticket,
      { type: 'ticket.queued', at: now, actorId, data: { queue: ticket.queue.key, after: 'reopen' } },
      { enqueuedAt: now },
    );
  }
}
