/** An event of a ticket's log as the record reads it (the contract's TicketEventView). */
export interface RecordEvent {
  type: string;
  at: string;
  actor?: { id: string; name: string } | null;
  data: Record<string, unknown>;
}

/** What a reviewer reads first about a ticket, from its event log alone. */
export interface TicketRecordFacts {
  /** Created → first accept, in seconds. */
  waitedSeconds: number | null;
  /** The latest resolution's handle time (accept → resolve), as that event recorded it. */
  handleSeconds: number | null;
  /** The latest resolution's agent (data.agentId, else who resolved it). */
  resolvedById: string | null;
  /** Latest resolve → the wrap-up end after it; null while it runs or with no resolution. */
  wrapUpSeconds: number | null;
  abandonedAt: string | null;
  transfers: number;
  csat: { score: number; comment: string | null; source: string | null; at: string } | null;
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** Reads the facts from events in order; later events win (a reopened ticket's last resolution). */
export function ticketRecordFacts(events: readonly RecordEvent[]): TicketRecordFacts {
  const facts: TicketRecordFacts = {
    waitedSeconds: null,
    handleSeconds: null,
    resolvedById: null,
    wrapUpSeconds: null,
    abandonedAt: null,
    transfers: 0,
    csat: null,
  };
  const created = events.find((e) => e.type === 'ticket.created')?.at ?? events[0]?.at;
  let resolvedAt: string | null = null;
  for (const e of events) {
    const d = e.data;
    switch (e.type) {
      case 'ticket.accepted':
        if (facts.waitedSeconds === null && created) facts.waitedSeconds = seconds(created, e.at);
        break;
      case 'ticket.resolved':
        resolvedAt = e.at;
        facts.handleSeconds = typeof d.handleSeconds === 'number' ? d.handleSeconds : null;
        facts.resolvedById = typeof d.agentId === 'string' ? d.agentId : (e.actor?.id ?? null);
        facts.wrapUpSeconds = null;
        break;
      case 'ticket.wrap_up_completed':
        if (resolvedAt && facts.wrapUpSeconds === null) facts.wrapUpSeconds = seconds(resolvedAt, e.at);
        break;
      case 'ticket.reopened':
        resolvedAt = null;
        break;
      case 'ticket.abandoned':
        facts.abandonedAt = e.at;
        break;
      case 'ticket.transferred':
        facts.transfers++;
        break;
      case 'ticket.csat_recorded':
        if (typeof d.score === 'number') {
          facts.csat = {
            score: d.score,
            comment: typeof d.comment === 'string' && d.comment !== '' ? d.comment : null,
            source: typeof d.source === 'string' ? d.source : null,
            at: e.at,
          };
        }
        break;
    }
  }
  return facts;
}
