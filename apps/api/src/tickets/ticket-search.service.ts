import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, SortOrder, TicketSearchResult, TicketSort } from '@switchboard/contracts';
import {
  afterCursor,
  hasSearchWords,
  OUTCOME_MATCH,
  OWN_FIELDS_TEXT_MATCH,
  SORT_KEYS,
  TEXT_MATCH,
  TEXT_QUERY,
  TicketEntity,
  textSearchPrefix,
  toTicketSummary,
} from '@switchboard/persistence';
import { Brackets, DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { SearchTicketsQueryDto } from './search-tickets.query.js';

const DEFAULT_PAGE_SIZE = 25;

/** A ticket as an agent's own history: the customer by name only. */
export function asHistory<T extends TicketSearchResult>(ticket: T): T {
  return { ...ticket, customer: { ...ticket.customer, externalId: null, phone: null, email: null } };
}

/**
 * A search result of an agent's past ticket: as `asHistory`, and who resolved it, how long it
 * took and its rating only when that was the agent's own part (the ticket page hides the same).
 */
function asPastWork(ticket: TicketSearchResult, agentId: string): TicketSearchResult {
  const own = ticket.agent?.id === agentId;
  return asHistory({
    ...ticket,
    ...(own ? {} : { agent: null, acceptedAt: null, handleSeconds: null, csatScore: null }),
  });
}

/** Where a page sorted other than newest-first ended: the sort, and the last row's value (exact text) and id. */
interface SortCursor {
  sort: TicketSort;
  order: SortOrder;
  value: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_VALUE: Record<TicketSort, RegExp> = {
  createdAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  resolvedAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  handleSeconds: /^-?\d{1,12}(\.\d{1,6})?$/,
  csatScore: /^\d{1,2}$/,
};

function encodeSortCursor(c: SortCursor): string {
  return Buffer.from(JSON.stringify(['s', c.sort, c.order, c.value, c.id])).toString('base64url');
}

function decodeSortCursor(value: string, sort: TicketSort, order: SortOrder): SortCursor {
  const invalid = () => new BadRequestException(['cursor is not a cursor this API returned for this sort and order']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 5 || parsed[0] !== 's') throw invalid();
  const [, s, o, v, id] = parsed as unknown[];
  if (s !== sort || o !== order || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (v !== null && (typeof v !== 'string' || !CURSOR_VALUE[sort].test(v))) throw invalid();
  return { sort, order, value: v, id };
}

/**
 * The history search: filters, outcomes, full text and sorting, in keyset pages. Newest first by
 * default (cursors of that order keep their first form, `[createdAt, id]`).
 */
@Injectable()
export class TicketSearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async search(query: SearchTicketsQueryDto, viewer: AuthUser): Promise<Page<TicketSearchResult>> {
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
    const sort = query.sort ?? 'createdAt';
    const order = query.order ?? 'desc';
    const firstForm = sort === 'createdAt' && order === 'desc';
    const key = SORT_KEYS[sort];
    const direction = order === 'desc' ? 'DESC' : 'ASC';
    const qb = this.db
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.queue', 'queue')
      .innerJoinAndSelect('t.customer', 'customer')
      .leftJoinAndSelect('t.assignedAgent', 'agent')
      .addSelect(key.asText, 'sort_value')
      .orderBy(key.expression, direction, 'NULLS LAST')
      .addOrderBy('t.id', direction)
      // Only many-to-one joins: a plain LIMIT is exact (take() would page through a DISTINCT sub-query).
      .limit(limit + 1);

    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.outcome) qb.andWhere(OUTCOME_MATCH[query.outcome]);
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
    const text = query.q?.trim() ?? '';
    // A reference (SB-10482) finds that ticket.
    const reference = /^sb-?(\d{1,9})$/i.exec(text);
    if (reference) {
      qb.andWhere('t.number = :number', { number: Number(reference[1]) });
    } else if (text) {
      if (!hasSearchWords(text)) return { items: [], nextCursor: null };
      const tsquery = TEXT_QUERY(':text', ':prefix');
      const scope = this.access.textSearchScope(viewer);
      qb.andWhere(scope === 'all' ? TEXT_MATCH(tsquery) : OWN_FIELDS_TEXT_MATCH(tsquery), {
        text,
        prefix: textSearchPrefix(text),
      });
    }
    if (query.cursor) {
      if (firstForm) {
        const cursor = decodeCursor(query.cursor);
        qb.andWhere('(t.created_at, t.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))', {
          cursorAt: cursor.createdAt,
          cursorId: cursor.id,
        });
      } else {
        const cursor = decodeSortCursor(query.cursor, sort, order);
        qb.andWhere(afterCursor(key, order, cursor.value === null, ':cursorValue', ':cursorId'), {
          cursorValue: cursor.value,
          cursorId: cursor.id,
        });
      }
    }

    const { entities, raw } = await qb.getRawAndEntities<{ sort_value: string | null; t_id: string }>();
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
    let nextCursor: string | null = null;
    if (entities.length > limit && last && lastRaw) {
      nextCursor = firstForm
        ? encodeCursor({ createdAt: lastRaw.sort_value!, id: last.id })
        : encodeSortCursor({ sort, order, value: lastRaw.sort_value, id: last.id });
    }
    return {
      items: page.map((t) => {
        const result = toSearchResult(t);
        return current && !current.has(t.id) ? asPastWork(result, viewer.id) : result;
      }),
      nextCursor,
    };
  }
}

/** Needs `queue`, `customer` and `assignedAgent` loaded. */
export function toSearchResult(t: TicketEntity): TicketSearchResult {
  const handled = t.status === 'resolved' && t.resolvedAt && t.acceptedAt;
  return {
    ...toTicketSummary(t),
    agent: t.assignedAgent ? { id: t.assignedAgent.id, name: t.assignedAgent.name } : null,
    acceptedAt: t.acceptedAt?.toISOString() ?? null,
    handleSeconds: handled ? (t.resolvedAt!.getTime() - t.acceptedAt!.getTime()) / 1000 : null,
    csatScore: t.csatScore,
  };
}
