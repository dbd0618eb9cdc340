export interface TimeInterval {
  startMs: number;
  /** null: still running. */
  endMs: number | null;
}

export interface WorkInterval extends TimeInterval {
  /** Share of the agent's capacity this work takes: 1 / capacity on its channel (1 voice = 1, 1 of 3 chats = 1/3). */
  weight: number;
}

export interface OccupancyResult {
  busyMs: number;
  /** Busy time plus idle time while available. */
  staffedMs: number;
  occupancyPercent: number | null;
}

/**
 * Capacity-weighted busy time / (busy + idle available time) over [fromMs, toMs). At each
 * instant the agent's load is the sum of the weights of the work in hand (at most 1); time
 * counts in the denominator in full while the agent is available, and as its load otherwise
 * (work finished after going away is still work).
 */
export function occupancy(
  fromMs: number,
  toMs: number,
  available: readonly TimeInterval[],
  work: readonly WorkInterval[],
): OccupancyResult {
  const points: { at: number; availDelta: number; loadDelta: number }[] = [];
  const clip = (i: TimeInterval): [number, number] | null => {
    const s = Math.max(fromMs, i.startMs);
    const e = Math.min(toMs, i.endMs ?? toMs);
    return e > s ? [s, e] : null;
  };
  for (const a of available) {
    const c = clip(a);
    if (c) points.push({ at: c[0], availDelta: 1, loadDelta: 0 }, { at: c[1], availDelta: -1, loadDelta: 0 });
  }
  for (const w of work) {
    const c = clip(w);
    if (c)
      points.push({ at: c[0], availDelta: 0, loadDelta: w.weight }, { at: c[1], availDelta: 0, loadDelta: -w.weight });
  }
  points.sort((a, b) => a.at - b.at);
  let busy = 0;
  let staffed = 0;
  let avail = 0;
  let load = 0;
  let last = fromMs;
  for (const p of points) {
    const dt = p.at - last;
    if (dt > 0) {
      const l = Math.min(1, Math.max(0, load));
      busy += l * dt;
      staffed += avail > 0 ? dt : l * dt;
      last = p.at;
    }
    avail += p.availDelta;
    load += p.loadDelta;
  }
  return {
    busyMs: Math.round(busy),
    staffedMs: Math.round(staffed),
    occupancyPercent: staffed > 0 ? Math.round((busy / staffed) * 10_000) / 100 : null,
  };
}
