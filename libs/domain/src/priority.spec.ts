import { effectivePriority, intakePriority } from './priority.js';

describe('priority', () => {
  it.each([
    [{ basePriority: 0, tier: 'standard' as const }, 0],
    [{ basePriority: 5, tier: 'gold' as const }, 15],
    [{ basePriority: 5, tier: 'platinum' as const }, 25],
    [{ basePriority: -3, tier: 'standard' as const }, -3],
  ])('intake priority of %j is %i', (input, expected) => {
    expect(intakePriority(input)).toBe(expected);
  });

  const enqueuedAt = new Date('2026-01-01T10:00:00Z');
  it.each([
    ['2026-01-01T10:00:00Z', 10],
    ['2026-01-01T10:00:59Z', 10],
    ['2026-01-01T10:01:00Z', 11],
    ['2026-01-01T10:20:30Z', 30],
    ['2026-01-01T09:59:00Z', 10], // clock skew never lowers priority
  ])('at %s a priority-10 ticket has effective priority %i', (now, expected) => {
    expect(effectivePriority(10, enqueuedAt, new Date(now))).toBe(expected);
  });

  it('lets a standard customer who waited long overtake a fresh gold one', () => {
    const now = new Date('2026-01-01T10:15:00Z');
    const oldStandard = effectivePriority(intakePriority({ basePriority: 0, tier: 'standard' }), enqueuedAt, now);
    const freshGold = effectivePriority(intakePriority({ basePriority: 0, tier: 'gold' }), now, now);
    expect(oldStandard).toBeGreaterThan(freshGold);
  });
});
