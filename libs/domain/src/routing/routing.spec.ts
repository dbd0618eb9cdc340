import { agentActivity, shouldSetAwayAfterMiss } from './agent-activity.js';
import { overflowState } from './overflow.js';
import { orderWaiting } from './waiting-order.js';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('orderWaiting', () => {
  it('serves higher priority first, then the longest waiting, then by id', () => {
    const tickets = [
      { id: 't1', priority: 0, enqueuedAt: ago(30) },
      { id: 't2', priority: 10, enqueuedAt: ago(5) },
      { id: 't3', priority: 0, enqueuedAt: ago(50) },
      { id: 't0', priority: 0, enqueuedAt: ago(30) },
    ];
    expect(orderWaiting(tickets, now).map((t) => t.id)).toEqual(['t2', 't3', 't0', 't1']);
  });

  it('ages tickets so a long wait overtakes a higher priority', () => {
    const tickets = [
      { id: 'gold-fresh', priority: 10, enqueuedAt: ago(0) },
      { id: 'standard-11-min', priority: 0, enqueuedAt: ago(11 * 60) },
    ];
    expect(orderWaiting(tickets, now).map((t) => t.id)).toEqual(['standard-11-min', 'gold-fresh']);
    expect(orderWaiting(tickets, now, 120).map((t) => t.id)).toEqual(['gold-fresh', 'standard-11-min']);
  });
});

describe('overflowState', () => {
  const steps = [
    { afterSeconds: 90, queue: 'billing' },
    { afterSeconds: 30, relaxSkillLevelsBy: 2 },
    { afterSeconds: 180, relaxSkillLevelsBy: 4 },
  ];
  it.each([
    [0, { queue: null, relaxSkillLevelsBy: 0, nextStepAtSeconds: 30 }],
    [29.9, { queue: null, relaxSkillLevelsBy: 0, nextStepAtSeconds: 30 }],
    [30, { queue: null, relaxSkillLevelsBy: 2, nextStepAtSeconds: 90 }],
    [95, { queue: 'billing', relaxSkillLevelsBy: 2, nextStepAtSeconds: 180 }],
    [600, { queue: 'billing', relaxSkillLevelsBy: 4, nextStepAtSeconds: null }],
  ])('at age %ss', (age, expected) => expect(overflowState(steps, age)).toEqual(expected));

  it('has nothing to do without steps', () => {
    expect(overflowState([], 1e6)).toEqual({ queue: null, relaxSkillLevelsBy: 0, nextStepAtSeconds: null });
  });
});

describe('agentActivity', () => {
  it.each([
    [{ pendingOffers: 0, activeTickets: 0, wrapUpUntil: null }, 'idle'],
    [{ pendingOffers: 1, activeTickets: 0, wrapUpUntil: null }, 'offered'],
    [{ pendingOffers: 1, activeTickets: 2, wrapUpUntil: null }, 'busy'],
    [{ pendingOffers: 0, activeTickets: 0, wrapUpUntil: new Date(now.getTime() + 5000) }, 'wrap_up'],
    [{ pendingOffers: 0, activeTickets: 0, wrapUpUntil: ago(1) }, 'idle'],
  ] as const)('%j → %s', (work, expected) => expect(agentActivity(work, now)).toBe(expected));

  it('sets an agent away on the third consecutive miss, not before', () => {
    expect([1, 2, 3, 4].map((n) => shouldSetAwayAfterMiss(n))).toEqual([false, false, true, true]);
  });
});
