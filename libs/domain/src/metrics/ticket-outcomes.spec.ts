import type { TicketEventType } from '@switchboard/contracts';
import type { MetricEvent } from './metric-facts.js';
import { OUTCOME_EVENT_TYPES, ticketOutcomes, type TicketOutcomes } from './ticket-outcomes.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

/** One ticket's full log, written the way the API writes it: status changes carry `from` and `to`. */
function log(id: string, steps: [atS: number, type: TicketEventType, to?: string, data?: Record<string, unknown>][]) {
  let status = 'new';
  return steps.map(([atS, type, to, data = {}], i): MetricEvent => {
    const event: MetricEvent = {
      ticketId: id,
      seq: i + 1,
      type,
      atMs: T0 + atS * 1000,
      data: to ? { from: status, to, ...data } : data,
      actorId: null,
      ticketQueue: 'billing',
    };
    if (to) status = to;
    return event;
  });
}

type Step = Parameters<typeof log>[1][number];
const answered = (from: number): Step[] => [
  [from, 'ticket.created'],
  [from, 'ticket.queued', 'queued', { queue: 'billing' }],
  [from + 1, 'ticket.offered', 'offered', { agentId: 'a1' }],
  [from + 2, 'ticket.accepted', 'in_progress', { agentId: 'a1' }],
];
const resolved = (at: number): Step[] => [
  [at, 'ticket.resolved', 'resolved', { resolutionCode: 'fixed' }],
  [at + 5, 'ticket.wrap_up_completed'],
];
const rated = (at: number, score: unknown): Step => [at, 'ticket.csat_recorded', undefined, { score, comment: null }];

const cases: [name: string, logs: MetricEvent[][], expected: TicketOutcomes][] = [
  [
    'no tickets: nothing to count',
    [],
    {
      counters: { resolved: 0, fcrResolved: 0, ratings: 0, positiveRatings: 0 },
      ratingSum: 0,
      lastResolutionAtMs: null,
    },
  ],
  [
    'one accept, no transfer: first contact',
    [log('t1', [...answered(0), ...resolved(60)])],
    {
      counters: { resolved: 1, fcrResolved: 1, ratings: 0, positiveRatings: 0 },
      ratingSum: 0,
      lastResolutionAtMs: T0 + 60_000,
    },
  ],
  [
    'transferred to another agent before the resolution: not first contact',
    [
      log('t1', [
        ...answered(0),
        [30, 'ticket.transferred', 'transferred', { kind: 'agent' }],
        [31, 'ticket.offered', 'offered', { agentId: 'a2' }],
        [32, 'ticket.accepted', 'in_progress', { agentId: 'a2' }],
        ...resolved(90),
      ]),
    ],
    {
      counters: { resolved: 1, fcrResolved: 0, ratings: 0, positiveRatings: 0 },
      ratingSum: 0,
      lastResolutionAtMs: T0 + 90_000,
    },
  ],
  [
    'the customer came back about the same thing: the earlier resolution is withdrawn, the new one counts',
    [
      log('t1', [...answered(0), ...resolved(60), [3600, 'ticket.repeat_contact', undefined, { newTicketId: 't2' }]]),
      log('t2', [...answered(3600), ...resolved(3700)]),
    ],
    {
      counters: { resolved: 2, fcrResolved: 1, ratings: 0, positiveRatings: 0 },
      ratingSum: 0,
      lastResolutionAtMs: T0 + 3_700_000,
    },
  ],
  [
    'reopened and resolved again: two resolutions, neither first contact',
    [
      log('t1', [
        ...answered(0),
        ...resolved(60),
        [600, 'ticket.reopened', 'reopened'],
        [600, 'ticket.queued', 'queued', { queue: 'billing' }],
        [601, 'ticket.offered', 'offered', { agentId: 'a1' }],
        [602, 'ticket.accepted', 'in_progress', { agentId: 'a1' }],
        ...resolved(700),
      ]),
    ],
    {
      counters: { resolved: 2, fcrResolved: 0, ratings: 0, positiveRatings: 0 },
      ratingSum: 0,
      lastResolutionAtMs: T0 + 700_000,
    },
  ],
  [
    'ratings: 4–5 are positive, a score that is not a number is no rating',
    [
      log('t1', [...answered(0), ...resolved(60), rated(100, 5)]),
      log('t2', [...answered(200), ...resolved(260), rated(300, 2), rated(301, '4')]),
      log('t3', [...answered(400), ...resolved(460), rated(500, 4)]),
    ],
    {
      counters: { resolved: 3, fcrResolved: 3, ratings: 3, positiveRatings: 2 },
      ratingSum: 11,
      lastResolutionAtMs: T0 + 460_000,
    },
  ],
];

describe('ticketOutcomes', () => {
  it.each(cases)('%s', (_name, logs, expected) => {
    expect(ticketOutcomes(logs.flat())).toEqual(expected);
  });

  it.each(cases)('gives the same answer from OUTCOME_EVENT_TYPES alone: %s', (_name, logs, expected) => {
    const kept = new Set<TicketEventType>(OUTCOME_EVENT_TYPES);
    expect(ticketOutcomes(logs.flat().filter((e) => kept.has(e.type)))).toEqual(expected);
  });
});
