import type { CustomerTier } from '@switchboard/contracts';

/** High-value customers wait less: their boost is added to the queue's base priority. */
export const TIER_PRIORITY_BOOST: Readonly<Record<CustomerTier, number>> = {
  standard: 0,
  gold: 10,
  platinum: 20,
};

export interface PriorityInput {
  basePriority: number;
  tier: CustomerTier;
}

/** Priority fixed at intake; ageing is added at routing time (see `effectivePriority`). */
export function intakePriority({ basePriority, tier }: PriorityInput): number {
  return basePriority + TIER_PRIORITY_BOOST[tier];
}

/**
 * Priority including ageing, so nobody starves: every `secondsPerPoint` waited adds one point.
 * `now` is passed in; this module never reads the clock.
 */
export function effectivePriority(priority: number, enqueuedAt: Date, now: Date, secondsPerPoint = 60): number {
  const waitedSeconds = Math.max(0, (now.getTime() - enqueuedAt.getTime()) / 1000);
  return priority + Math.floor(waitedSeconds / secondsPerPoint);
}
