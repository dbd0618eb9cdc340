import { TICKET_STATUSES, type TicketStatus } from '@switchboard/contracts';
import {
  assertTransition,
  canTransition,
  FINAL_STATUSES,
  IllegalTransitionError,
  isLegalPath,
} from './ticket-lifecycle.js';

describe('ticket lifecycle', () => {
  it.each<[TicketStatus, TicketStatus]>([
    ['new', 'queued'],
    ['queued', 'offered'],
    ['offered', 'queued'],
    ['offered', 'in_progress'],
    ['offered', 'abandoned'],
    ['offered', 'transferred'],
    ['in_progress', 'transferred'],
    ['transferred', 'offered'],
    ['in_progress', 'resolved'],
    ['wrap_up', 'resolved'],
    ['resolved', 'reopened'],
    ['reopened', 'queued'],
    ['callback_scheduled', 'queued'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[TicketStatus, TicketStatus]>([
    ['new', 'in_progress'],
    ['queued', 'resolved'],
    ['queued', 'in_progress'],
    ['in_progress', 'abandoned'],
    ['resolved', 'queued'],
    ['abandoned', 'queued'],
    ['wrap_up', 'in_progress'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('has no way out of abandoned, and resolved only reopens', () => {
    for (const to of TICKET_STATUSES) expect(canTransition('abandoned', to)).toBe(false);
    expect(TICKET_STATUSES.filter((to) => canTransition('resolved', to))).toEqual(['reopened']);
    expect(FINAL_STATUSES).toEqual(['resolved', 'abandoned']);
  });

  it('never allows a state to step to itself', () => {
    for (const s of TICKET_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('checks whole paths', () => {
    expect(isLegalPath(['new', 'queued', 'offered', 'queued', 'offered', 'in_progress', 'resolved'])).toBe(true);
    expect(isLegalPath(['new', 'queued', 'offered', 'in_progress', 'transferred', 'queued', 'abandoned'])).toBe(true);
    expect(isLegalPath(['queued', 'offered'])).toBe(false);
    expect(isLegalPath(['new', 'queued', 'in_progress'])).toBe(false);
    expect(isLegalPath([])).toBe(false);
  });
});
