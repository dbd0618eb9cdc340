import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { TicketRecord, WaitingTicketsResponse } from '@switchboard/contracts';
import { effectivePriority, ticketRecordFacts } from '@switchboard/domain';
import { TicketEntity, TicketEventEntity, toTicketDetail, toTicketSummary } from '@switchboard/persistence';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { asHistory } from './ticket-search.service.js';

@Injectable()
export class TicketQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * A queue's waiting tickets in the order the router offers them: effective priority (intake
   * priority plus ageing), then time waiting — the same ORDER BY as the claim (libs/persistence
   * claims.ts).
   */
  async waiting(queueKey: string, limit = 100): Promise<WaitingTicketsResponse> {
    const exists = (await this.db.query('SELECT 1 FROM queues WHERE key = $1', [queueKey])) as unknown[];
    if (exists.length === 0) throw new NotFoundException(`queue '${queueKey}' does not exist`);
    const now = new Date();
    const perPoint = this.config.routing.ageingSecondsPerPoint;
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(
        `SELECT t.id FROM tickets t JOIN queues q ON q.id = t.queue_id
          WHERE q.key = $1 AND t.status = 'queued'
          ORDER BY t.priority + floor(extract(epoch FROM ($2::timestamptz - t.enqueued_at)) / $3) DESC, t.enqueued_at, t.id
          LIMIT $4`,
        [queueKey, now, perPoint, limit],
      ),
      this.db.query(
        `SELECT count(*)::int AS total FROM tickets t JOIN queues q ON q.id = t.queue_id
          WHERE q.key = $1 AND t.status = 'queued'`,
        [queueKey],
      ),
    ])) as [{ id: string }[], { total: number }[]];
    const loaded = await this.db.getRepository(TicketEntity).find({
      where: { id: In(rows.map((r) => r.id)) },
      relations: { queue: true, customer: true },
    });
    const byId = new Map(loaded.map((ticket) => [ticket.id, ticket]));
    const tickets = rows.map((r) => byId.get(r.id)).filter((ticket) => ticket !== undefined);
    return {
      queue: queueKey,
      asOf: now.toISOString(),
      total,
      items: tickets.map((ticket, i) => ({
        ...toTicketSummary(ticket),
        effectivePriority: effectivePriority(ticket.priority, ticket.enqueuedAt ?? ticket.createdAt, now, perPoint),
        position: i + 1,
      })),
    };
  }

  /** The ticket, its timeline, and who handled it how: for an agent's past work, only what their part saw. */
  async get(id: string, viewer: AuthUser): Promise<TicketRecord> {
    // A query builder, not findOne: findOne with relations pages through a DISTINCT sub-query first.
    const ticket = await this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.queue', 'queue')
      .innerJoinAndSelect('t.customer', 'customer')
      .leftJoinAndSelect('t.assignedAgent', 'agent')
      .where('t.id = :id', { id })
      .getOne();
    // To anyone who may not see it, a ticket does not exist.
    const view = ticket ? await this.access.ticketView(this.db.manager, viewer, ticket) : 'none';
    if (!ticket || view === 'none') throw new NotFoundException(`ticket ${id} does not exist`);
    // An agent's own past work: the timeline up to the end of their part, nothing after.
    const lastSeq = view === 'history' ? await this.endOfPart(id, viewer.id) : undefined;
    const events = await this.db.getRepository(TicketEventEntity).find({
      where: { ticketId: id, ...(lastSeq !== undefined ? { seq: LessThanOrEqual(lastSeq) } : {}) },
      relations: { actor: true },
      order: { seq: 'ASC' },
    });
    const detail = toTicketDetail(ticket, events);
    const facts = ticketRecordFacts(detail.events);
    // Past work: the agent is named only when it is the viewer, as the rest stops at their part.
    const agent =
      ticket.assignedAgent && (view === 'full' || ticket.assignedAgent.id === viewer.id) ? ticket.assignedAgent : null;
    const record: TicketRecord = {
      ...detail,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      acceptedAt: agent ? (ticket.acceptedAt?.toISOString() ?? null) : null,
      handleSeconds: facts.handleSeconds,
      csatScore: facts.csat?.score ?? null,
      waitedSeconds: facts.waitedSeconds,
      wrapUpSeconds: facts.wrapUpSeconds,
      abandonedAt: facts.abandonedAt,
      transfers: facts.transfers,
      csat: facts.csat,
    };
    return view === 'history' ? asHistory(record) : record;
  }

  /** The seq of the last event of an agent's part in a ticket: what they did, and what ended their work on it. */
  private async endOfPart(ticketId: string, agentId: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT coalesce(max(seq), 0)::int AS seq FROM ticket_events
        WHERE ticket_id = $1 AND (actor_id = $2 OR data->>'agentId' = $2::text OR data->>'fromAgentId' = $2::text)`,
      [ticketId, agentId],
    )) as { seq: number }[];
    return row?.seq ?? 0;
  }
}
