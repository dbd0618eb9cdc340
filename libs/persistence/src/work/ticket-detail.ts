import type { TicketDetail, TicketEventView } from '@switchboard/contracts';
import { ticketFromJson, ticketSummary, TICKET_JSON, type TicketRow } from './rows.js';
import { statement, type Sql } from './sql.js';

/** The timeline of ticket `t` (actors by name), oldest first; `untilSeq` an SQL expression cutting it, or null. */
export const TIMELINE_JSON = (
  untilSeq: string,
) => `COALESCE((SELECT json_agg(json_build_object('id', e.id::text, 'type', e.type, 'at', e.at,
      'data', e.data, 'actor', CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'name', u.name) END)
      ORDER BY e.seq)
     FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.ticket_id = t.id AND (${untilSeq}::int IS NULL OR e.seq <= ${untilSeq})), '[]'::json)`;

/** A ticket with its timeline in one round trip; `$2` cuts the timeline at a seq. */
const TICKET_DETAIL = statement(
  'ticket_detail',
  `SELECT ${TICKET_JSON()} AS ticket, t.description, ${TIMELINE_JSON('$2')} AS events
     FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN customers c ON c.id = t.customer_id
    WHERE t.id = $1`,
);

/** The ticket as its detail view shows it; `untilSeq` keeps only the timeline up to that event. Null when unknown. */
export async function ticketDetail(sql: Sql, ticketId: string, untilSeq?: number): Promise<TicketDetail | null> {
  const [row] = await sql.query<{
    ticket: Record<string, unknown>;
    description: string | null;
    events: TicketEventView[];
  }>(TICKET_DETAIL, [ticketId, untilSeq ?? null]);
  return row ? detailOf(ticketFromJson(row.ticket), row.description, row.events) : null;
}

/** A ticket's detail from its row and its timeline as TIMELINE_JSON reads it (plus events not yet committed). */
export function detailOf(row: TicketRow, description: string | null, timeline: TicketEventView[]): TicketDetail {
  return {
    ...ticketSummary(row),
    description,
    events: timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
  };
}
