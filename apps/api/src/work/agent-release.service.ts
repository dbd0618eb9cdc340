import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AfterCommit, statusChangeEffects } from '@switchboard/messaging';
import { changeAgentStatus, endWrapUp, inTransaction } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { Effects } from '../messaging/messaging.module.js';
import { TicketTransferService } from './ticket-transfer.service.js';

export interface ReleasedWork {
  /** Pending offers taken back (their tickets wait in their queues again). */
  offers: number;
  /** Tickets in progress sent back to their queues. */
  tickets: string[];
  /** The ticket whose wrap-up was ended, if one ran. */
  wrapUpEnded: string | null;
}

/**
 * Takes an agent out of the work (they are being disabled or given another role): offline, so
 * nothing new is offered; pending offers back to their queues; tickets in progress back to their
 * queues, each a `ticket.transferred` by the admin; a running wrap-up ended. Every step is a
 * ticket or agent event, so the timelines say what happened.
 */
@Injectable()
export class AgentReleaseService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly transfers: TicketTransferService,
  ) {}

  async release(agentId: string, reason: 'account-disabled' | 'role-changed', actor: AuthUser): Promise<ReleasedWork> {
    const effects = new AfterCommit();
    const offline = await inTransaction(this.db, async (manager) => {
      effects.reset();
      const change = await changeAgentStatus(manager, agentId, 'offline', reason, actor.id, new Date());
      if (change) statusChangeEffects(agentId, 'offline', change.rescinded, effects);
      return change;
    });
    await this.effects.flush(effects);
    if (!offline) return { offers: 0, tickets: [], wrapUpEnded: null };

    const held = (await this.db.query(
      `SELECT t.id, q.key AS queue FROM tickets t JOIN queues q ON q.id = t.queue_id
        WHERE t.assigned_agent_id = $1 AND t.status = 'in_progress' ORDER BY t.accepted_at`,
      [agentId],
    )) as { id: string; queue: string }[];
    for (const ticket of held) {
      await this.transfers.transfer(ticket.id, { queue: ticket.queue, note: `agent ${reason}` }, actor);
    }
    const wrapUpEnded = await inTransaction(this.db, async (manager) => {
      const [row] = (await manager.query(`SELECT wrap_up_ticket_id FROM agents WHERE user_id = $1`, [agentId])) as {
        wrap_up_ticket_id: string | null;
      }[];
      if (!row?.wrap_up_ticket_id) return null;
      return (await endWrapUp(manager, agentId, row.wrap_up_ticket_id, new Date(), actor.id))
        ? row.wrap_up_ticket_id
        : null;
    });
    return { offers: offline.rescinded.length, tickets: held.map((t) => t.id), wrapUpEnded };
  }
}
