export interface WaitEstimateInput {
  /** 1 = next in line. */
  position: number;
  /** Mean handle time of recent tickets in the queue, seconds. */
  averageHandleSeconds: number;
  /** Agents who can take work from the queue now (available or busy, not away/offline). */
  staffedAgents: number;
}

/**
 * A customer-facing estimate: the tickets ahead are worked off by the staffed agents in
 * parallel. With nobody staffed we estimate as if one agent were coming, rather than
 * promising an instant answer.
 */
export function estimateWaitSeconds({ position, averageHandleSeconds, staffedAgents }: WaitEstimateInput): number {
  const ahead = Math.max(0, position - 1);
  return Math.round((ahead * averageHandleSeconds) / Math.max(1, staffedAgents));
}
