import type { TicketEventType } from '@switchboard/contracts';
import { emptyCounters, intervalFigures, type IntervalCounters } from './definitions.js';
import { factCounters, LiveQueueMetrics } from './live-queue-metrics.js';
import { MetricFactProjector, type MetricFact } from './metric-facts.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const WINDOW = 900;
/** The default window as of ASOF is [T0, ASOF). */
const ASOF = T0 + WINDOW * 1000;

const counters = (overrides: Partial<IntervalCounters> = {}): IntervalCounters => ({
  ...emptyCounters(),
  ...overrides,
});

let nextTicket = 0;
const entered = (atMs: number, queue = 'billing'): MetricFact => ({
  kind: 'entered',
  queue,
  atMs,
  ticketId: `t${++nextTicket}`,
});
const answered = (atMs: number, waitMs: number, queue = 'billing'): MetricFact => ({
  kind: 'answered',
  queue,
  atMs,
  ticketId: `t${++nextTicket}`,
  waitMs,
});
const abandoned = (atMs: number, waitMs: number, queue = 'billing'): MetricFact => ({
  kind: 'abandoned',
  queue,
  atMs,
  ticketId: `t${++nextTicket}`,
  waitMs,
});
const resolved = (atMs: number, ticketId: string, fcr: boolean, queue = 'billing'): MetricFact => ({
  kind: 'resolved',
  queue,
  atMs,
  ticketId,
  fcr,
});

function live(windowSeconds = WINDOW, retentionSeconds = 3600): LiveQueueMetrics {
  const m = new LiveQueueMetrics({ windowSeconds, retentionSeconds });
  m.setTargets([
    { key: 'billing', thresholdSeconds: 20, targetPercent: 80 },
    { key: 'complaints', thresholdSeconds: 60, targetPercent: 80 },
  ]);
  return m;
}

describe('factCounters (T = 20 s)', () => {
  const base = { queue: 'billing', atMs: T0, ticketId: 't' };
  it.each<[string, MetricFact, Partial<IntervalCounters>]>([
    ['entered', { ...base, kind: 'entered' }, { entered: 1 }],
    [
      'answered after 20,000 ms (= T)',
      { ...base, kind: 'answered', waitMs: 20_000 },
      { answered: 1, answeredInSl: 1, answerWaitMs: 20_000 },
    ],
    ['answered after 20,001 ms', { ...base, kind: 'answered', waitMs: 20_001 }, { answered: 1, answerWaitMs: 20_001 }],
    ['abandoned after 4,999 ms', { ...base, kind: 'abandoned', waitMs: 4_999 }, { abandoned: 1, shortAbandoned: 1 }],
    ['abandoned after 5,000 ms', { ...base, kind: 'abandoned', waitMs: 5_000 }, { abandoned: 1 }],
    ['abandoned after 5,001 ms', { ...base, kind: 'abandoned', waitMs: 5_001 }, { abandoned: 1 }],
    ['abandoned after 19,999 ms', { ...base, kind: 'abandoned', waitMs: 19_999 }, { abandoned: 1 }],
    ['abandoned after 20,000 ms', { ...base, kind: 'abandoned', waitMs: 20_000 }, { abandoned: 1 }],
    [
      'abandoned after 20,001 ms',
      { ...base, kind: 'abandoned', waitMs: 20_001 },
      { abandoned: 1, abandonedAfterSl: 1 },
    ],
    ['handled', { ...base, kind: 'handled', handleMs: 70_000, agentId: 'a1' }, { handled: 1, handleMs: 70_000 }],
    ['resolved first-contact', { ...base, kind: 'resolved', fcr: true }, { resolved: 1, fcrResolved: 1 }],
    ['resolved, not first-contact', { ...base, kind: 'resolved', fcr: false }, { resolved: 1 }],
    ['rated 5', { ...base, kind: 'rated', score: 5, survey: false }, { ratings: 1, positiveRatings: 1 }],
    ['rated 4', { ...base, kind: 'rated', score: 4, survey: false }, { ratings: 1, positiveRatings: 1 }],
    ['rated 3', { ...base, kind: 'rated', score: 3, survey: false }, { ratings: 1 }],
    ['rated 1', { ...base, kind: 'rated', score: 1, survey: false }, { ratings: 1 }],
    [
      'rated 2 in answer to a survey',
      { ...base, kind: 'rated', score: 2, survey: true },
      { ratings: 1, surveyResponses: 1 },
    ],
    ['surveyed', { ...base, kind: 'surveyed' }, { surveysOffered: 1 }],
  ])('%s', (_name, fact, expected) => {
    expect(factCounters(fact, 20)).toEqual(counters(expected));
  });

  it('never counts a short abandon against a threshold below 5 s', () => {
    const at = (waitMs: number) => factCounters({ ...base, kind: 'abandoned', waitMs }, 3);
    expect(at(4_999)).toEqual(counters({ abandoned: 1, shortAbandoned: 1 }));
    expect(at(5_000)).toEqual(counters({ abandoned: 1, abandonedAfterSl: 1 }));
  });
});

describe('LiveQueueMetrics', () => {
  it('refuses a retention shorter than the window', () => {
    expect(() => new LiveQueueMetrics({ windowSeconds: 900, retentionSeconds: 899 })).toThrow(RangeError);
  });

  it('reports whether a threshold changed', () => {
    const m = new LiveQueueMetrics({ windowSeconds: 900, retentionSeconds: 900 });
    expect(m.setTargets([{ key: 'billing', thresholdSeconds: 20, targetPercent: 80 }])).toBe(false);
    expect(m.setTargets([{ key: 'billing', thresholdSeconds: 20, targetPercent: 90 }])).toBe(false);
    expect(m.setTargets([{ key: 'billing', thresholdSeconds: 30, targetPercent: 90 }])).toBe(true);
  });

  it('classifies each fact with its own queue threshold, and 0 s for a queue without one', () => {
    const m = live();
    m.advance(ASOF);
    for (const queue of ['billing', 'complaints', 'unknown']) m.fact(answered(T0 + 1, 30_000, queue));
    m.fact(answered(T0 + 2, 0, 'unknown'));
    expect(m.windowCounters('billing').answeredInSl).toBe(0); // 30 s > 20 s
    expect(m.windowCounters('complaints').answeredInSl).toBe(1); // 30 s ≤ 60 s
    expect(m.windowCounters('unknown')).toMatchObject({ answered: 2, answeredInSl: 1 }); // only the 0 s wait
    expect(m.knownQueues.sort()).toEqual(['billing', 'complaints', 'unknown']);
  });

  describe('the window [asOf − window, asOf)', () => {
    // Entered at T0 − 1 (out), T0 (in: the start is included), T0 + 1 (in), ASOF − 1 (in), ASOF (out).
    const edgeFacts = () => [T0 - 1, T0, T0 + 1, ASOF - 1, ASOF].map((at) => entered(at));

    it.each([
      ['facts that arrived before the advance', true],
      ['facts that arrive after the advance', false],
    ])('holds the start and not the end, for %s', (_name, factsFirst) => {
      const m = live();
      if (factsFirst) for (const f of edgeFacts()) m.fact(f);
      m.advance(ASOF);
      if (!factsFirst) for (const f of edgeFacts()) m.fact(f);
      expect(m.windowCounters('billing').entered).toBe(3);
      expect(m.countersFor('billing', WINDOW).entered).toBe(3);
    });

    it('moves with each advance, never backwards', () => {
      const m = live();
      for (const f of edgeFacts()) m.fact(f);
      m.advance(ASOF);
      expect(m.windowCounters('billing').entered).toBe(3);
      // [T0 + 1, ASOF + 1): T0 leaves, ASOF joins → T0 + 1, ASOF − 1, ASOF.
      m.advance(ASOF + 1);
      expect(m.windowCounters('billing').entered).toBe(3);
      // [T0 + 100 s, T0 + 1000 s): T0 + 1 leaves → ASOF − 1, ASOF.
      m.advance(T0 + 1_000_000);
      expect(m.windowCounters('billing').entered).toBe(2);
      m.advance(ASOF); // backwards: ignored
      expect(m.windowCounters('billing').entered).toBe(2);
      // A jump past the whole window: [ASOF + 100 s, ASOF + 1000 s) holds nothing.
      m.advance(ASOF + 1_000_000);
      expect(m.windowCounters('billing')).toEqual(emptyCounters());
      // Longer windows still see the retained facts: [ASOF, ASOF + 1000 s) holds the fact at ASOF;
      // [T0 − 1700 s, ASOF + 1000 s) holds all five.
      expect(m.countersFor('billing', 1000).entered).toBe(1);
      expect(m.countersFor('billing', 3600).entered).toBe(5);
    });

    it('adds a late fact inside the window, and subtracts it when it leaves', () => {
      const m = live();
      m.fact(answered(ASOF - 100_000, 10_000));
      m.advance(ASOF);
      // Arrives after a later fact (transactions that overlapped): 30 s wait at T0 + 300 s, inside.
      m.fact(answered(T0 + 300_000, 30_000));
      expect(m.windowCounters('billing')).toEqual(counters({ answered: 2, answeredInSl: 1, answerWaitMs: 40_000 }));
      // A late fact before the window start only shows in a longer window.
      m.fact(answered(T0 - 100_000, 5_000));
      expect(m.windowCounters('billing').answered).toBe(2);
      expect(m.countersFor('billing', 1800).answered).toBe(3);

      // [T0 + 300 s, T0 + 1200 s): the late fact is still in; 1 ms later it has left.
      m.advance(T0 + 1_200_000);
      expect(m.windowCounters('billing').answered).toBe(2);
      m.advance(T0 + 1_200_001);
      expect(m.windowCounters('billing')).toEqual(counters({ answered: 1, answeredInSl: 1, answerWaitMs: 10_000 }));
      m.advance(T0 + 5_000_000);
      expect(m.windowCounters('billing')).toEqual(emptyCounters());
    });

    it('adds a fact from the future when the window reaches it', () => {
      const m = live();
      m.advance(ASOF);
      m.fact(entered(ASOF + 10_000));
      expect(m.windowCounters('billing').entered).toBe(0);
      m.advance(ASOF + 10_001);
      expect(m.windowCounters('billing').entered).toBe(1);
    });

    it('hands out copies', () => {
      const m = live();
      m.fact(entered(T0));
      m.advance(ASOF);
      m.windowCounters('billing').entered = 99;
      m.todayCounters('billing').entered = 99;
      expect(m.windowCounters('billing').entered).toBe(1);
      expect(m.todayCounters('billing').entered).toBe(1);
      expect(m.windowCounters('nowhere')).toEqual(emptyCounters());
    });
  });

  describe('countersFor another window', () => {
    it('matches a hand count', () => {
      const m = live();
      m.fact(entered(T0 - 500_000)); // in 1800 s only
      m.fact(entered(T0 + 100_000)); // in 900 and 1800 s
      m.fact(entered(ASOF - 300_000)); // exactly at the start of the 300 s window: in all three
      m.fact(abandoned(ASOF - 200_000, 25_000)); // after T = 20 s
      m.fact(answered(ASOF - 1, 5_000));
      m.fact(entered(ASOF)); // at the end: in none
      m.fact(entered(T0 - 500_000, 'complaints')); // another queue
      m.advance(ASOF);
      expect(m.countersFor('billing', 300)).toEqual(
        counters({ entered: 1, abandoned: 1, abandonedAfterSl: 1, answered: 1, answeredInSl: 1, answerWaitMs: 5_000 }),
      );
      expect(m.countersFor('billing', 900)).toEqual(
        counters({ entered: 2, abandoned: 1, abandonedAfterSl: 1, answered: 1, answeredInSl: 1, answerWaitMs: 5_000 }),
      );
      expect(m.countersFor('billing', 900)).toEqual(m.windowCounters('billing'));
      expect(m.countersFor('billing', 1800).entered).toBe(3);
      expect(m.countersFor('complaints', 1800).entered).toBe(1);
      expect(m.countersFor('nowhere', 300)).toEqual(emptyCounters());
    });

    it('refuses a window longer than the retention', () => {
      expect(() => live().countersFor('billing', 3601)).toThrow(RangeError);
    });
  });

  describe('retention', () => {
    it('drops facts older than the retention once they are also before the day start', () => {
      const m = live(900, 1800);
      m.setDayStart(T0 + 1_500_000);
      m.fact(entered(T0));
      m.fact(entered(T0 + 1_000_000));
      m.fact(entered(T0 + 1_600_000));
      m.advance(T0 + 1_800_000); // keeps from min(T0, day start) = T0: nothing dropped
      expect(m.retainedFacts()).toBe(3);
      expect(m.countersFor('billing', 1800).entered).toBe(3);
      m.advance(T0 + 1_800_001); // keeps from T0 + 1 ms: the fact at T0 goes
      expect(m.retainedFacts()).toBe(2);
      expect(m.countersFor('billing', 1800).entered).toBe(2);
      // Far later the retention alone would drop everything, but facts since the day start stay.
      m.advance(T0 + 5_000_000);
      expect(m.retainedFacts()).toBe(1);
      expect(m.todayCounters('billing').entered).toBe(1);
    });

    it('no longer withdraws FCR from a dropped resolution', () => {
      const m = live(900, 900);
      m.setDayStart(T0 + 2_000_000);
      m.fact(resolved(T0, 'old', true));
      m.advance(T0 + 900_001);
      expect(m.retainedFacts()).toBe(0);
      m.fcrLost('old');
      expect(m.windowCounters('billing')).toEqual(emptyCounters());
      expect(m.todayCounters('billing')).toEqual(emptyCounters());
    });
  });

  describe('today', () => {
    it('counts everything before asOf while no day start is set', () => {
      const m = live();
      expect(m.dayStart).toBe(-Infinity);
      m.fact(entered(T0 - 86_400_000));
      expect(m.todayCounters('billing').entered).toBe(0); // not yet: the window has not reached it
      m.advance(T0);
      expect(m.todayCounters('billing').entered).toBe(1);
    });

    it('is rebuilt by setDayStart from the retained facts', () => {
      const m = live();
      m.fact(entered(T0));
      m.fact(entered(T0 + 100_000));
      m.fact(answered(T0 + 200_000, 1_000));
      m.advance(T0 + 300_000);
      m.setDayStart(T0 + 100_000);
      expect(m.dayStart).toBe(T0 + 100_000);
      expect(m.todayCounters('billing')).toEqual(
        counters({ entered: 1, answered: 1, answeredInSl: 1, answerWaitMs: 1_000 }),
      );
      m.setDayStart(T0);
      expect(m.todayCounters('billing').entered).toBe(2);
      m.setDayStart(T0); // same start: unchanged
      expect(m.todayCounters('billing').entered).toBe(2);
      m.fact(entered(T0 - 1)); // before the day start: not today
      m.fact(entered(T0 + 86_399_999));
      expect(m.todayCounters('billing').entered).toBe(2); // after asOf: counted when the window reaches it
      m.advance(T0 + 86_400_000);
      expect(m.todayCounters('billing').entered).toBe(3);
      m.setDayStart(T0 + 86_400_000);
      expect(m.todayCounters('billing')).toEqual(emptyCounters());
    });
  });

  describe('fcrLost', () => {
    it('withdraws a first-contact resolution from the window and from today, once', () => {
      const m = live();
      m.setDayStart(T0 - 1_000_000);
      m.fact(resolved(ASOF - 10_000, 'in-window', true));
      m.fact(resolved(T0 - 100_000, 'today-only', true));
      m.fact(resolved(ASOF - 5_000, 'not-fcr', false));
      m.advance(ASOF);
      expect(m.windowCounters('billing')).toEqual(counters({ resolved: 2, fcrResolved: 1 }));
      expect(m.todayCounters('billing')).toEqual(counters({ resolved: 3, fcrResolved: 2 }));

      m.fcrLost('in-window');
      expect(m.windowCounters('billing')).toEqual(counters({ resolved: 2, fcrResolved: 0 }));
      expect(m.todayCounters('billing')).toEqual(counters({ resolved: 3, fcrResolved: 1 }));
      m.fcrLost('today-only');
      m.fcrLost('in-window');
      m.fcrLost('not-fcr');
      m.fcrLost('never-seen');
      expect(m.windowCounters('billing')).toEqual(counters({ resolved: 2, fcrResolved: 0 }));
      expect(m.todayCounters('billing')).toEqual(counters({ resolved: 3, fcrResolved: 0 }));

      // The withdrawn resolutions leave the window without taking the counts below zero.
      m.advance(ASOF + 2_000_000);
      expect(m.windowCounters('billing')).toEqual(emptyCounters());
      // And a rebuilt "today" keeps them withdrawn.
      m.setDayStart(T0 - 2_000_000);
      expect(m.todayCounters('billing')).toEqual(counters({ resolved: 3, fcrResolved: 0 }));
    });

    it('withdraws a resolution that has not reached the window yet', () => {
      const m = live();
      m.advance(ASOF);
      m.fact(resolved(ASOF + 1_000, 'future', true));
      m.fcrLost('future');
      m.advance(ASOF + 2_000);
      expect(m.windowCounters('billing')).toEqual(counters({ resolved: 1, fcrResolved: 0 }));
    });
  });

  describe('fed by the projector', () => {
    /** One ticket's events as the API writes them: status changes carry `from` and `to`. */
    function script(projector: MetricFactProjector, ticketId: string) {
      let seq = 0;
      let status = 'new';
      const api = {
        at(atMs: number, type: TicketEventType, data: Record<string, unknown> = {}, to?: string) {
          projector.apply({
            ticketId,
            seq: ++seq,
            type,
            atMs,
            data: to ? { from: status, to, ...data } : data,
            actorId: null,
            ticketQueue: 'billing',
          });
          if (to) status = to;
          return api;
        },
      };
      return api;
    }

    it('computes ASA, SL and abandon rate from waits on the edges', () => {
      const m = live();
      const projector = new MetricFactProjector(m);
      // T = 20 s. Seven visits, one a minute; each answered or abandoned after its wait.
      const outcomes: ['ticket.accepted' | 'ticket.abandoned', number][] = [
        ['ticket.accepted', 10_000],
        ['ticket.accepted', 20_000], // exactly T: within SL
        ['ticket.accepted', 20_001], // T + 1 ms: not
        ['ticket.abandoned', 4_999], // short: never against SL
        ['ticket.abandoned', 5_000],
        ['ticket.abandoned', 20_000], // exactly T: not after T
        ['ticket.abandoned', 20_001], // after T: against SL
      ];
      outcomes.forEach(([type, waitMs], i) => {
        const start = T0 + i * 60_000;
        const t = script(projector, `t${i}`).at(start, 'ticket.queued', { queue: 'billing' }, 'queued');
        if (type === 'ticket.accepted') t.at(start + 1, 'ticket.offered', { agentId: 'a1' }, 'offered');
        t.at(start + waitMs, type, { agentId: 'a1' }, type === 'ticket.accepted' ? 'in_progress' : 'abandoned');
      });
      m.advance(ASOF);
      const c = m.windowCounters('billing');
      expect(c).toEqual(
        counters({
          entered: 7,
          answered: 3,
          answeredInSl: 2,
          answerWaitMs: 50_001,
          abandoned: 4,
          shortAbandoned: 1,
          abandonedAfterSl: 1,
        }),
      );
      expect(intervalFigures(c, true)).toMatchObject({
        asaSeconds: 16.67, // 50.001 s / 3
        serviceLevelPercent: 50, // 2 / (3 + 1)
        abandonRatePercent: 57.14, // 4 / 7
      });
    });

    it('withdraws the FCR of a reopened ticket from the window and today, and counts the reopened visit', () => {
      const m = live();
      m.setDayStart(T0);
      const projector = new MetricFactProjector(m);
      const t = script(projector, 'r1')
        .at(T0, 'ticket.queued', { queue: 'billing' }, 'queued')
        .at(T0 + 1_000, 'ticket.offered', { agentId: 'a1' }, 'offered')
        .at(T0 + 2_000, 'ticket.accepted', { agentId: 'a1' }, 'in_progress')
        .at(T0 + 60_000, 'ticket.resolved', {}, 'resolved')
        .at(T0 + 62_000, 'ticket.wrap_up_completed');
      m.advance(T0 + 120_000);
      const first = counters({
        entered: 1,
        answered: 1,
        answeredInSl: 1,
        answerWaitMs: 2_000,
        handled: 1,
        handleMs: 60_000,
        resolved: 1,
        fcrResolved: 1,
      });
      expect(m.windowCounters('billing')).toEqual(first);
      expect(m.todayCounters('billing')).toEqual(first);

      t.at(T0 + 200_000, 'ticket.reopened', {}, 'reopened')
        .at(T0 + 200_001, 'ticket.queued', { after: 'reopen' }, 'queued')
        .at(T0 + 210_000, 'ticket.offered', { agentId: 'a2' }, 'offered')
        .at(T0 + 230_001, 'ticket.accepted', { agentId: 'a2' }, 'in_progress')
        .at(T0 + 300_000, 'ticket.resolved', {}, 'resolved')
        .at(T0 + 300_001, 'ticket.wrap_up_completed');
      // Withdrawn at once from the window already counted…
      expect(m.windowCounters('billing').fcrResolved).toBe(0);
      m.advance(ASOF);
      // …and the reopened visit is entered again, answered after 30 s (not within 20 s), handled for 70 s.
      const both = counters({
        entered: 2,
        answered: 2,
        answeredInSl: 1,
        answerWaitMs: 32_000,
        handled: 2,
        handleMs: 130_000,
        resolved: 2,
        fcrResolved: 0,
      });
      expect(m.windowCounters('billing')).toEqual(both);
      expect(m.todayCounters('billing')).toEqual(both);
      expect(intervalFigures(both, true)).toMatchObject({ fcrPercent: 0, fcrProvisional: true, ahtSeconds: 65 });
    });

    it('withdraws FCR on a repeat contact', () => {
      const m = live();
      m.setDayStart(T0);
      const projector = new MetricFactProjector(m);
      script(projector, 'r1')
        .at(T0, 'ticket.queued', { queue: 'billing' }, 'queued')
        .at(T0 + 1_000, 'ticket.offered', { agentId: 'a1' }, 'offered')
        .at(T0 + 2_000, 'ticket.accepted', { agentId: 'a1' }, 'in_progress')
        .at(T0 + 60_000, 'ticket.resolved', {}, 'resolved')
        .at(T0 + 62_000, 'ticket.wrap_up_completed')
        .at(T0 + 500_000, 'ticket.repeat_contact', { category: 'billing' });
      m.advance(ASOF);
      expect(m.windowCounters('billing')).toMatchObject({ resolved: 1, fcrResolved: 0 });
      expect(m.todayCounters('billing')).toMatchObject({ resolved: 1, fcrResolved: 0 });
    });

    it('counts CSAT ratings of 4 and 5 as positive', () => {
      const m = live();
      const projector = new MetricFactProjector(m);
      [5, 4, 3, 2].forEach((score, i) => script(projector, `c${i}`).at(T0 + i, 'ticket.csat_recorded', { score }));
      m.advance(ASOF);
      expect(m.windowCounters('billing')).toEqual(counters({ ratings: 4, positiveRatings: 2 }));
      expect(intervalFigures(m.windowCounters('billing'), false)).toMatchObject({ csatPercent: 50, csatResponses: 4 });
    });
  });
});
