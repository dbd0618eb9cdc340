import type { Channel } from '@switchboard/contracts';
import type { MetricEvent } from './metric-facts.js';

/** One agent's handling of one ticket: from its accept to its wrap-up end or transfer on (open: null). */
export interface HandleInterval {
  agentId: string;
  ticketId: string;
  /** null when the ticket's creation was not among the events read (the agent's capacity weight falls back to 1). */
  channel: Channel | null;
  startMs: number;
  endMs: number | null;
}

interface TicketHandling {
  channel: Channel | null;
  open: HandleInterval | null;
  lastAtMs: number;
}

/**
 * Who handled what, as the live engine learns it from the ticket event log, so an agent's
 * handled count, AHT and occupancy need no scan of the log per push. The same rule as the
 * historical SQL (libs/persistence, metrics-agents.ts): a handle runs from a `ticket.accepted`
 * (its agent is `data.agentId`, else the actor) to the next `ticket.wrap_up_completed` or
 * `ticket.transferred` from `in_progress`.
 */
export class AgentHandles {
  private readonly tickets = new Map<string, TicketHandling>();
  private finished: HandleInterval[] = [];

  apply(e: MetricEvent): void {
    let t = this.tickets.get(e.ticketId);
    if (!t) {
      t = { channel: null, open: null, lastAtMs: e.atMs };
      this.tickets.set(e.ticketId, t);
    }
    t.lastAtMs = e.atMs;
    if (e.type === 'ticket.created' && typeof e.data.channel === 'string') t.channel = e.data.channel as Channel;
    if (e.type === 'ticket.accepted') {
      const agentId = typeof e.data.agentId === 'string' ? e.data.agentId : e.actorId;
      if (agentId) t.open = { agentId, ticketId: e.ticketId, channel: t.channel, startMs: e.atMs, endMs: null };
    } else if (
      t.open &&
      (e.type === 'ticket.wrap_up_completed' || (e.type === 'ticket.transferred' && e.data.from === 'in_progress'))
    ) {
      t.open.endMs = e.atMs;
      this.finished.push(t.open);
      t.open = null;
    }
  }

  /** Handles open at `asOfMs` or ended at or after `fromMs`: what the agent figures over [fromMs, asOfMs) need. */
  intervals(fromMs: number, asOfMs: number): HandleInterval[] {
    const out: HandleInterval[] = [];
    for (const h of this.finished) {
      if (h.startMs >= asOfMs || h.endMs! < fromMs) continue;
      out.push(h.endMs! < asOfMs ? h : { ...h, endMs: null });
    }
    for (const t of this.tickets.values()) if (t.open && t.open.startMs < asOfMs) out.push(t.open);
    return out;
  }

  /** Forgets handles that ended before `beforeMs`, and tickets with nothing open and no event since. */
  prune(beforeMs: number): void {
    this.finished = this.finished.filter((h) => h.endMs! >= beforeMs);
    for (const [id, t] of this.tickets) if (!t.open && t.lastAtMs < beforeMs) this.tickets.delete(id);
  }
}
