import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { selectAgent } from '@switchboard/domain';
import { AfterCommit, routingJobs } from '@switchboard/messaging';
import {
  createOffer,
  inTransaction,
  lockTicketWithQueue,
  loadAgentCandidates,
  QueueEntity,
  requeueTicket,
  TicketEntity,
  transitionTicket,
} from '@switchboard/persistence';
import type { TicketStatus } from '@switchboard/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Effects } from '../messaging/messaging.module.js';
import type { TransferTicketDto } from './work.dto.js';

const OVERSEERS = new Set(['supervisor', 'admin']);

@Injectable()
export class TicketTransferService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly audit: AuditService,
  ) {}

  /**
   * Hands a ticket on: to another queue (it waits there like any new contact) or to a named
   * agent (offered to them under the same offer rules: deadline, decline, timeout back to the
   * queue). The agent who had it is free for new work. Supervisors may also move waiting tickets.
   */
  /** Returns the ticket's status after it: queued in the new queue, or offered to the agent. */
  async transfer(ticketId: string, input: TransferTicketDto, actor: AuthUser): Promise<TicketStatus> {
    if ((input.queue === undefined) === (input.agentId === undefined)) {
      throw new BadRequestException(['give exactly one of queue or agentId']);
    }
    const effects = new AfterCommit();
    const status = await inTransaction(this.db, async (manager) => {
      const ticket = await manager.findOne(TicketEntity, {
        where: { id: ticketId },
        lock: { mode: 'pessimistic_write' },
      });
      const overseer = OVERSEERS.has(actor.role);
      if (!ticket || (!overseer && ticket.assignedAgentId !== actor.id))
        throw new NotFoundException(`ticket ${ticketId} does not exist`);
      const movable = ticket.status === 'in_progress' || (overseer && ticket.status === 'queued');
      if (!movable) {
        throw new ConflictException(
          `ticket is ${ticket.status}; only tickets in progress${overseer ? ' or waiting' : ''} can be transferred`,
        );
      }
      const from = await manager.findOneByOrFail(QueueEntity, { id: ticket.queueId });
      const fromAgentId = ticket.assignedAgentId;
      const now = new Date();

      if (input.queue !== undefined) {
        const target = await manager.findOneBy(QueueEntity, { key: input.queue });
        if (!target) throw new BadRequestException([`queue '${input.queue}' does not exist`]);
        if (target.id === from.id && ticket.status === 'queued')
          throw new BadRequestException([`ticket is already waiting in '${target.key}'`]);
        await transitionTicket(manager, ticket, 'transferred', {
          type: 'ticket.transferred',
          at: now,
          actorId: actor.id,
          data: { kind: 'queue', fromQueue: from.key, toQueue: target.key, fromAgentId, note: input.note ?? null },
        });
        const token = await requeueTicket(
          manager,
          ticket,
          { type: 'ticket.queued', at: now, actorId: actor.id, data: { queue: target.key, after: 'transfer' } },
          { enqueuedAt: now, queueId: target.id },
        );
        effects.job(routingJobs.routeTicket(ticket.id, token, ticket.priority));
      } else {
        const agentId = input.agentId!;
        if (agentId === fromAgentId) throw new BadRequestException(['agentId is the agent who has the ticket now']);
        if (ticket.status === 'queued')
          throw new ConflictException('a waiting ticket is routed by its queue; transfer it to a queue instead');
        await manager.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE', [agentId]);
        const [candidate] = await loadAgentCandidates(manager, { agentId }, now);
        if (!candidate) throw new BadRequestException([`agentId ${agentId} is not an agent`]);
        const check = selectAgent(
          { channel: ticket.channel, strategy: 'longest-idle', requiredSkills: [] },
          [candidate],
          now,
        );
        if (!check.agentId) {
          throw new ConflictException(
            `that agent cannot take it now (${check.candidates[0]?.reason ?? 'unavailable'})`,
          );
        }
        await transitionTicket(manager, ticket, 'transferred', {
          type: 'ticket.transferred',
          at: now,
          actorId: actor.id,
          data: { kind: 'agent', fromQueue: from.key, toAgentId: agentId, fromAgentId, note: input.note ?? null },
          // The receiving agent's offer follows in the same transaction.
        });
        await manager.update(TicketEntity, { id: ticket.id }, { assignedAgentId: null });
        const offer = await createOffer(
          manager,
          ticket,
          from,
          agentId,
          { path: 'transfer', requestedBy: actor.id, candidates: check.candidates },
          actor.id,
        );
        effects.offer(agentId, offer);
      }
      if (fromAgentId) effects.job(routingJobs.routeAgent(fromAgentId, 'ticket-transferred'));
      await this.audit.recordIfAudited(manager, actor, {
        action: 'ticket.transferred',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        before: { queue: from.key, agentId: fromAgentId },
        after: { status: ticket.status, ...(input.queue ? { queue: input.queue } : { agentId: input.agentId }) },
      });
      return ticket.status;
    });
    await this.effects.flush(effects);
    return status;
  }

  /** The customer came back about a resolved ticket: it waits in its queue again. */
  async reopen(ticketId: string, note: string | undefined, actor: AuthUser): Promise<TicketStatus> {
    const effects = new AfterCommit();
    const status = await inTransaction(this.db, async (manager) => {
      const ticket = await lockTicketWithQueue(manager, ticketId);
      if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
      if (actor.role === 'agent' && ticket.assignedAgentId !== actor.id)
        throw new NotFoundException(`ticket ${ticketId} does not exist`);
      if (actor.role === 'qa') throw new ForbiddenException('QA reviewers do not reopen tickets');
      if (ticket.status !== 'resolved') throw new ConflictException(`ticket is ${ticket.status}, not resolved`);
      const now = new Date();
      await transitionTicket(
        manager,
        ticket,
        'reopened',
        {
          type: 'ticket.reopened',
          at: now,
          actorId: actor.id,
          data: { note: note ?? null, previousResolutionCode: ticket.resolutionCode },
        },
        { resolvedAt: null, resolutionCode: null, resolutionNote: null },
      );
      const token = await requeueTicket(
        manager,
        ticket,
        { type: 'ticket.queued', at: now, actorId: actor.id, data: { queue: ticket.queue.key, after: 'reopen' } },
        { enqueuedAt: now },
      );
      effects.job(routingJobs.routeTicket(ticket.id, token, ticket.priority));
      await this.audit.recordIfAudited(manager, actor, {
        action: 'ticket.reopened',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        before: { status: 'resolved' },
        after: { status: ticket.status, note: note ?? null },
      });
      return ticket.status;
    });
    await this.effects.flush(effects);
    return status;
  }
}
