import type { TicketDetail, TicketSummary } from '@switchboard/contracts';
import type { TicketEventEntity } from './entities/ticket-event.entity.js';
import type { TicketEntity } from './entities/ticket.entity.js';
import { ticketSummary } from './work/rows.js';

/** Needs `queue` and `customer` loaded. */
export function toTicketSummary(t: TicketEntity): TicketSummary {
  return ticketSummary(t);
}

/** Needs events with `actor` loaded, in order. */
export function toTicketDetail(t: TicketEntity, events: TicketEventEntity[]): TicketDetail {
  return {
    ...toTicketSummary(t),
    description: t.description,
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actor ? { id: e.actor.id, name: e.actor.name } : null,
      data: e.data,
    })),
  };
}
