import {
  abandonCountsAgainstSl,
  addCounters,
  answeredWithinSl,
  COUNTER_KEYS,
  emptyCounters,
  fcrIsProvisional,
  intervalFigures,
  isShortAbandon,
  METRIC_DEFINITIONS,
  SHORT_ABANDON_SECONDS,
  type IntervalCounters,
} from './definitions.js';

const counters = (overrides: Partial<IntervalCounters> = {}): IntervalCounters => ({
  ...emptyCounters(),
  ...overrides,
});

describe('metric definitions', () => {
  describe('classifying one wait against a threshold T = 20 s', () => {
    it.each([
      [0, true],
      [19_999, true],
      [20_000, true], // exactly T: within the service level
      [20_001, false], // T + 1 ms: not
    ])('an answer after %i ms is within SL: %s', (waitMs, expected) => {
      expect(answeredWithinSl(waitMs, 20)).toBe(expected);
    });

    it.each([
      // waitMs, short (< 5 s), counts against SL (not short and > T)
      [0, true, false],
      [4_999, true, false],
      [5_000, false, false], // 5 s is no longer short, but still within T
      [5_001, false, false],
      [19_999, false, false],
      [20_000, false, false], // exactly T: not after T
      [20_001, false, true],
      [600_000, false, true],
    ])('an abandon after %i ms is short: %s, against SL: %s', (waitMs, short, against) => {
      expect(isShortAbandon(waitMs)).toBe(short);
      expect(abandonCountsAgainstSl(waitMs, 20)).toBe(against);
    });

    it.each([
      // With T = 3 s below the short-abandon limit, a short abandon after T still never counts.
      [2_999, false],
      [3_001, false],
      [4_999, false],
      [5_000, true],
    ])('with T = 3 s an abandon after %i ms counts against SL: %s', (waitMs, expected) => {
      expect(abandonCountsAgainstSl(waitMs, 3)).toBe(expected);
    });

    it('keeps the short-abandon limit at 5 s', () => {
      expect(SHORT_ABANDON_SECONDS).toBe(5);
    });
  });

  describe('intervalFigures', () => {
    it('gives null for every ratio of empty counters, even when FCR would be provisional', () => {
      expect(intervalFigures(emptyCounters(), true)).toEqual({
        offered: 0,
        answered: 0,
        abandoned: 0,
        asaSeconds: null,
        serviceLevelPercent: null,
        abandonRatePercent: null,
        ahtSeconds: null,
        fcrPercent: null,
        fcrProvisional: false, // nothing resolved: nothing can still change
        csatPercent: null,
        csatResponses: 0,
        surveysOffered: 0,
        csatResponseRatePercent: null,
      });
    });

    it.each([
      // Two customers entered and left, both before T (one short, one at 12 s): nothing answered, nothing
      // abandoned after T, so ASA and SL have nothing to divide by; abandon rate 2 / 2 = 100 %.
      ['only abandons within T', counters({ entered: 2, abandoned: 2, shortAbandoned: 1 }), null, null, 100],
      // Same, but one of the two left after T: SL = 0 answered in SL / (0 answered + 1 after T) = 0 %.
      [
        'one abandon after T',
        counters({ entered: 2, abandoned: 2, shortAbandoned: 1, abandonedAfterSl: 1 }),
        null,
        0,
        100,
      ],
      // Three entered, one abandoned (short): abandon rate 1 / 3 = 33.33 %.
      ['one short abandon of three', counters({ entered: 3, abandoned: 1, shortAbandoned: 1 }), null, null, 33.33],
    ])('with no answered tickets (%s)', (_name, c, asa, sl, abandonRate) => {
      const f = intervalFigures(c, false);
      expect(f.answered).toBe(0);
      expect(f.asaSeconds).toBe(asa);
      expect(f.serviceLevelPercent).toBe(sl);
      expect(f.abandonRatePercent).toBe(abandonRate);
    });

    it('computes every figure from hand-counted counters', () => {
      // T = 20 s. Answers after 10,000, 20,000 (= T) and 20,001 ms; abandons after 4,999 (short), 5,000,
      // 20,000 and 20,001 ms (the only one after T). Three handles of 100 s, 200 s, 301 s; four
      // resolutions, three first-contact; three ratings, two positive.
      const c = counters({
        entered: 7,
        answered: 3,
        answeredInSl: 2,
        answerWaitMs: 10_000 + 20_000 + 20_001,
        abandoned: 4,
        shortAbandoned: 1,
        abandonedAfterSl: 1,
        handled: 3,
        handleMs: 100_000 + 200_000 + 301_000,
        resolved: 4,
        fcrResolved: 3,
        ratings: 3,
        positiveRatings: 2,
        surveysOffered: 4,
        surveyResponses: 2,
      });
      expect(intervalFigures(c, true)).toEqual({
        offered: 7,
        answered: 3,
        abandoned: 4,
        asaSeconds: 16.67, // 50.001 s / 3 = 16.667
        serviceLevelPercent: 50, // 2 / (3 answered + 1 abandoned after T)
        abandonRatePercent: 57.14, // 4 / 7 = 57.142…
        ahtSeconds: 200.33, // 601 s / 3 = 200.333…
        fcrPercent: 75, // 3 / 4
        fcrProvisional: true,
        csatPercent: 66.67, // 2 / 3
        csatResponses: 3,
        surveysOffered: 4,
        csatResponseRatePercent: 50, // 2 survey answers / 4 surveys (the third rating was a connector's)
      });
    });

    it('reports FCR as final when the caller says the window has passed', () => {
      expect(intervalFigures(counters({ resolved: 2, fcrResolved: 1 }), false)).toMatchObject({
        fcrPercent: 50,
        fcrProvisional: false,
      });
    });

    it('computes the SL of all answers within T and no abandons as 100 %', () => {
      expect(intervalFigures(counters({ entered: 2, answered: 2, answeredInSl: 2 }), false).serviceLevelPercent).toBe(
        100,
      );
    });
  });

  describe('fcrIsProvisional', () => {
    const week = 7 * 86_400;
    const to = Date.UTC(2026, 0, 1);
    it.each([
      [to, true], // the newest resolution is 0 s old
      [to + week * 1000 - 1, true], // 1 ms short of 7 days
      [to + week * 1000, false], // the newest resolution's repeat-contact window has just closed
      [to + week * 1000 + 1, false],
    ])('for resolutions up to 2026-01-01, as of %i: %s', (asOf, expected) => {
      expect(fcrIsProvisional(to, asOf, week)).toBe(expected);
    });

    it('keeps a day that began more than 7 days ago provisional while its last hours are younger', () => {
      const asOf = Date.UTC(2026, 5, 8, 12);
      const dayStart = Date.UTC(2026, 5, 1, 0); // 7.5 days ago
      const dayEnd = Date.UTC(2026, 5, 2, 0); // 6.5 days ago: a repeat contact may still come
      expect(fcrIsProvisional(dayEnd, asOf, week)).toBe(true);
      expect(fcrIsProvisional(Date.UTC(2026, 4, 31, 0), asOf, week)).toBe(false); // the day before is final
      // Judged by its start (the old argument), the same day would have been called final.
      expect(fcrIsProvisional(dayStart, asOf, week)).toBe(false);
    });

    it('is always provisional for a rolling window that ends now', () => {
      const asOf = Date.UTC(2026, 5, 1, 12);
      expect(fcrIsProvisional(asOf, asOf, week)).toBe(true);
    });
  });

  describe('counters', () => {
    it('lists every counter key once', () => {
      expect([...COUNTER_KEYS].sort()).toEqual(Object.keys(emptyCounters()).sort());
      expect(new Set(COUNTER_KEYS).size).toBe(COUNTER_KEYS.length);
    });

    it('adds and subtracts in place', () => {
      const into = counters({ entered: 5, answerWaitMs: 1_000 });
      const delta = counters({ entered: 2, answerWaitMs: 300, ratings: 1 });
      expect(addCounters(into, delta)).toBe(into);
      expect(into).toEqual(counters({ entered: 7, answerWaitMs: 1_300, ratings: 1 }));
      addCounters(into, delta, -1);
      expect(into).toEqual(counters({ entered: 5, answerWaitMs: 1_000 }));
    });
  });

  describe('METRIC_DEFINITIONS', () => {
    it('has unique keys, each with a version and a text', () => {
      const keys = METRIC_DEFINITIONS.map((d) => d.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const d of METRIC_DEFINITIONS) {
        expect(d.version).toBeGreaterThanOrEqual(1);
        expect(d.definition.length).toBeGreaterThan(0);
      }
    });

    it('defines every figure shown for an interval', () => {
      const keys = new Set(METRIC_DEFINITIONS.map((d) => d.key));
      for (const key of Object.keys(intervalFigures(emptyCounters(), false))) {
        // qualifiers of fcrPercent, csatPercent and csatResponseRatePercent
        if (key === 'fcrProvisional' || key === 'csatResponses' || key === 'surveysOffered') continue;
        expect(keys).toContain(key);
      }
      for (const key of ['waiting', 'longestWaitSeconds', 'occupancyPercent', 'agentsRequired'])
        expect(keys).toContain(key);
    });

    it('states the short-abandon exclusion in the service-level text', () => {
      expect(METRIC_DEFINITIONS.find((d) => d.key === 'serviceLevelPercent')?.definition).toContain('under 5 s');
    });
  });
});
