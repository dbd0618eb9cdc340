import type { AgentActivity } from '@switchboard/contracts';

export interface AgentWork {
  pendingOffers: number;
  activeTickets: number;
  /** End of the current wrap-up, if the agent is in one. */
  wrapUpUntil: Date | null;
}

/**
 * Activity is derived, never chosen: work in hand wins over an offer, an offer over wrap-up.
 * (An agent with capacity left may take an offer while handling other chats.)
 */
export function agentActivity(work: AgentWork, now: Date): AgentActivity {
  if (work.activeTickets > 0) return 'busy';
  if (work.pendingOffers > 0) return 'offered';
  if (work.wrapUpUntil && work.wrapUpUntil.getTime() > now.getTime()) return 'wrap_up';
  return 'idle';
}

/** Classic ACD max-no-answer: after this many consecutive missed offers the agent goes away. */
export const DEFAULT_MAX_MISSED_OFFERS = 3;

export function shouldSetAwayAfterMiss(consecutiveMisses: number, limit = DEFAULT_MAX_MISSED_OFFERS): boolean {
  return consecutiveMisses >= limit;
}
