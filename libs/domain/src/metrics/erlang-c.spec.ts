import {
  averageSpeedOfAnswerSeconds,
  erlangB,
  erlangC,
  serviceLevelFraction,
  staffingForecast,
  trafficErlangs,
  type StaffingInput,
} from './erlang-c.js';

/**
 * Independent Erlang C: the textbook factorial form
 *   C = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))
 * evaluated in log space (ln k! accumulated term by term, log-sum-exp), so it shares no code or
 * recursion with the module and stays finite for thousands of agents.
 */
function directErlangC(agents: number, traffic: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k < agents; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logTerms.push(k * Math.log(traffic) - logFactorial);
  }
  logFactorial += Math.log(agents);
  const logWaiting = agents * Math.log(traffic) - logFactorial + Math.log(agents / (agents - traffic));
  const max = Math.max(logWaiting, ...logTerms);
  const waiting = Math.exp(logWaiting - max);
  const notWaiting = logTerms.reduce((sum, t) => sum + Math.exp(t - max), 0);
  return waiting / (notWaiting + waiting);
}

const input = (overrides: Partial<StaffingInput> = {}): StaffingInput => ({
  // The worked example: 100 contacts per 30 minutes, 180 s handle time, 80 % answered within 20 s.
  arrivalsPerSecond: 100 / 1800,
  ahtSeconds: 180,
  thresholdSeconds: 20,
  targetPercent: 80,
  staffed: 14,
  ...overrides,
});

describe('erlang C', () => {
  describe('published tables (A = 10 Erlangs)', () => {
    // Every figure agrees with the formula; also confirmed with exact rational arithmetic (factorial
    // form): C(11)=0.682118, C(12)=0.449388, C(13)=0.285270, C(14)=0.174132, C(15)=0.102042.
    it.each([
      [11, 0.6821],
      [12, 0.4494],
      [13, 0.2853],
      [14, 0.1741],
      [15, 0.102],
    ])('N = %i waits with probability %f', (agents, expected) => {
      expect(erlangC(agents, 10)).toBeCloseTo(expected, 4);
    });

    it('Erlang B with N = 10 blocks 0.2146 (exact: 0.214582)', () => {
      expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    });

    it.each([
      [0, 5, 1],
      [1, 1, 0.5],
      [2, 1, 0.2],
      [3, 0, 0],
    ])('Erlang B with N = %i, A = %f is %f', (agents, traffic, expected) => {
      expect(erlangB(agents, traffic)).toBeCloseTo(expected, 12);
    });
  });

  describe('worked example: 100 contacts / 30 min, AHT 180 s', () => {
    it('offers 10 Erlangs', () => {
      expect(trafficErlangs(100 / 1800, 180)).toBeCloseTo(10, 12);
    });

    // Formula values: SL(11)=39.0 %, SL(12)=64.0 %, SL(13)=79.6 %, SL(14)=88.8 %, SL(15)=94.1 %.
    it.each([
      [11, 39.0],
      [12, 64.0],
      [13, 79.6],
      [14, 88.8],
      [15, 94.1],
    ])('with %i agents answers %f %% within 20 s', (agents, percent) => {
      expect(100 * serviceLevelFraction(agents, 10, 180, 20)).toBeCloseTo(percent, 1);
    });

    // Formula values: ASA(11)=122.8 s, ASA(12)=40.4 s, ASA(13)=17.1 s, ASA(14)=7.8 s.
    it.each([
      [11, 122.8],
      [12, 40.4],
      [13, 17.1],
      [14, 7.8],
    ])('with %i agents has an ASA of %f s', (agents, seconds) => {
      expect(averageSpeedOfAnswerSeconds(agents, 10, 180)).toBeCloseTo(seconds, 1);
    });

    it('needs 14 agents for 80 % in 20 s and predicts the staffed floor', () => {
      const forecast = staffingForecast(input());
      expect(forecast.trafficErlangs).toBeCloseTo(10, 12);
      expect(forecast.agentsRequired).toBe(14);
      expect(forecast.predicted!.waitProbability).toBeCloseTo(0.1741, 4);
      expect(forecast.predicted!.asaSeconds!).toBeCloseTo(7.8, 1);
      expect(forecast.predicted!.serviceLevelPercent).toBeCloseTo(88.8, 1);
    });

    it('with 11 agents predicts 68.2 % waiting, ASA 122.8 s and 39.0 % service level', () => {
      const { predicted } = staffingForecast(input({ staffed: 11 }));
      expect(predicted!.waitProbability).toBeCloseTo(0.6821, 4);
      expect(predicted!.asaSeconds!).toBeCloseTo(122.8, 1);
      expect(predicted!.serviceLevelPercent).toBeCloseTo(39.0, 1);
    });
  });

  describe('agrees with the direct factorial form', () => {
    it.each([
      [1, 0.5],
      [2, 1],
      [5, 3.7],
      [11, 10],
      [15, 10],
      [50, 42.5],
      [101, 100],
      [150, 120],
      [520, 500],
      [600, 500],
      [2050, 2000],
      [2001, 2000],
    ])('N = %i, A = %f', (agents, traffic) => {
      const actual = erlangC(agents, traffic);
      expect(Number.isFinite(actual)).toBe(true);
      expect(actual).toBeGreaterThan(0);
      expect(actual).toBeLessThanOrEqual(1);
      expect(Math.abs(actual - directErlangC(agents, traffic))).toBeLessThan(1e-9 * directErlangC(agents, traffic));
    });

    // Exact rational values (factorial form) for the two large queues.
    it.each([
      [520, 500, 0.2747563447],
      [2050, 2000, 0.1833547387],
    ])('N = %i, A = %i gives C = %f', (agents, traffic, expected) => {
      expect(erlangC(agents, traffic)).toBeCloseTo(expected, 9);
      expect(Number.isFinite(averageSpeedOfAnswerSeconds(agents, traffic, 300))).toBe(true);
      expect(Number.isNaN(serviceLevelFraction(agents, traffic, 300, 20))).toBe(false);
    });
  });

  describe('unstable queues (N ≤ A)', () => {
    it.each([
      [0, 10],
      [5, 10],
      [10, 10],
      [2000, 2000.5],
    ])('N = %i, A = %f: everyone waits, nobody within threshold, unbounded ASA', (agents, traffic) => {
      expect(erlangC(agents, traffic)).toBe(1);
      expect(serviceLevelFraction(agents, traffic, 180, 20)).toBe(0);
      expect(averageSpeedOfAnswerSeconds(agents, traffic, 180)).toBe(Infinity);
    });

    it.each([[10], [9], [1]])('a forecast for %i staffed agents on 10 Erlangs has no ASA', (staffed) => {
      expect(staffingForecast(input({ staffed })).predicted).toEqual({
        waitProbability: 1,
        asaSeconds: null,
        serviceLevelPercent: 0,
      });
    });
  });

  describe('staffing forecast edge cases', () => {
    it.each([
      ['no arrivals', { arrivalsPerSecond: 0 }],
      ['no arrivals and nobody staffed', { arrivalsPerSecond: 0, staffed: 0 }],
      ['no arrivals and no AHT yet', { arrivalsPerSecond: 0, ahtSeconds: 0 }],
    ])('%s: nobody needed, perfect service', (_label, overrides) => {
      expect(staffingForecast(input(overrides))).toEqual({
        trafficErlangs: 0,
        agentsRequired: 0,
        predicted: { waitProbability: 0, asaSeconds: 0, serviceLevelPercent: 100 },
      });
    });

    it('zero traffic elsewhere: nobody waits', () => {
      expect(erlangC(1, 0)).toBe(0);
      expect(serviceLevelFraction(1, 0, 180, 20)).toBe(1);
      expect(averageSpeedOfAnswerSeconds(1, 0, 180)).toBe(0);
    });

    it('nobody staffed with traffic: requirement but no prediction', () => {
      expect(staffingForecast(input({ staffed: 0 }))).toEqual({
        trafficErlangs: expect.closeTo(10, 12),
        agentsRequired: 14,
        predicted: null,
      });
    });

    it.each([
      ['AHT 0', 0],
      ['AHT missing', undefined as unknown as number],
      ['AHT null', null as unknown as number],
    ])('%s with arrivals: no answer', (_label, ahtSeconds) => {
      expect(staffingForecast(input({ ahtSeconds }))).toEqual({
        trafficErlangs: 0,
        agentsRequired: null,
        predicted: null,
      });
    });

    it.each([
      [13, null],
      [14, 14],
      [10, null],
    ])('with at most %i agents the answer is %p', (maxAgents, expected) => {
      expect(staffingForecast(input(), maxAgents).agentsRequired).toBe(expected);
    });

    it('needs more than the default ceiling of 10,000 agents for 20,000 Erlangs', () => {
      expect(staffingForecast(input({ arrivalsPerSecond: 100, ahtSeconds: 200 })).agentsRequired).toBeNull();
    });

    it('asks for the smallest stable staffing at a 0 % target', () => {
      expect(staffingForecast(input({ targetPercent: 0 })).agentsRequired).toBe(11);
      expect(staffingForecast(input({ arrivalsPerSecond: 10.5 / 180, targetPercent: 0 })).agentsRequired).toBe(11);
    });

    it('answers with zero threshold from the wait probability alone', () => {
      // 1 − C: C(14) = 0.1741 < 20 % ≤ C(13) = 0.2853.
      expect(staffingForecast(input({ thresholdSeconds: 0 })).agentsRequired).toBe(14);
      expect(serviceLevelFraction(14, 10, 180, 0)).toBeCloseTo(1 - 0.1741, 4);
    });
  });

  describe('large queues', () => {
    it('finds the first staffing that meets the target for 2,000 Erlangs within a few ms', () => {
      const large = input({ arrivalsPerSecond: 2000 / 180, staffed: 2050 });
      staffingForecast(large); // warm-up
      const started = performance.now();
      const forecast = staffingForecast(large);
      const elapsed = performance.now() - started;

      const required = forecast.agentsRequired!;
      expect(required).toBeGreaterThan(2000);
      // Checked against the independent direct form: the answer meets the target, one fewer does not.
      const level = (n: number) => 1 - directErlangC(n, 2000) * Math.exp((-(n - 2000) * 20) / 180);
      expect(level(required)).toBeGreaterThanOrEqual(0.8);
      expect(level(required - 1)).toBeLessThan(0.8);
      expect(forecast.predicted!.waitProbability).toBeCloseTo(0.1833547387, 6);
      expect(elapsed).toBeLessThan(50); // typically well under 1 ms; generous for slow CI
    });
  });

  describe('monotonicity', () => {
    it('needs at least as many agents for a higher target', () => {
      const required = [0, 10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 95, 99].map(
        (targetPercent) => staffingForecast(input({ targetPercent })).agentsRequired!,
      );
      expect(required).toEqual([...required].sort((a, b) => a - b));
      expect(required[0]).toBeLessThan(required[required.length - 1]);
    });

    it('needs at least as many agents for more arrivals', () => {
      const required = [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10].map(
        (arrivalsPerSecond) => staffingForecast(input({ arrivalsPerSecond })).agentsRequired!,
      );
      expect(required).toEqual([...required].sort((a, b) => a - b));
      expect(required[0]).toBeLessThan(required[required.length - 1]);
    });

    it('raises service level with every extra agent', () => {
      const levels = Array.from({ length: 40 }, (_, i) => serviceLevelFraction(11 + i, 10, 180, 20));
      levels.slice(1).forEach((level, i) => expect(level).toBeGreaterThanOrEqual(levels[i]));
    });
  });

  describe('invalid input', () => {
    it.each([
      ['arrivalsPerSecond', () => trafficErlangs(-1, 180)],
      ['ahtSeconds', () => trafficErlangs(1, Number.NaN)],
      ['agents', () => erlangB(-1, 10)],
      ['agents', () => erlangB(1.5, 10)],
      ['agents', () => erlangC(Infinity, 10)],
      ['traffic', () => erlangB(10, Number.NaN)],
      ['traffic', () => erlangC(10, -0.5)],
      ['ahtSeconds', () => serviceLevelFraction(11, 10, -180, 20)],
      ['thresholdSeconds', () => serviceLevelFraction(11, 10, 180, Infinity)],
      ['ahtSeconds', () => averageSpeedOfAnswerSeconds(11, 10, Infinity)],
      ['arrivalsPerSecond', () => staffingForecast(input({ arrivalsPerSecond: -0.1 }))],
      ['ahtSeconds', () => staffingForecast(input({ ahtSeconds: Number.NaN }))],
      ['thresholdSeconds', () => staffingForecast(input({ thresholdSeconds: -20 }))],
      ['targetPercent', () => staffingForecast(input({ targetPercent: -1 }))],
      ['targetPercent', () => staffingForecast(input({ targetPercent: 101 }))],
      ['staffed', () => staffingForecast(input({ staffed: -1 }))],
      ['staffed', () => staffingForecast(input({ staffed: 2.5 }))],
      ['maxAgents', () => staffingForecast(input(), -1)],
    ])('rejects a bad %s', (name, call) => {
      expect(call).toThrow(RangeError);
      expect(call).toThrow(new RegExp(`^${name} `));
    });
  });
});
