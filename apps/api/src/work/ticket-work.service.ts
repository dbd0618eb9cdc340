import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AfterCommit, routingJobs } from '@switchboard/messaging';
import {
  AgentEntity,
  appendAgentEvent,
  appendTicketEvent,
  endWrapUp,
  inTransaction,
  lockTicketWithQueue,
  TicketEntity,
  transitionTicket,
} from '@switchboard/persistence';
import type { TicketStatus } from '@switchboard/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Effects } from '../messaging/messaging.module.js';
import { InlineClaims } from '../messaging/inline-claims.js';

/** Roles that may act on any ticket, not only their own. */
const OVERSEERS = new Set(['supervisor', 'admin']);

@Injectable()
export class TicketWorkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly claims: InlineClaims,
    private readonly audit: AuditService,
  ) {}

  /** Returns the ticket's status (a note changes none). */
  async addNote(ticketId: string, body: string, actor: AuthUser): Promise<TicketStatus> {
    return inTransaction(this.db, async (manager) => {
      const ticket = await this.lockTicket(manager, ticketId, actor);
      await appendTicketEvent(manager, ticket, {
        type: 'ticket.note_added',
        at: new Date(),
        actorId: actor.id,
        data: { body },
      });
      await this.audit.recordIfAudited(manager, actor, {
        action: 'ticket.note_added',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        after: { body },
      });
      return ticket.status;
    });
  }

  /** Resolution code and note; the agent then enters wrap-up for the queue's wrap-up time. */
  async resolve(ticketId: string, resolutionCode: string, note: string | undefined, actor: AuthUser): Promise<void> {
    const effects = new AfterCommit();
    await inTransaction(this.db, async (manager) => {
      effects.reset(); // a retried attempt decides afresh
      const ticket = await this.lockTicket(manager, ticketId, actor);
      if (ticket.status !== 'in_progress') throw new ConflictException(`ticket is ${ticket.status}, not in progress`);
      const agentId = ticket.assignedAgentId!;
      const now = new Date();
      const handleSeconds = ticket.acceptedAt ? (now.getTime() - ticket.acceptedAt.getTime()) / 1000 : null;
      const wrapUpSeconds = ticket.queue.wrapUpSeconds;
      await transitionTicket(
        manager,
        ticket,
        'resolved',
        {
          type: 'ticket.resolved',
          at: now,
          actorId: actor.id,
          data: { resolutionCode, note: note ?? null, agentId, handleSeconds },
        },
        { resolutionCode, resolutionNote: note ?? null, resolvedAt: now },
        // No wrap-up time in this queue: after-contact work is over as soon as it began.
        wrapUpSeconds > 0 ? [] : [{ type: 'ticket.wrap_up_completed', at: now, data: { agentId, manual: false } }],
      );
      await this.audit.recordIfAudited(manager, actor, {
        action: 'ticket.resolved',
        target: { type: 'ticket', id: ticket.id, label: ticket.subject },
        before: { status: 'in_progress', agentId },
        after: { status: 'resolved', resolutionCode, note: note ?? null },
      });
      const agent = await manager.findOneOrFail(AgentEntity, {
        where: { userId: agentId },
        lock: { mode: 'pessimistic_write' },
        loadEagerRelations: false,
      });
      // Several chats at once: a running wrap-up of another ticket ends when the next begins.
      if (agent.wrapUpTicketId && agent.wrapUpTicketId !== ticket.id) {
        await endWrapUp(manager, agentId, agent.wrapUpTicketId, now, null);
      }
      if (wrapUpSeconds > 0) {
        const until = new Date(now.getTime() + wrapUpSeconds * 1000);
        await manager.update(AgentEntity, { userId: agentId }, { wrapUpUntil: until, wrapUpTicketId: ticket.id });
        await appendAgentEvent(manager, agentId, 'agent.wrap_up_started', now, {
          ticketId: ticket.id,
          until: until.toISOString(),
        });
        effects.job(routingJobs.wrapUpEnd(agentId, ticket.id, until, now));
      } else {
        await manager.update(AgentEntity, { userId: agentId }, { idleSince: now });
        await this.claims.agentFreed(manager, agentId, 'ticket-resolved', effects);
      }
    });
    await this.effects.flush(effects);
  }

  /** The agent pressed Done: wrap-up ends now, and they are routable again. */
  /** Returns the ticket whose wrap-up ended. */
  async completeWrapUp(agent: AuthUser): Promise<{ id: string; status: TicketStatus }> {
    const effects = new AfterCommit();
    const ticketId = await inTransaction(this.db, async (manager) => {
      effects.reset(); // a retried attempt decides afresh
      const row = await manager.findOneBy(AgentEntity, { userId: agent.id });
      if (!row?.wrapUpTicketId) throw new ConflictException('not in wrap-up');
      if (!(await endWrapUp(manager, agent.id, row.wrapUpTicketId, new Date(), agent.id))) {
        throw new ConflictException('not in wrap-up');
      }
      await this.claims.agentFreed(manager, agent.id, 'wrap-up-completed', effects);
      return row.wrapUpTicketId;
    });
    await this.effects.flush(effects);
    const [ticket] = (await this.db.query(`SELECT status FROM tickets WHERE id = $1`, [ticketId])) as {
      status: TicketStatus;
    }[];
    return { id: ticketId, status: ticket!.status };
  }

  /** Agents act only on tickets assigned to them; supervisors and admins on any. */
  private async lockTicket(manager: EntityManager, ticketId: string, actor: AuthUser): Promise<TicketEntity> {
    const ticket = await lockTicketWithQueue(manager, ticketId);
    if (!ticket) throw new NotFoundException(`ticket ${ticketId} does not exist`);
    if (!OVERSEERS.has(actor.role) && ticket.assignedAgentId !== actor.id) {
      if (actor.role === 'agent') throw new NotFoundException(`ticket ${ticketId} does not exist`);
      throw new ForbiddenException('only the assigned agent may work on this ticket');
    }
    return ticket;
  }
}
