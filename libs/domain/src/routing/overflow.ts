import type { OverflowTarget } from '@switchboard/contracts';

export interface OverflowState {
  /** Queue whose agents may take the ticket now, besides its own (the last overflow queue reached). */
  queue: string | null;
  /** Skill levels the ticket may now be relaxed by (the widest step reached). */
  relaxSkillLevelsBy: number;
  /** Seconds of ticket age at which the next step applies; null when no step is left. */
  nextStepAtSeconds: number | null;
}

/**
 * Ordered widening steps measured from the ticket's age (TaskRouter-style): every step whose
 * `afterSeconds` has passed is in force.
 */
export function overflowState(targets: readonly OverflowTarget[], ageSeconds: number): OverflowState {
  const steps = [...targets].sort((a, b) => a.afterSeconds - b.afterSeconds);
  let queue: string | null = null;
  let relax = 0;
  let next: number | null = null;
  for (const step of steps) {
    if (step.afterSeconds <= ageSeconds) {
      if (step.queue) queue = step.queue;
      if (step.relaxSkillLevelsBy) relax = Math.max(relax, step.relaxSkillLevelsBy);
    } else if (next === null) {
      next = step.afterSeconds;
    }
  }
  return { queue, relaxSkillLevelsBy: relax, nextStepAtSeconds: next };
}
