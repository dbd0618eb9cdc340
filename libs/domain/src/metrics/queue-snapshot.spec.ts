import type { AgentCounts } from '@switchboard/contracts';
import { emptyCounters, type IntervalCounters } from './definitions.js';
import { localDayStart, queueSnapshot, type QueueSnapshotInput } from './queue-snapshot.js';

const counters = (overrides: Partial<IntervalCounters> = {}): IntervalCounters => ({
  ...emptyCounters(),
  ...overrides,
});
const WEEK = 7 * 86_400;
const ASOF = Date.UTC(2026, 2, 2, 17, 0, 0);
const DAY_START = Date.UTC(2026, 2, 2, 0, 0, 0);
// Staffed = available + busy + wrap-up = 3 + 10 + 1 = 14.
const AGENTS: AgentCounts = { available: 3, busy: 10, wrapUp: 1, away: 2, offline: 5 };

const input = (overrides: Partial<QueueSnapshotInput> = {}): QueueSnapshotInput => ({
  queue: 'billing',
  asOfMs: ASOF,
  windowSeconds: 1800,
  window: emptyCounters(),
  today: emptyCounters(),
  dayStartMs: DAY_START,
  waiting: 0,
  longestWaitSeconds: 0,
  agents: AGENTS,
  serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
  fcrWindowSeconds: WEEK,
  ...overrides,
});

describe('queueSnapshot', () => {
  it('maps counters to the contract shape, with the Erlang C worked example', () => {
    // 100 arrivals in 1,800 s and an AHT of 14,400 s / 80 = 180 s: A = 100/1800 × 180 = 10 Erlangs.
    // C(13, 10) = 0.285270 → SL = 1 − 0.285270·e^(−3·20/180) = 79.56 % < 80 %;
    // C(14, 10) = 0.174132 → SL = 1 − 0.174132·e^(−4·20/180) = 1 − 0.174132 × 0.641180 = 88.835 % ≥ 80 %:
    // 14 agents required. For the 14 staffed: ASA = C·AHT/(N − A) = 0.174132 × 180 / 4 = 7.836 s.
    const window = counters({
      entered: 100,
      answered: 90,
      answeredInSl: 72,
      answerWaitMs: 900_000,
      abandoned: 10,
      shortAbandoned: 2,
      abandonedAfterSl: 6,
      handled: 80,
      handleMs: 14_400_000,
      resolved: 80,
      fcrResolved: 60,
      ratings: 20,
      positiveRatings: 15,
      surveysOffered: 25,
      surveyResponses: 16,
    });
    const today = counters({
      entered: 400,
      answered: 380,
      answeredInSl: 300,
      answerWaitMs: 3_800_000,
      abandoned: 20,
      shortAbandoned: 5,
    });
    expect(
      queueSnapshot(input({ window, today, waiting: 4, longestWaitSeconds: 37.5, name: 'Billing', able: 12 })),
    ).toEqual({
      queue: 'billing',
      name: 'Billing',
      asOf: '2026-03-02T17:00:00.000Z',
      windowSeconds: 1800,
      waiting: 4,
      longestWaitSeconds: 37.5,
      offered: 100,
      answered: 90,
      abandoned: 10,
      asaSeconds: 10, // 900 s / 90
      serviceLevelPercent: 75, // 72 / (90 + 6)
      abandonRatePercent: 10, // 10 / 100
      ahtSeconds: 180,
      fcrPercent: 75, // 60 / 80
      fcrProvisional: true, // a 30-minute window is younger than the 7-day FCR window
      csatPercent: 75, // 15 / 20
      csatResponses: 20,
      surveysOffered: 25,
      csatResponseRatePercent: 64, // 16 / 25
      agents: AGENTS,
      agentsRequired: 14,
      serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
      serviceLevelContacts: 96, // 90 answered + 6 abandoned after the threshold
      staffing: {
        trafficErlangs: 10,
        staffed: 14,
        predictedAsaSeconds: 7.84,
        predictedServiceLevelPercent: 88.84,
        able: 12,
      },
      alertThresholds: { longestWaitSeconds: 120, abandonRatePercent: 10, minSample: 20 },
      // 75 % of 96 contacts is below 80 %; 10 % abandoned is not over 10 %.
      alerts: [{ kind: 'service-level', value: 75, threshold: 80, sample: 96 }],
      today: {
        from: '2026-03-02T00:00:00.000Z',
        offered: 400,
        answered: 380,
        abandoned: 20,
        asaSeconds: 10, // 3,800 s / 380
        serviceLevelPercent: 78.95, // 300 / 380 = 78.947…
        abandonRatePercent: 5, // 20 / 400
        ahtSeconds: null,
        fcrPercent: null,
        fcrProvisional: false, // nothing resolved today
        csatPercent: null,
        csatResponses: 0,
        surveysOffered: 0,
        csatResponseRatePercent: null,
      },
    });
  });

  it('asks for no agents and predicts no wait without arrivals', () => {
    const s = queueSnapshot(input());
    expect(s).toMatchObject({ offered: 0, asaSeconds: null, serviceLevelPercent: null, agentsRequired: 0 });
    expect(s.staffing).toEqual({
      trafficErlangs: 0,
      staffed: 14,
      predictedAsaSeconds: 0,
      predictedServiceLevelPercent: 100,
      able: 0,
    });
  });

  it('gives no forecast for arrivals without a handle time yet', () => {
    const s = queueSnapshot(input({ window: counters({ entered: 5 }) }));
    expect(s.agentsRequired).toBeNull();
    expect(s.staffing).toEqual({
      trafficErlangs: 0,
      staffed: 14,
      predictedAsaSeconds: null,
      predictedServiceLevelPercent: null,
      able: 0,
    });
  });

  it('predicts an unstable queue when the staffed agents cannot carry the traffic', () => {
    // A = 10 Erlangs, 10 staffed (N ≤ A): every contact waits, no finite ASA, SL 0 %.
    const window = counters({ entered: 100, handled: 80, handleMs: 14_400_000 });
    const s = queueSnapshot(input({ window, agents: { available: 0, busy: 10, wrapUp: 0, away: 0, offline: 0 } }));
    expect(s.agentsRequired).toBe(14);
    expect(s.staffing).toEqual({
      trafficErlangs: 10,
      staffed: 10,
      predictedAsaSeconds: null,
      predictedServiceLevelPercent: 0,
      able: 0,
    });
  });

  it('keeps FCR provisional for live figures: their newest resolutions can still meet a repeat contact', () => {
    const window = counters({ resolved: 2, fcrResolved: 1 });
    const today = counters({ resolved: 2, fcrResolved: 1 });
    // Even with an FCR window no longer than the rolling window (1,800 s): a resolution made a
    // second ago may still be withdrawn by a repeat contact in the next 1,799 s.
    const short = queueSnapshot(input({ window, today, fcrWindowSeconds: 1800 }));
    expect(short.fcrProvisional).toBe(true);
    expect(short.today.fcrProvisional).toBe(true);
    const week = queueSnapshot(input({ window, today }));
    expect(week.fcrProvisional).toBe(true);
    expect(week.today.fcrProvisional).toBe(true);
  });
});

describe('localDayStart', () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    // now, zone, start minute, expected
    ['2026-03-10T15:30:00Z', 'UTC', 0, '2026-03-10T00:00:00.000Z'],
    ['2026-03-10T00:00:00Z', 'UTC', 0, '2026-03-10T00:00:00.000Z'], // at the start: at or before now
    ['2026-03-09T23:59:59.999Z', 'UTC', 0, '2026-03-09T00:00:00.000Z'],
    // Istanbul is UTC+3 all year: local midnight is 21:00Z the day before.
    ['2026-03-10T22:30:00Z', 'Europe/Istanbul', 0, '2026-03-10T21:00:00.000Z'], // 01:30 on the 11th
    ['2026-03-10T21:00:00Z', 'Europe/Istanbul', 0, '2026-03-10T21:00:00.000Z'], // 00:00 on the 11th
    ['2026-03-10T20:59:59Z', 'Europe/Istanbul', 0, '2026-03-09T21:00:00.000Z'], // 23:59:59 on the 10th
    ['2026-07-15T12:00:00Z', 'Europe/Istanbul', 0, '2026-07-14T21:00:00.000Z'], // no DST in summer either
    // Business day from 06:00.
    ['2026-03-10T05:59:00Z', 'UTC', 360, '2026-03-09T06:00:00.000Z'],
    ['2026-03-10T06:00:00Z', 'UTC', 360, '2026-03-10T06:00:00.000Z'],
    ['2026-03-10T06:01:00Z', 'UTC', 360, '2026-03-10T06:00:00.000Z'],
    ['2026-01-01T03:00:00Z', 'UTC', 360, '2025-12-31T06:00:00.000Z'], // across a year
    ['2026-03-10T02:59:00Z', 'Europe/Istanbul', 360, '2026-03-09T03:00:00.000Z'], // 05:59 local
    ['2026-03-10T03:00:00Z', 'Europe/Istanbul', 360, '2026-03-10T03:00:00.000Z'], // 06:00 local
    ['2026-03-10T22:30:00Z', 'Europe/Istanbul', 360, '2026-03-10T03:00:00.000Z'], // 01:30 on the 11th
    // New York, spring forward on 2026-03-08 (02:00 EST → 03:00 EDT): midnight is still EST (−5),
    // 06:00 is already EDT (−4); the next midnight is EDT.
    ['2026-03-08T12:00:00Z', 'America/New_York', 0, '2026-03-08T05:00:00.000Z'],
    ['2026-03-08T04:59:00Z', 'America/New_York', 0, '2026-03-07T05:00:00.000Z'], // 23:59 EST on the 7th
    ['2026-03-08T05:00:00Z', 'America/New_York', 0, '2026-03-08T05:00:00.000Z'],
    ['2026-03-08T12:00:00Z', 'America/New_York', 360, '2026-03-08T10:00:00.000Z'],
    ['2026-03-08T09:59:00Z', 'America/New_York', 360, '2026-03-07T11:00:00.000Z'], // 05:59 EDT: 06:00 EST the day before
    ['2026-03-09T12:00:00Z', 'America/New_York', 0, '2026-03-09T04:00:00.000Z'],
    // Fall back on 2026-11-01 (02:00 EDT → 01:00 EST): midnight is still EDT (−4), 06:00 is EST (−5).
    ['2026-11-01T15:00:00Z', 'America/New_York', 0, '2026-11-01T04:00:00.000Z'],
    ['2026-11-01T03:59:00Z', 'America/New_York', 0, '2026-10-31T04:00:00.000Z'],
    ['2026-11-01T06:30:00Z', 'America/New_York', 0, '2026-11-01T04:00:00.000Z'], // 01:30 EST, the second pass
    ['2026-11-01T15:00:00Z', 'America/New_York', 360, '2026-11-01T11:00:00.000Z'],
    ['2026-11-02T12:00:00Z', 'America/New_York', 0, '2026-11-02T05:00:00.000Z'],
  ])('at %s in %s from minute %i starts at %s', (now, zone, startMinute, expected) => {
    expect(localDayStart(at(now), zone, startMinute).toISOString()).toBe(expected);
  });

  it.each([
    ['America/New_York', 0, '2026-03-06T00:00:00Z'],
    ['America/New_York', 360, '2026-03-06T00:00:00Z'],
    ['America/New_York', 0, '2026-10-30T00:00:00Z'],
    ['America/New_York', 360, '2026-10-30T00:00:00Z'],
    ['Europe/Istanbul', 0, '2026-03-27T00:00:00Z'],
  ])('in %s from minute %i, every 5 minutes for four days from %s, is consistent', (zone, startMinute, from) => {
    // A day start is at or before now, less than 25 h before it, never moves backwards, and is its own day start.
    let previous = -Infinity;
    for (let now = Date.parse(from); now < Date.parse(from) + 4 * 86_400_000; now += 300_000) {
      const start = localDayStart(new Date(now), zone, startMinute).getTime();
      expect(start).toBeLessThanOrEqual(now);
      expect(now - start).toBeLessThan(25 * 3_600_000);
      expect(start).toBeGreaterThanOrEqual(previous);
      expect(localDayStart(new Date(start), zone, startMinute).getTime()).toBe(start);
      previous = start;
    }
  });

  /*
   * A start wall-clock time that does not exist on a day (a DST gap) maps to the instant the clocks
   * jump; one that occurs twice (a DST overlap) maps to its first occurrence. Expected values are
   * hand-computed from the zone rules.
   */
  describe('start times inside a DST transition', () => {
    it.each([
      // Chile springs forward at local midnight: 2026-09-06 00:00 −04 → 01:00 −03 (04:00Z). The day begins
      // at its first instant, 01:00 −03 = 04:00Z.
      ['2026-09-06T12:00:00Z', 'America/Santiago', 0, '2026-09-06T04:00:00.000Z'],
      // The Azores spring forward at local midnight: 2026-03-29 00:00 −01 → 01:00 +00 (01:00Z).
      ['2026-03-29T12:00:00Z', 'Atlantic/Azores', 0, '2026-03-29T01:00:00.000Z'],
      // A 02:30 business-day start in New York on 2026-03-08, when 02:00–03:00 does not exist: the day
      // begins when the clock first shows 02:30 or later, 03:00 EDT = 07:00Z.
      ['2026-03-08T12:00:00Z', 'America/New_York', 150, '2026-03-08T07:00:00.000Z'],
      // A 01:30 start in New York on 2026-11-01, when 01:00–02:00 happens twice. At 06:15Z (01:15 EST, the
      // second pass) the latest instant at or before now showing 01:30 is 05:30Z (01:30 EDT) that morning.
      ['2026-11-01T06:15:00Z', 'America/New_York', 90, '2026-11-01T05:30:00.000Z'],
    ])('at %s in %s from minute %i starts at %s', (now, zone, startMinute, expected) => {
      expect(localDayStart(at(now), zone, startMinute).toISOString()).toBe(expected);
    });
  });
});
