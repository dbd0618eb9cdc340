import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import {
  CUSTOMER_HISTORY_LIMIT,
  type Channel,
  type CustomerCsatAnswer,
  type CustomerDetail,
  type CustomerTicket,
  type TicketStatus,
} from '@switchboard/contracts';
import {
  emptyCounters,
  fcrIsProvisional,
  intervalFigures,
  OUTCOME_EVENT_TYPES,
  ticketOutcomes,
  type MetricEvent,
} from '@switchboard/domain';
import { CustomerEntity, readCustomerEvents } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';

interface ChannelRow {
  channel: Channel;
  tickets: number;
  resolved: number;
  abandoned: number;
  last_contact_at: Date;
}

interface TicketRow {
  id: string;
  subject: string;
  channel: Channel;
  queue: string;
  category: string | null;
  status: TicketStatus;
  priority: number;
  created_at: Date;
  resolved_at: Date | null;
  resolution_code: string | null;
  agent_id: string | null;
  agent_name: string | null;
}

/**
 * The customer 360 beside a ticket on the agent desk: profile, history in figures, recent tickets
 * and CSAT answers. At most five queries however long the history, in one snapshot so the figures
 * and the lists agree.
 */
@Injectable()
export class CustomerQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async get(id: string, viewer: AuthUser): Promise<CustomerDetail> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const customer = await manager.findOneBy(CustomerEntity, { id });
      // An agent sees the customers of their own work; to them, anyone else does not exist.
      if (!customer || !(await this.access.mayReadCustomer(manager, viewer, id))) {
        throw new NotFoundException(`customer ${id} does not exist`);
      }
      const channels = (await manager.query(
        `SELECT channel, count(*)::int AS tickets,
                count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
                count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
                max(created_at) AS last_contact_at
           FROM tickets WHERE customer_id = $1
          GROUP BY channel ORDER BY tickets DESC, channel`,
        [id],
      )) as ChannelRow[];
      const tickets = (await manager.query(
        `SELECT t.id, t.subject, t.channel, q.key AS queue, t.category, t.status, t.priority, t.created_at,
                t.resolved_at, t.resolution_code, u.id AS agent_id, u.name AS agent_name
           FROM tickets t
           JOIN queues q ON q.id = t.queue_id
           LEFT JOIN users u ON u.id = t.assigned_agent_id
          WHERE t.customer_id = $1
          ORDER BY t.created_at DESC, t.id DESC
          LIMIT $2`,
        [id, CUSTOMER_HISTORY_LIMIT],
      )) as TicketRow[];
      // Every ticket's outcome events, not only the listed tickets': the summary covers the whole history.
      const events = await readCustomerEvents(manager, id, OUTCOME_EVENT_TYPES);

      const outcomes = ticketOutcomes(events);
      const figures = intervalFigures(
        { ...emptyCounters(), ...outcomes.counters },
        outcomes.lastResolutionAtMs !== null &&
          fcrIsProvisional(outcomes.lastResolutionAtMs, Date.now(), this.config.fcrWindowDays * 86_400),
      );
      const answers = csatAnswers(events);
      // In log order, so each ticket's latest rating is the one kept.
      const latestRating = new Map(answers.map((a) => [a.ticketId, a.rating]));

      const total = (key: 'tickets' | 'resolved' | 'abandoned') => channels.reduce((sum, c) => sum + c[key], 0);
      const lastContact = channels.reduce<Date | null>(
        (latest, c) => (latest && latest >= c.last_contact_at ? latest : c.last_contact_at),
        null,
      );
      const { ratings } = outcomes.counters;
      return {
        customer: {
          id: customer.id,
          externalId: customer.externalId,
          name: customer.name,
          phone: customer.phone,
          email: customer.email,
          tier: customer.tier,
          // numeric(14, 2) arrives as a string so that pg loses no precision; 14 digits fit a double.
          lifetimeValue: Number(customer.lifetimeValue),
          language: customer.language,
          createdAt: customer.createdAt.toISOString(),
        },
        summary: {
          tickets: total('tickets'),
          resolved: total('resolved'),
          abandoned: total('abandoned'),
          open: total('tickets') - total('resolved') - total('abandoned'),
          firstContactResolutionPercent: figures.fcrPercent,
          firstContactResolutionProvisional: figures.fcrProvisional,
          csat: {
            average: ratings > 0 ? Math.round((outcomes.ratingSum / ratings) * 100) / 100 : null,
            positivePercent: figures.csatPercent,
            responses: figures.csatResponses,
          },
          lastContactAt: lastContact?.toISOString() ?? null,
        },
        contacts: channels.map((c) => ({ channel: c.channel, count: c.tickets })),
        tickets: tickets.map((t) => toCustomerTicket(t, latestRating.get(t.id) ?? null)),
        csat: answers.reverse().slice(0, CUSTOMER_HISTORY_LIMIT),
      };
    });
  }

  /**
   * The agent has one of the customer's tickets now (assigned, or a live offer), or handled one
   * before (an accepted offer: the only way a ticket becomes an agent's). A declined or expired
   * offer is no reason to open the customer's file.
   */
}

/** Ratings as the CSAT metric counts them (a numeric score), oldest first. */
function csatAnswers(events: MetricEvent[]): CustomerCsatAnswer[] {
  return events
    .filter((e) => e.type === 'ticket.csat_recorded' && typeof e.data.score === 'number')
    .map((e) => ({
      ticketId: e.ticketId,
      rating: e.data.score as number,
      comment: typeof e.data.comment === 'string' ? e.data.comment : null,
      at: new Date(e.atMs).toISOString(),
    }));
}

function toCustomerTicket(t: TicketRow, csatRating: number | null): CustomerTicket {
  return {
    id: t.id,
    subject: t.subject,
    channel: t.channel,
    queue: t.queue,
    category: t.category,
    status: t.status,
    priority: t.priority,
    createdAt: t.created_at.toISOString(),
    resolvedAt: t.resolved_at?.toISOString() ?? null,
    resolutionCode: t.resolution_code,
    csatRating,
    assignedAgent: t.agent_id && t.agent_name ? { id: t.agent_id, name: t.agent_name } : null,
  };
}
