/**
 * Krippendorff's alpha: how far several raters agree beyond chance, for any number of raters,
 * missing ratings allowed (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
 * α = 1 − D_o / D_e: observed disagreement within units over the disagreement expected from the
 * pooled values. 1 is perfect agreement, 0 what chance gives.
 */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

export interface AlphaResult {
  /** Null when there is nothing to compare (fewer than two pairable values, or no variation at all). */
  alpha: number | null;
  /** Units that had at least two ratings (the only ones that count). */
  units: number;
  /** Pairable values: ratings in those units. */
  values: number;
}

/**
 * `units[u]` holds the ratings given to unit u (one per rater who rated it; missing ones left
 * out). Values are compared by the metric: nominal (equal or not), ordinal (ranks, by how many
 * values lie between), interval (squared difference).
 */
export function krippendorffAlpha(units: readonly (readonly (string | number)[])[], metric: AlphaMetric): AlphaResult {
  const pairable = units.filter((u) => u.length >= 2);
  const categories = [...new Set(pairable.flat())].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  const index = new Map(categories.map((c, i) => [c, i]));
  const size = categories.length;
  // Coincidences: each ordered pair of values within a unit, weighted 1 / (m_u − 1).
  const o = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const unit of pairable) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) o[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += weight;
      }
    }
  }
  const marginals = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = marginals.reduce((a, b) => a + b, 0);
  const values = pairable.reduce((sum, u) => sum + u.length, 0);
  if (n < 2) return { alpha: null, units: pairable.length, values };

  const delta = (c: number, k: number): number => {
    if (c === k) return 0;
    if (metric === 'nominal') return 1;
    if (metric === 'interval') return (Number(categories[c]) - Number(categories[k])) ** 2;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    let between = 0;
    for (let g = lo; g <= hi; g++) between += marginals[g]!;
    return (between - (marginals[lo]! + marginals[hi]!) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const d = delta(c, k);
      observed += o[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  if (expected === 0) return { alpha: null, units: pairable.length, values };
  return { alpha: 1 - ((n - 1) * observed) / expected, units: pairable.length, values };
}
