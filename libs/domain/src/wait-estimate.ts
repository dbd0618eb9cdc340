export interface WaitEstimateInput {
  /** 1 = next in line. */
  position: number;
  /** Mean handle time of recent tickets in the queue (accept to the end of wrap-up), seconds. */
  averageHandleSeconds: number;
  /** Agents who can take work from the queue now (available or busy, not away/offline). */
  staffedAgents: number;
  /** An agent took (was offered) the ticket the moment it arrived: there is no wait to announce. */
  answeredAtOnce?: boolean;
}

/**
 * A customer-facing estimate. A customer who waits at `position` is answered once `position`
 * agents have come free in turn: one for each ticket ahead, then one for them. With the staffed
 * agents working in parallel, each coming free every `averageHandleSeconds` on average, that is
 * position × handle ÷ staffed. (Counting only the tickets ahead, position − 1, promised "now" to
 * the first in line while every agent was busy: the wait-estimate bench measured it 0.75 s short
 * on average at 4 s handles, docs/benchmarks.md.) With nobody staffed we estimate as if one agent
 * were coming, rather than promising an instant answer.
 */
export function estimateWaitSeconds({
  position,
  averageHandleSeconds,
  staffedAgents,
  answeredAtOnce = false,
}: WaitEstimateInput): number {
  if (answeredAtOnce) return 0;
  return Math.round((Math.max(1, position) * averageHandleSeconds) / Math.max(1, staffedAgents));
}
