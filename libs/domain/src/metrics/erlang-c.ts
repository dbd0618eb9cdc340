/**
 * Erlang C staffing maths for the wallboard: how likely a contact is to wait, how long it waits on
 * average, what share is answered within the service-level threshold, and how many agents a queue
 * needs to meet its target. Pure functions: no I/O, no clock.
 *
 * A is the offered traffic in Erlangs, N the number of agents. Erlang B is computed with the
 * iterative recursion rather than factorials, so queues of thousands of agents neither overflow nor
 * lose precision.
 */

/** Search ceiling for {@link staffingForecast} when none is given. */
const DEFAULT_MAX_AGENTS = 10_000;

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite, non-negative number (got ${String(value)})`);
  }
}

function assertAgentCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative whole number (got ${String(value)})`);
  }
}

/** One step of the Erlang B recursion: B(n) from B(n−1). */
function nextErlangB(n: number, traffic: number, previous: number): number {
  const load = traffic * previous;
  return load / (n + load);
}

/** Erlang C from Erlang B for the same N and A; assumes N > A. */
function erlangCFromB(agents: number, traffic: number, blocking: number): number {
  return (agents * blocking) / (agents - traffic * (1 - blocking));
}

/** Service level from the wait probability; assumes N > A. */
function serviceLevelFromC(
  agents: number,
  traffic: number,
  waitProbability: number,
  ahtSeconds: number,
  thresholdSeconds: number,
): number {
  // T = 0 means "answered immediately": only the contacts that do not wait count. Guarding it also
  // avoids 0/0 when the handle time is 0 too.
  const stillWaiting = thresholdSeconds === 0 ? 1 : Math.exp((-(agents - traffic) * thresholdSeconds) / ahtSeconds);
  return Math.min(1, Math.max(0, 1 - waitProbability * stillWaiting));
}

/** Offered traffic in Erlangs: arrivals per second × mean handle time in seconds. */
export function trafficErlangs(arrivalsPerSecond: number, ahtSeconds: number): number {
  assertNonNegative('arrivalsPerSecond', arrivalsPerSecond);
  assertNonNegative('ahtSeconds', ahtSeconds);
  const traffic = arrivalsPerSecond * ahtSeconds;
  if (!Number.isFinite(traffic)) {
    throw new RangeError(`arrivalsPerSecond × ahtSeconds overflows (${arrivalsPerSecond} × ${ahtSeconds})`);
  }
  return traffic;
}

/** Erlang B blocking probability via the iterative recursion B(0)=1, B(n)=A·B(n−1)/(n + A·B(n−1)) — no factorials, no overflow for thousands of agents. */
export function erlangB(agents: number, traffic: number): number {
  assertAgentCount('agents', agents);
  assertNonNegative('traffic', traffic);
  let blocking = 1;
  for (let n = 1; n <= agents; n++) blocking = nextErlangB(n, traffic, blocking);
  return blocking;
}

/** Erlang C probability that a contact waits: N·B/(N − A(1−B)) when N > A; 1 when N ≤ A (queue unstable). */
export function erlangC(agents: number, traffic: number): number {
  const blocking = erlangB(agents, traffic);
  if (agents <= traffic) return 1;
  return erlangCFromB(agents, traffic, blocking);
}

/** Fraction (0..1) answered within thresholdSeconds: 1 − C·e^{−(N−A)·T/AHT}; 0 when N ≤ A. */
export function serviceLevelFraction(
  agents: number,
  traffic: number,
  ahtSeconds: number,
  thresholdSeconds: number,
): number {
  assertNonNegative('ahtSeconds', ahtSeconds);
  assertNonNegative('thresholdSeconds', thresholdSeconds);
  const waitProbability = erlangC(agents, traffic);
  if (agents <= traffic) return 0;
  return serviceLevelFromC(agents, traffic, waitProbability, ahtSeconds, thresholdSeconds);
}

/** Mean wait of all contacts: C·AHT/(N−A); Infinity when N ≤ A. */
export function averageSpeedOfAnswerSeconds(agents: number, traffic: number, ahtSeconds: number): number {
  assertNonNegative('ahtSeconds', ahtSeconds);
  const waitProbability = erlangC(agents, traffic);
  if (agents <= traffic) return Infinity;
  return (waitProbability * ahtSeconds) / (agents - traffic);
}

export interface StaffingInput {
  arrivalsPerSecond: number;
  /** Mean handle time; 0 (or missing, e.g. nothing handled yet) leaves a busy queue without a forecast. */
  ahtSeconds: number;
  thresholdSeconds: number;
  /** Service-level target, 0..100 (e.g. 80 for "80 % within thresholdSeconds"). */
  targetPercent: number;
  /** Agents currently staffed on the queue. */
  staffed: number;
}

export interface StaffingForecast {
  trafficErlangs: number;
  /** Fewest agents whose predicted service level meets targetPercent; 0 when there is no traffic; null when inputs cannot give an answer (AHT 0 or missing with arrivals > 0) or more than maxAgents would be needed. */
  agentsRequired: number | null;
  /** For the `staffed` agents: null when staffed is 0 and there is traffic. serviceLevelPercent 0..100, waitProbability 0..1, asaSeconds may be null when unstable (N ≤ A). */
  predicted: { waitProbability: number; asaSeconds: number | null; serviceLevelPercent: number } | null;
}

/**
 * Staffing view of one queue. The search for agentsRequired starts at floor(A)+1, the smallest
 * stable staffing (so a 0 % target still asks for that many), and climbs one agent at a time,
 * carrying Erlang B forward with a single recursion step per agent: a 2,000-Erlang queue costs a
 * few thousand multiply-adds. Service level grows with N, so the first N that meets the target is
 * the answer.
 *
 * Arrivals with an unknown handle time (AHT 0 or missing) give neither agentsRequired nor a
 * prediction: the traffic they offer cannot be measured.
 */
export function staffingForecast(input: StaffingInput, maxAgents: number = DEFAULT_MAX_AGENTS): StaffingForecast {
  const { arrivalsPerSecond, thresholdSeconds, targetPercent, staffed } = input;
  // Callers fed from untyped sources (JSON, SQL aggregates) may have no AHT yet: treat it as 0.
  const ahtSeconds = (input.ahtSeconds as number | null | undefined) ?? 0;
  assertNonNegative('arrivalsPerSecond', arrivalsPerSecond);
  assertNonNegative('ahtSeconds', ahtSeconds);
  assertNonNegative('thresholdSeconds', thresholdSeconds);
  assertNonNegative('targetPercent', targetPercent);
  if (targetPercent > 100) throw new RangeError(`targetPercent must be at most 100 (got ${targetPercent})`);
  assertAgentCount('staffed', staffed);
  assertAgentCount('maxAgents', maxAgents);

  const traffic = trafficErlangs(arrivalsPerSecond, ahtSeconds);

  if (arrivalsPerSecond === 0) {
    return {
      trafficErlangs: 0,
      agentsRequired: 0,
      predicted: { waitProbability: 0, asaSeconds: 0, serviceLevelPercent: 100 },
    };
  }
  if (ahtSeconds === 0) return { trafficErlangs: traffic, agentsRequired: null, predicted: null };

  return {
    trafficErlangs: traffic,
    agentsRequired: agentsRequiredFor(traffic, ahtSeconds, thresholdSeconds, targetPercent / 100, maxAgents),
    predicted: staffed === 0 ? null : predict(staffed, traffic, ahtSeconds, thresholdSeconds),
  };
}

function agentsRequiredFor(
  traffic: number,
  ahtSeconds: number,
  thresholdSeconds: number,
  target: number,
  maxAgents: number,
): number | null {
  const start = Math.floor(traffic) + 1;
  if (start > maxAgents) return null;
  let blocking = erlangB(start, traffic);
  for (let n = start; n <= maxAgents; n++) {
    if (n > start) blocking = nextErlangB(n, traffic, blocking);
    const waitProbability = erlangCFromB(n, traffic, blocking);
    if (serviceLevelFromC(n, traffic, waitProbability, ahtSeconds, thresholdSeconds) >= target) return n;
  }
  return null;
}

function predict(
  staffed: number,
  traffic: number,
  ahtSeconds: number,
  thresholdSeconds: number,
): NonNullable<StaffingForecast['predicted']> {
  if (staffed <= traffic) return { waitProbability: 1, asaSeconds: null, serviceLevelPercent: 0 };
  const waitProbability = erlangC(staffed, traffic);
  return {
    waitProbability,
    asaSeconds: (waitProbability * ahtSeconds) / (staffed - traffic),
    serviceLevelPercent: 100 * serviceLevelFromC(staffed, traffic, waitProbability, ahtSeconds, thresholdSeconds),
  };
}
