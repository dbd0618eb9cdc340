import type { TicketStatus } from '@switchboard/contracts';

/**
 * Legal ticket state changes (DESIGN.md, "Ticket lifecycle"). Anything not listed
 * here is refused, so a bug can never walk a ticket into an impossible state.
 */
const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['queued', 'abandoned'],
  queued: ['offered', 'abandoned', 'callback_scheduled', 'transferred'],
  // A supervisor may move a ticket while it is being offered (the offer ends as 'move').
  offered: ['in_progress', 'queued', 'abandoned', 'transferred'],
  in_progress: ['wrap_up', 'resolved', 'transferred'],
  transferred: ['queued', 'offered'],
  wrap_up: ['resolved'],
  resolved: ['reopened'],
  reopened: ['queued'],
  callback_scheduled: ['queued', 'abandoned'],
  abandoned: [],
};

/** States in which a ticket waits for routing: it belongs in a Redis queue. */
export const WAITING_STATUSES: readonly TicketStatus[] = ['queued'];

/** States from which nothing further happens without a new customer contact. */
export const FINAL_STATUSES: readonly TicketStatus[] = ['resolved', 'abandoned'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: TicketStatus,
    readonly to: TicketStatus,
  ) {
    super(`A ticket cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** True when `path` (starting at `new`) only takes legal steps. */
export function isLegalPath(path: readonly TicketStatus[]): boolean {
  if (path.length === 0 || path[0] !== 'new') return false;
  return path.every((status, i) => i === 0 || canTransition(path[i - 1]!, status));
}
