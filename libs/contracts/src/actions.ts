import type { IsoDateTime } from './common.js';
import type { TicketStatus } from './tickets.js';

/** What an action endpoint did, named `resource.verb`. */
export const ACTIONS = [
  'ticket.abandon',
  'ticket.rate',
  'ticket.transfer',
  'ticket.reopen',
  'ticket.note',
  'ticket.resolve',
  'offer.accept',
  'offer.decline',
  'agent.wrap_up_complete',
  'session.logout',
  'user.password_change',
  'user.password_reset',
  'survey.answer',
] as const;
export type ActionName = (typeof ACTIONS)[number];

export const ACTION_TARGETS = ['ticket', 'offer', 'agent', 'session', 'user', 'survey'] as const;
export type ActionTarget = (typeof ACTION_TARGETS)[number];

/**
 * The one shape every action endpoint adds to its answer (API 0.2): the fields each answered
 * with before stay, and `result` says the same thing the same way everywhere. See
 * docs/api.md, "Action results".
 */
export interface ActionResult {
  action: ActionName;
  target: { type: ActionTarget; id: string };
  /** The ticket the action touched, when it touched one: its id and status after the action. */
  ticket: { id: string; status: TicketStatus } | null;
  at: IsoDateTime;
}

export interface ActionResponse {
  result: ActionResult;
}
