import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { ROLES, type Role } from '@switchboard/contracts';
import { statement, type Sql } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';
import { Roles, type AuthUser } from '../auth/auth.decorators.js';

const EVERYONE = ROLES;
const STAFF_READERS: readonly Role[] = ['supervisor', 'qa', 'admin', 'integration', 'agent'];
const DESK: readonly Role[] = ['agent', 'supervisor', 'admin'];
/** The desk, and QA picking an agent by name in the history. */
const DIRECTORY: readonly Role[] = ['agent', 'supervisor', 'qa', 'admin'];
const OVERSIGHT: readonly Role[] = ['supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * Who may call what, by action: the one table of roles (DESIGN.md, invariant 8). Routes and
 * socket events name an action with @Can; the per-ticket rules (whose ticket it is) are the
 * methods of AccessPolicy below.
 */
export const PERMISSIONS = {
  'session.own': EVERYONE,
  'user.manage': ADMIN,
  'audit.read': ADMIN,
  'queue.read': EVERYONE,
  'queue.manage': ADMIN,
  'agent.manage': ADMIN,
  'agent.read': OVERSIGHT,
  'agent.directory': DIRECTORY,
  'agent.own': ['agent'],
  /** The idle desk's own day and week: an agent's figures, to that agent only. */
  'agent.summary': ['agent'],
  'agent.set-status': OVERSIGHT,
  'metrics.read': ['supervisor', 'admin', 'qa'],
  'metrics.definitions': ['supervisor', 'admin', 'qa', 'agent'],
  'customer.read': STAFF_READERS,
  'ticket.create': ['integration', 'admin'],
  'ticket.read': STAFF_READERS,
  'ticket.waiting': OVERSIGHT,
  'ticket.abandon': ['integration', 'admin'],
  'ticket.rate': ['integration', 'admin'],
  'ticket.work': DESK,
  'ticket.reopen': ['agent', 'supervisor', 'admin', 'integration'],
  'ticket.position': ['integration', 'supervisor', 'admin'],
  'message.read': STAFF_READERS,
  'message.write': ['agent', 'supervisor', 'admin', 'integration'],
  'offer.answer': ['agent'],
  'qa.scorecard.read': ['qa', 'admin', 'supervisor'],
  'qa.scorecard.manage': ['qa', 'admin'],
  'qa.evaluate': ['qa', 'admin'],
  'qa.evaluation.read': ['qa', 'admin', 'supervisor', 'agent'],
  'qa.evaluation.answer': ['agent'],
  'qa.inbox.read': ['qa', 'admin', 'supervisor'],
  'qa.sampling.manage': ['qa', 'admin'],
  'qa.calibration': ['qa', 'admin'],
  'qa.report.read': ['qa', 'admin', 'supervisor'],
  'webhook.manage': ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** The roles that may take `action`, as route metadata (the auth guard enforces it; a test lists every route). */
export const Can = (action: Action) => Roles(...PERMISSIONS[action]);

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
/** Roles that may act on any ticket (resolve, transfer, note), not only their own. */
const ACTING_OVERSEERS = new Set<Role>(OVERSIGHT);

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

const AGENT_WORK_ON_TICKET = statement(
  'access_agent_work_on_ticket',
  `SELECT ${bind(CURRENT_WORK, '$2')} AS current, ${bind(PAST_WORK, '$2')} AS past FROM tickets t WHERE t.id = $1`,
);

/**
 * Who may see which ticket and customer, decided here and nowhere else (DESIGN.md, invariant 8).
 * Supervisors, QA and admins see everything; an integration sees the tickets it created; an
 * agent sees what they work on now in full, their own past work as history, and nothing else.
 */
@Injectable()
export class AccessPolicy {
  /**
   * Working on a ticket (a note, a resolution, a transfer): its assigned agent, or a supervisor
   * or admin. To another agent the ticket does not exist (404).
   */
  assertMayWorkOn(actor: AuthUser, ticket: { id: string; assignedAgentId: string | null }): void {
    if (ACTING_OVERSEERS.has(actor.role) || ticket.assignedAgentId === actor.id) return;
    if (actor.role === 'agent') throw new NotFoundException(`ticket ${ticket.id} does not exist`);
    throw new ForbiddenException('only the assigned agent may work on this ticket');
  }

  /** Supervisors and admins may also move tickets that wait or are being offered, not only those in progress. */
  mayMoveWaiting(actor: AuthUser): boolean {
    return ACTING_OVERSEERS.has(actor.role);
  }

  /** Reopening: the customer came back. An agent reopens only their own; QA reviews, it does not reopen. */
  assertMayReopen(actor: AuthUser, ticket: { id: string; assignedAgentId: string | null }): void {
    if (actor.role === 'agent' && ticket.assignedAgentId !== actor.id)
      throw new NotFoundException(`ticket ${ticket.id} does not exist`);
    if (actor.role === 'qa') throw new ForbiddenException('QA reviewers do not reopen tickets');
  }

  /** An offer is answered only by the agent it was made to; to anyone else it does not exist. */
  assertOwnOffer(actor: AuthUser, offer: { id: string; agentId: string }): void {
    if (offer.agentId !== actor.id) throw new NotFoundException(`offer ${offer.id} does not exist`);
  }

  /** An agent sets their own status; supervisors and admins anyone's (audited). */
  maySetStatusOf(actor: AuthUser, agentId: string): boolean {
    return actor.id === agentId || ACTING_OVERSEERS.has(actor.role);
  }

  /**
   * Which evaluations a user may read: QA and admins all (calibration ones on request);
   * supervisors every submitted one; an agent their own submitted ones. Drafts and calibration
   * scoring are never shown to agents or supervisors.
   */
  evaluationScope(viewer: AuthUser): { agentId: string | null; drafts: boolean; calibration: boolean } {
    if (viewer.role === 'qa' || viewer.role === 'admin') return { agentId: null, drafts: true, calibration: true };
    if (viewer.role === 'supervisor') return { agentId: null, drafts: false, calibration: false };
    return { agentId: viewer.id, drafts: false, calibration: false };
  }

  /** Whether `viewer` may read this evaluation (to anyone else it does not exist). */
  mayReadEvaluation(
    viewer: AuthUser,
    evaluation: { agentId: string | null; status: string; calibrationId: string | null },
  ): boolean {
    const scope = this.evaluationScope(viewer);
    if (scope.agentId && evaluation.agentId !== scope.agentId) return false;
    if (!scope.drafts && evaluation.status === 'draft') return false;
    return scope.calibration || evaluation.calibrationId === null;
  }

  /** Acknowledging or disputing: only the agent evaluated; to anyone else it does not exist. */
  assertEvaluatedAgent(
    actor: AuthUser,
    evaluation: { id: string; agentId: string | null; calibrationId: string | null },
  ): void {
    if (evaluation.agentId !== actor.id || evaluation.calibrationId !== null)
      throw new NotFoundException(`evaluation ${evaluation.id} does not exist`);
  }

  /** Editing a draft: the reviewer who wrote it (an admin may finish anyone's). */
  assertMayEditEvaluation(actor: AuthUser, evaluation: { id: string; reviewerId: string | null }): void {
    if (actor.role !== 'admin' && evaluation.reviewerId !== actor.id)
      throw new ForbiddenException(`evaluation ${evaluation.id} is another reviewer's draft`);
  }

  async ticketView(
    manager: EntityManager,
    viewer: AuthUser,
    ticket: { id: string; createdById: string | null },
  ): Promise<TicketView> {
    const sql: Sql = { query: async (s, values = []) => manager.query(s.text, [...values]) };
    return this.ticketViewIn(sql, viewer, ticket);
  }

  /**
   * Reading a ticket's conversation (its messages, files and mails): `missing` (404) for whoever
   * may not see the ticket at all, 403 for an agent whose part is over.
   */
  async assertMayReadConversation(
    sql: Sql,
    viewer: AuthUser,
    ticket: { id: string; createdById: string | null },
    missing: string,
  ): Promise<void> {
    const view = await this.ticketViewIn(sql, viewer, ticket);
    if (view === 'none') throw new NotFoundException(missing);
    if (view === 'history') {
      throw new ForbiddenException('the conversation is shown to the agent working on the ticket, not after');
    }
  }

  /** As ticketView, inside a unit of work (or any Sql). */
  async ticketViewIn(
    sql: Sql,
    viewer: AuthUser,
    ticket: { id: string; createdById: string | null },
  ): Promise<TicketView> {
    const quick = this.viewByRole(viewer, ticket);
    if (quick) return quick;
    const [row] = await sql.query<{ current: boolean; past: boolean }>(AGENT_WORK_ON_TICKET, [ticket.id, viewer.id]);
    return row?.current ? 'full' : row?.past ? 'history' : 'none';
  }

  /** The view decided by the role alone; null when an agent's work on the ticket decides. */
  private viewByRole(viewer: AuthUser, ticket: { createdById: string | null }): TicketView | null {
    if (OVERSEERS.has(viewer.role)) return 'full';
    if (viewer.role === 'integration') return ticket.createdById === viewer.id ? 'full' : 'none';
    if (viewer.role !== 'agent') return 'none';
    return null;
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

  /**
   * What a text search may read: `all` (subject, description, resolution note, notes and messages)
   * for those who see whole tickets; `own-fields` (subject, description, the customer's name) for
   * agents, whose view of a past ticket ends with their part, so a later note must not answer them.
   */
  textSearchScope(viewer: AuthUser): 'all' | 'own-fields' {
    return viewer.role === 'agent' ? 'own-fields' : 'all';
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
