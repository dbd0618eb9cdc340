import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { Page, TicketDetail, TicketSummary, WaitingTicketsResponse } from '@switchboard/contracts';
import { effectivePriority } from '@switchboard/domain';
import { TicketEntity, TicketEventEntity, toTicketDetail, toTicketSummary } from '@switchboard/persistence';
import { Brackets, DataSource, In, LessThanOrEqual } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { SearchTicketsQueryDto } from './search-tickets.query.js';

const DEFAULT_PAGE_SIZE = 25;

/** A ticket as an agent's own history: the customer by name only. */
function asHistory<T extends TicketSummary>(ticket: T): T {
  return { ...ticket, customer: { ...ticket.customer, externalId: null, phone: null, email: null } };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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

  async get(id: string, viewer: AuthUser): Promise<TicketDetail> {
    // A query builder, not findOne: findOne with relations pages through a DISTINCT sub-query first.
    const ticket = await this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.queue', 'queue')
      .innerJoinAndSelect('t.customer', 'customer')
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
    return view === 'history' ? asHistory(detail) : detail;
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

  async search(query: SearchTicketsQueryDto, viewer: AuthUser): Promise<Page<TicketSummary>> {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      throw new BadRequestException(['from must not be later than to']);
    }
    if (query.resolvedFrom && query.resolvedTo && Date.parse(query.resolvedFrom) > Date.parse(query.resolvedTo)) {
      throw new BadRequestException(['resolvedFrom must not be later than resolvedTo']);
    }
    const agentId = query.agentId;
    if (viewer.role === 'agent' && agentId && agentId !== viewer.id) {
      throw new ForbiddenException('agents may only search their own tickets');
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.queue', 'queue')
      .innerJoinAndSelect('t.customer', 'customer')
      .addSelect(`to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_at')
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(limit + 1);

    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.queue) qb.andWhere('queue.key = :queue', { queue: query.queue });
    if (query.customerId) qb.andWhere('t.customer_id = :customerId', { customerId: query.customerId });
    if (query.category) qb.andWhere('t.category = :category', { category: query.category });
    if (query.resolutionCode)
      qb.andWhere('t.resolution_code = :resolutionCode', { resolutionCode: query.resolutionCode });
    if (query.from) qb.andWhere('t.created_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('t.created_at < :to', { to: query.to });
    if (query.resolvedFrom) qb.andWhere('t.resolved_at >= :resolvedFrom', { resolvedFrom: query.resolvedFrom });
    if (query.resolvedTo) qb.andWhere('t.resolved_at < :resolvedTo', { resolvedTo: query.resolvedTo });
    if (agentId && viewer.role !== 'agent') {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('t.assigned_agent_id = :agentId', { agentId })
            .orWhere(
              `EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = t.id AND o.agent_id = :agentId AND o.status = 'accepted')`,
            ),
        ),
      );
    }
    const visible = this.access.ticketFilter(viewer, ':viewerId');
    if (visible) qb.andWhere(visible, { viewerId: viewer.id });
    // A reference (SB-10482) finds that ticket.
    const reference = /^sb-?(\d{1,9})$/i.exec(query.q?.trim() ?? '');
    if (reference) {
      qb.andWhere('t.number = :number', { number: Number(reference[1]) });
    } else if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('t.subject ILIKE :like', { like })
            .orWhere('t.description ILIKE :like')
            .orWhere('customer.name ILIKE :like'),
        ),
      );
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      qb.andWhere('(t.created_at, t.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))', {
        cursorAt: cursor.createdAt,
        cursorId: cursor.id,
      });
    }

    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string; t_id: string }>();
    const page = entities.slice(0, limit);
    const last = page.at(-1);
    const lastRaw = last ? raw.find((r) => r.t_id === last.id) : undefined;
    // An agent's past tickets come as their history: no customer contact details.
    const current =
      viewer.role === 'agent'
        ? await this.access.currentWork(
            this.db.manager,
            viewer.id,
            page.map((t) => t.id),
          )
        : null;
    return {
      items: page.map((t) => {
        const summary = toTicketSummary(t);
        return current && !current.has(t.id) ? asHistory(summary) : summary;
      }),
      nextCursor:
        entities.length > limit && last && lastRaw ? encodeCursor({ createdAt: lastRaw.cursor_at, id: last.id }) : null,
    };
  }
}
