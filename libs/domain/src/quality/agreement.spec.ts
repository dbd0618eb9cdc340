import { krippendorffAlpha } from './agreement.js';

/**
 * Krippendorff's own reliability data (2011, "Computing Krippendorff's Alpha-Reliability",
 * section C): four observers, twelve units, values 1–5, some missing. Published: nominal
 * α = 0.743, ordinal α = 0.815, interval α = 0.849.
 */
const OBSERVERS: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const UNITS = OBSERVERS[0]!.map((_, u) => OBSERVERS.map((o) => o[u]).filter((v): v is number => v !== null));

describe("Krippendorff's alpha", () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
  ] as const)('reproduces the published %s alpha of the worked example (%s)', (metric, published) => {
    const result = krippendorffAlpha(UNITS, metric);
    expect(result.alpha!.toFixed(3)).toBe(published.toFixed(3));
    // Unit 12 has one rating only: it cannot be compared and does not count.
    expect(result.units).toBe(11);
    expect(result.values).toBe(40);
  });

  it('is 1 for perfect agreement and about 0 or below for ratings unrelated to the unit', () => {
    expect(
      krippendorffAlpha(
        [
          ['yes', 'yes'],
          ['no', 'no'],
          ['yes', 'yes'],
        ],
        'nominal',
      ).alpha,
    ).toBe(1);
    const disagree = krippendorffAlpha(
      [
        ['yes', 'no'],
        ['no', 'yes'],
        ['yes', 'no'],
        ['no', 'yes'],
      ],
      'nominal',
    ).alpha!;
    expect(disagree).toBeLessThan(0);
  });

  it('has nothing to say without two ratings of a unit, or with one value only', () => {
    expect(krippendorffAlpha([[3], [4]], 'ordinal')).toEqual({ alpha: null, units: 0, values: 0 });
    expect(
      krippendorffAlpha(
        [
          [2, 2],
          [2, 2, 2],
        ],
        'interval',
      ).alpha,
    ).toBeNull();
  });
});
