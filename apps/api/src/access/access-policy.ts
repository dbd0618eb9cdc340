import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';

/**
 * How much of a ticket a user may see:
 * - `full`: everything, the customer's contact details included;
 * - `history`: an agent's own past work on it: the timeline up to the end of their part, the
 *   customer by name only (no phone, e-mail or CRM id), nothing that happened after;
 * - `none`: it does not exist for them (404).
 */
export type TicketView = 'full' | 'history' | 'none';

/** Roles that see every ticket and customer. */
const OVERSEERS = new Set(['supervisor', 'qa', 'admin']);

/**
 * Work an agent holds now on a ticket: a pending offer, the ticket in progress with them, or
 * its wrap-up running. SQL over `t` (tickets) with the agent's id as `$agent`.
 */
const CURRENT_WORK = `(
     EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = t.id AND o.agent_id = $agent
                AND o.status = 'pending' AND o.expires_at > now())
  OR (t.status = 'in_progress' AND t.assigned_agent_id = $agent)
  OR EXISTS (SELECT 1 FROM agents a WHERE a.user_id = $agent AND a.wrap_up_ticket_id = t.id))`;

/** An agent took the ticket at some point (an offer they accepted). A declined or expired offer is not work done. */
const PAST_WORK = `EXISTS (SELECT 1 FROM offers o WHERE o.ticket_id = t.id AND o.agent_id = $agent AND o.status = 'accepted')`;

const bind = (sql: string, agentParam: string) => sql.replaceAll('$agent', agentParam);

/**
 * Who may see which ticket and customer, decided here and nowhere else (DESIGN.md, invariant 8).
 * Supervisors, QA and admins see everything; an integration sees the tickets it created; an
 * agent sees what they work on now in full, their own past work as history, and nothing else.
 */
@Injectable()
export class AccessPolicy {
  async ticketView(
    manager: EntityManager,
    viewer: AuthUser,
    ticket: { id: string; createdById: string | null },
  ): Promise<TicketView> {
    if (OVERSEERS.has(viewer.role)) return 'full';
    if (viewer.role === 'integration') return ticket.createdById === viewer.id ? 'full' : 'none';
    if (viewer.role !== 'agent') return 'none';
    const [row] = (await manager.query(
      `SELECT ${bind(CURRENT_WORK, '$2')} AS current, ${bind(PAST_WORK, '$2')} AS past FROM tickets t WHERE t.id = $1`,
      [ticket.id, viewer.id],
    )) as { current: boolean; past: boolean }[];
    return row?.current ? 'full' : row?.past ? 'history' : 'none';
  }

  /**
   * The condition a ticket search adds for this viewer (over `t`, with the viewer's id bound as
   * `agentParam`), or null when they may see every ticket.
   */
  ticketFilter(viewer: AuthUser, idParam: string): string | null {
    if (OVERSEERS.has(viewer.role)) return null;
    if (viewer.role === 'integration') return `t.created_by_id = ${idParam}`;
    return `(${bind(CURRENT_WORK, idParam)} OR ${bind(PAST_WORK, idParam)})`;
  }

  /** Of these tickets, the ones the agent works on now (the rest of a search is their history). */
  async currentWork(manager: EntityManager, agentId: string, ticketIds: string[]): Promise<Set<string>> {
    if (ticketIds.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT t.id FROM tickets t WHERE t.id = ANY($1) AND ${bind(CURRENT_WORK, '$2')}`,
      [ticketIds, agentId],
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /** The customer 360: overseers and integrations see any customer; an agent one whose ticket they work on now. */
  async mayReadCustomer(manager: EntityManager, viewer: AuthUser, customerId: string): Promise<boolean> {
    if (OVERSEERS.has(viewer.role) || viewer.role === 'integration') return true;
    if (viewer.role !== 'agent') return false;
    const [row] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = $1 AND ${bind(CURRENT_WORK, '$2')}) AS current`,
      [customerId, viewer.id],
    )) as { current: boolean }[];
    return row?.current === true;
  }
}
