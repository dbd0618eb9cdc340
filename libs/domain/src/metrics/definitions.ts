import type { IntervalFigures, MetricDefinitionView } from '@switchboard/contracts';

/** Abandons quicker than this are not held against the service level (DESIGN.md, Metrics). */
export const SHORT_ABANDON_SECONDS = 5;

/**
 * What a set of figures is computed from: counts and sums over an interval. The live engine
 * keeps them incrementally; the historical SQL aggregates the same counts. Durations are whole
 * milliseconds so that both sides add exactly the same integers.
 */
export interface IntervalCounters {
  /** Queue visits begun: new tickets, transfers in, reopened tickets. */
  entered: number;
  answered: number;
  /** Answered with a wait ≤ the queue's threshold. */
  answeredInSl: number;
  answerWaitMs: number;
  abandoned: number;
  /** Abandoned after less than SHORT_ABANDON_SECONDS. */
  shortAbandoned: number;
  /** Abandoned after the threshold (and not short): counts against the service level. */
  abandonedAfterSl: number;
  /** Handles finished: accept → wrap-up end, or accept → transfer on. */
  handled: number;
  handleMs: number;
  resolved: number;
  /** Resolutions that count as first-contact resolution as of the interval's end. */
  fcrResolved: number;
  ratings: number;
  /** Ratings of 4 or 5. */
  positiveRatings: number;
  /** Satisfaction surveys offered to customers (after resolutions). */
  surveysOffered: number;
  /** Ratings that answered one of our surveys (a connector's own ratings are not responses). */
  surveyResponses: number;
}

export const COUNTER_KEYS = [
  'entered',
  'answered',
  'answeredInSl',
  'answerWaitMs',
  'abandoned',
  'shortAbandoned',
  'abandonedAfterSl',
  'handled',
  'handleMs',
  'resolved',
  'fcrResolved',
  'ratings',
  'positiveRatings',
  'surveysOffered',
  'surveyResponses',
] as const satisfies readonly (keyof IntervalCounters)[];

export function emptyCounters(): IntervalCounters {
  return {
    entered: 0,
    answered: 0,
    answeredInSl: 0,
    answerWaitMs: 0,
    abandoned: 0,
    shortAbandoned: 0,
    abandonedAfterSl: 0,
    handled: 0,
    handleMs: 0,
    resolved: 0,
    fcrResolved: 0,
    ratings: 0,
    positiveRatings: 0,
    surveysOffered: 0,
    surveyResponses: 0,
  };
}

/** `into += sign × delta`, in place. */
export function addCounters(into: IntervalCounters, delta: IntervalCounters, sign: 1 | -1 = 1): IntervalCounters {
  for (const key of COUNTER_KEYS) into[key] += sign * delta[key];
  return into;
}

const ratio = (part: number, whole: number, scale = 1): number | null =>
  whole > 0 ? Math.round((part / whole) * scale * 100) / 100 : null;

/** Rounded to 0.01: figures shown on a wallboard, identical wherever they are computed. */
export function intervalFigures(c: IntervalCounters, fcrProvisional: boolean): IntervalFigures {
  return {
    offered: c.entered,
    answered: c.answered,
    abandoned: c.abandoned,
    asaSeconds: ratio(c.answerWaitMs / 1000, c.answered),
    serviceLevelPercent: ratio(c.answeredInSl, c.answered + c.abandonedAfterSl, 100),
    abandonRatePercent: ratio(c.abandoned, c.entered, 100),
    ahtSeconds: ratio(c.handleMs / 1000, c.handled),
    fcrPercent: ratio(c.fcrResolved, c.resolved, 100),
    fcrProvisional: fcrProvisional && c.resolved > 0,
    csatPercent: ratio(c.positiveRatings, c.ratings, 100),
    csatResponses: c.ratings,
    surveysOffered: c.surveysOffered,
    csatResponseRatePercent: ratio(c.surveyResponses, c.surveysOffered, 100),
  };
}

/**
 * FCR of resolutions in [from, to) is final only once every one of them is older than the FCR
 * window, the newest included: when `to` + window ≤ asOf. (A repeat contact can still arrive
 * until then.) Pass the interval's end, or the time of its newest resolution.
 */
export function fcrIsProvisional(toMs: number, asOfMs: number, fcrWindowSeconds: number): boolean {
  return toMs + fcrWindowSeconds * 1000 > asOfMs;
}

/** Classification of one answered or abandoned wait against a queue's threshold. */
export function answeredWithinSl(waitMs: number, thresholdSeconds: number): boolean {
  return waitMs <= thresholdSeconds * 1000;
}

export function isShortAbandon(waitMs: number): boolean {
  return waitMs < SHORT_ABANDON_SECONDS * 1000;
}

export function abandonCountsAgainstSl(waitMs: number, thresholdSeconds: number): boolean {
  return !isShortAbandon(waitMs) && waitMs > thresholdSeconds * 1000;
}

/**
 * The definitions shown on screen. Bump a metric's version whenever its meaning changes, so a
 * report can say which definition its figures used.
 */
export const METRIC_DEFINITIONS: readonly MetricDefinitionView[] = [
  {
    key: 'waiting',
    version: 1,
    label: 'Waiting',
    unit: 'count',
    definition: 'Customers waiting now: tickets queued, or offered to an agent and not yet accepted.',
  },
  {
    key: 'longestWaitSeconds',
    version: 1,
    label: 'Longest wait',
    unit: 'seconds',
    definition: 'Now minus the time the longest-waiting customer entered the queue.',
  },
  {
    key: 'asaSeconds',
    version: 1,
    label: 'ASA',
    unit: 'seconds',
    definition:
      'Average speed of answer: mean time from entering the queue to an agent accepting, over tickets answered in the window.',
  },
  {
    key: 'serviceLevelPercent',
    version: 1,
    label: 'Service level',
    unit: 'percent',
    definition: `Answered within the queue's threshold T / (answered + abandoned after T), over the window; abandons under ${SHORT_ABANDON_SECONDS} s are excluded.`,
  },
  {
    key: 'abandonRatePercent',
    version: 1,
    label: 'Abandon rate',
    unit: 'percent',
    definition: 'Customers who hung up or left while waiting / customers who entered the queue, over the window.',
  },
  {
    key: 'ahtSeconds',
    version: 1,
    label: 'AHT',
    unit: 'seconds',
    definition:
      'Average handle time: mean time from accept to the end of wrap-up (or to a transfer on), over handles finished in the window.',
  },
  {
    key: 'fcrPercent',
    version: 1,
    label: 'FCR',
    unit: 'percent',
    definition:
      'First-contact resolution: resolutions with one handled contact, no transfer, not reopened and no new ticket from the same customer in the same category within the FCR window / resolutions in the window. Provisional until the window has passed.',
  },
  {
    key: 'csatPercent',
    version: 1,
    label: 'CSAT',
    unit: 'percent',
    definition: 'Satisfaction ratings of 4 or 5 / ratings received in the window.',
  },
  {
    key: 'csatResponseRatePercent',
    version: 1,
    label: 'CSAT response rate',
    unit: 'percent',
    definition:
      'Survey answers received in the window / surveys offered in the window (both counted when they happen, so a window may hold an answer to a survey offered before it). Ratings a connector sends on its own are not survey answers.',
  },
  {
    key: 'offered',
    version: 1,
    label: 'Offered',
    unit: 'count',
    definition: 'Tickets that entered the queue in the window: new, transferred in, or reopened.',
  },
  {
    key: 'answered',
    version: 1,
    label: 'Answered',
    unit: 'count',
    definition: 'Queue visits ended by an agent accepting, in the window.',
  },
  {
    key: 'abandoned',
    version: 1,
    label: 'Abandoned',
    unit: 'count',
    definition: 'Queue visits ended by the customer leaving, in the window.',
  },
  {
    key: 'occupancyPercent',
    version: 1,
    label: 'Occupancy',
    unit: 'percent',
    definition: 'Capacity-weighted busy time / (busy time + idle time while available), over the window.',
  },
  {
    key: 'agentsRequired',
    version: 1,
    label: 'Agents required',
    unit: 'agents',
    definition:
      "Erlang C: fewest agents meeting the queue's service-level target at the window's arrival rate and AHT.",
  },
];
