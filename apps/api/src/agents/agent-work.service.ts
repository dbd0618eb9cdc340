import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { AgentResponse, AgentStatus, TicketStatus } from '@switchboard/contracts';
import {
  changeAgentStatus,
  endWrapUp,
  heldTickets,
  lockAgent,
  lockPendingOffersOfAgent,
  lockWrapUp,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { AuthUser } from '../auth/auth.decorators.js';
import { auditOf } from '../audit/audit.service.js';
import { TicketTransferService } from '../tickets/ticket-transfer.service.js';
import { AgentsService } from './agents.service.js';

export interface ReleasedWork {
  /** Pending offers taken back (their tickets wait in their queues again). */
  offers: number;
  /** Tickets in progress sent back to their queues. */
  tickets: string[];
  /** The ticket whose wrap-up was ended, if one ran. */
  wrapUpEnded: string | null;
}

/** An agent's own state as work goes: their status, their wrap-up, and taking them out of the work. */
@Injectable()
export class AgentWorkService {
  constructor(
    private readonly work: TicketWork,
    private readonly agents: AgentsService,
    private readonly transfers: TicketTransferService,
  ) {}

  /**
   * Going available makes the agent routable at once; going away or offline takes back a pending
   * offer. A supervisor's change of someone else's status is in the audit log.
   */
  async setStatus(
    agentId: string,
    status: AgentStatus,
    reason: string | undefined,
    actor: AuthUser,
  ): Promise<AgentResponse> {
    await this.changeStatus(agentId, status, reason ?? null, actor, true);
    return this.agents.get(agentId);
  }

  /** The agent pressed Done: wrap-up ends now, and they are routable again. Returns the ticket whose wrap-up ended. */
  completeWrapUp(agent: AuthUser): Promise<{ id: string; status: TicketStatus }> {
    return this.work.run(async (tx) => {
      const held = await lockWrapUp(tx, agent.id);
      if (!held) throw new ConflictException('not in wrap-up');
      endWrapUp(tx, held.agent, held.ticket, new Date(), agent.id);
      return { id: held.ticket.id, status: held.ticket.status };
    });
  }

  /**
   * Takes an agent out of the work (they are being disabled or given another role): offline, so
   * nothing new is offered; pending offers back to their queues; tickets in progress back to their
   * queues, each a `ticket.transferred` by the admin; a running wrap-up ended. Every step is a
   * ticket or agent event, so the timelines say what happened.
   */
  async release(agentId: string, reason: 'account-disabled' | 'role-changed', actor: AuthUser): Promise<ReleasedWork> {
    const offline = await this.changeStatus(agentId, 'offline', reason, actor, false);
    if (offline === null) return { offers: 0, tickets: [], wrapUpEnded: null };
    const held = await heldTickets(this.work.sql, agentId);
    for (const ticket of held) {
      await this.transfers.transfer(ticket.id, { queue: ticket.queue, note: `agent ${reason}` }, actor);
    }
    const wrapUpEnded = await this.work.run(async (tx) => {
      const wrapUp = await lockWrapUp(tx, agentId);
      if (!wrapUp) return null;
      endWrapUp(tx, wrapUp.agent, wrapUp.ticket, new Date(), actor.id);
      return wrapUp.ticket.id;
    });
    return { offers: offline, tickets: held.map((t) => t.id), wrapUpEnded };
  }

  /** Returns how many pending offers ended; null for an unknown agent. */
  private changeStatus(
    agentId: string,
    status: AgentStatus,
    reason: string | null,
    actor: AuthUser,
    audited: boolean,
  ): Promise<number | null> {
    return this.work.run(async (tx) => {
      const offers = await lockPendingOffersOfAgent(tx, agentId);
      const agent = await lockAgent(tx, agentId);
      if (!agent) {
        if (audited) throw new NotFoundException(`agent ${agentId} does not exist`);
        return null;
      }
      if (agent.disabled && status !== 'offline') throw new ConflictException('the agent is disabled');
      const now = new Date();
      const change = changeAgentStatus(
        tx,
        agent,
        offers,
        { status, reason, actorId: actor.id, cause: 'agent-unavailable' },
        { now, maxMissedOffers: this.work.routing.maxMissedOffers },
      );
      if (audited && actor.id !== agentId) {
        auditOf(tx, actor, {
          action: 'agent.status_set',
          target: { type: 'agent', id: agentId, label: agent.email },
          before: { status: agent.status, reason: agent.statusReason },
          after: { status, reason, offersTakenBack: change.offersEnded },
        });
      }
      return change.offersEnded;
    });
  }
}
