/** `part` of `whole` as a percentage to one decimal; null when there is no whole to take it of. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}
