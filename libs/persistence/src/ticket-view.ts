import type { TicketDetail, TicketSummary } from '@switchboard/contracts';
import type { TicketEventEntity } from './entities/ticket-event.entity.js';
import type { TicketEntity } from './entities/ticket.entity.js';

/** Needs `queue` and `customer` loaded. */
export function toTicketSummary(t: TicketEntity): TicketSummary {
  return {
    id: t.id,
    channel: t.channel,
    queue: t.queue.key,
    status: t.status,
    subject: t.subject,
    category: t.category,
    priority: t.priority,
    externalId: t.externalId,
    customer: {
      id: t.customer.id,
      externalId: t.customer.externalId,
      name: t.customer.name,
      phone: t.customer.phone,
      email: t.customer.email,
      tier: t.customer.tier,
    },
    assignedAgentId: t.assignedAgentId,
    resolutionCode: t.resolutionCode,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    enqueuedAt: t.enqueuedAt?.toISOString() ?? null,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
  };
}

/** Needs events with `actor` loaded, in order. */
export function toTicketDetail(t: TicketEntity, events: TicketEventEntity[]): TicketDetail {
  return {
    ...toTicketSummary(t),
    description: t.description,
    events: events.map((e) => ({
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actor ? { id: e.actor.id, name: e.actor.name } : null,
      data: e.data,
    })),
  };
}
