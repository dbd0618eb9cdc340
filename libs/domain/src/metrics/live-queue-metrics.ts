import {
  abandonCountsAgainstSl,
  addCounters,
  answeredWithinSl,
  emptyCounters,
  isShortAbandon,
  type IntervalCounters,
} from './definitions.js';
import type { FactSink, MetricFact } from './metric-facts.js';

export interface QueueTarget {
  key: string;
  thresholdSeconds: number;
  targetPercent: number;
}

/** What one fact adds to its queue's counters, given the queue's service-level threshold. */
export function factCounters(fact: MetricFact, thresholdSeconds: number): IntervalCounters {
  const c = emptyCounters();
  switch (fact.kind) {
    case 'entered':
      c.entered = 1;
      break;
    case 'answered':
      c.answered = 1;
      c.answerWaitMs = fact.waitMs;
      c.answeredInSl = answeredWithinSl(fact.waitMs, thresholdSeconds) ? 1 : 0;
      break;
    case 'abandoned':
      c.abandoned = 1;
      c.shortAbandoned = isShortAbandon(fact.waitMs) ? 1 : 0;
      c.abandonedAfterSl = abandonCountsAgainstSl(fact.waitMs, thresholdSeconds) ? 1 : 0;
      break;
    case 'handled':
      c.handled = 1;
      c.handleMs = fact.handleMs;
      break;
    case 'resolved':
      c.resolved = 1;
      c.fcrResolved = fact.fcr ? 1 : 0;
      break;
    case 'rated':
      c.ratings = 1;
      c.positiveRatings = fact.score >= 4 ? 1 : 0;
      c.surveyResponses = fact.survey ? 1 : 0;
      break;
    case 'surveyed':
      c.surveysOffered = 1;
      break;
  }
  return c;
}

interface StoredFact {
  fact: MetricFact;
  counters: IntervalCounters;
}

/** One queue's retained facts in time order, with running sums for the default window and today. */
class QueueFacts {
  readonly facts: StoredFact[] = [];
  head = 0;
  readonly window = emptyCounters();
  readonly today = emptyCounters();
}

export interface LiveQueueMetricsOptions {
  /** The default rolling window (e.g. 900 s). */
  windowSeconds: number;
  /** Facts kept for windows asked per request; at least windowSeconds. */
  retentionSeconds: number;
}

/**
 * Rolling-window and since-local-midnight counters per queue, maintained from metric facts as
 * they arrive (the live half of the one metric engine). A window is the half-open interval
 * [asOf − window, asOf): exactly what the historical SQL counts for the same instants.
 */
export class LiveQueueMetrics implements FactSink {
  private readonly queues = new Map<string, QueueFacts>();
  private readonly resolutions = new Map<string, StoredFact[]>();
  private readonly thresholds = new Map<string, number>();
  private windowStartMs = -Infinity;
  private dayStartMs = -Infinity;
  private asOfMs = -Infinity;

  constructor(private readonly options: LiveQueueMetricsOptions) {
    if (options.retentionSeconds < options.windowSeconds) throw new RangeError('retentionSeconds < windowSeconds');
  }

  /** Sets the queues' thresholds. Returns true when one changed: the caller rebuilds from the log. */
  setTargets(targets: readonly QueueTarget[]): boolean {
    let changed = false;
    for (const t of targets) {
      const before = this.thresholds.get(t.key);
      // A threshold changed, or facts of a queue arrived before its threshold was known.
      if (before !== t.thresholdSeconds && (before !== undefined || this.queues.has(t.key))) changed = true;
      this.thresholds.set(t.key, t.thresholdSeconds);
    }
    return changed;
  }

  /** Starts a new "today": its counters are rebuilt from the retained facts at or after `dayStartMs`. */
  setDayStart(dayStartMs: number): void {
    if (dayStartMs === this.dayStartMs) return;
    this.dayStartMs = dayStartMs;
    for (const q of this.queues.values()) {
      Object.assign(q.today, emptyCounters());
      for (let i = q.head; i < q.facts.length; i++) {
        const s = q.facts[i]!;
        if (s.fact.atMs >= dayStartMs && s.fact.atMs < this.asOfMs) addCounters(q.today, s.counters);
      }
    }
  }

  get dayStart(): number {
    return this.dayStartMs;
  }

  fact(fact: MetricFact): void {
    const q = this.queueFacts(fact.queue);
    const stored: StoredFact = { fact, counters: factCounters(fact, this.thresholds.get(fact.queue) ?? 0) };
    // Facts arrive in log order, which is time order but for transactions that overlapped.
    let i = q.facts.length;
    while (i > q.head && q.facts[i - 1]!.fact.atMs > fact.atMs) i--;
    q.facts.splice(i, 0, stored);
    if (this.inWindow(fact.atMs)) addCounters(q.window, stored.counters);
    if (this.inToday(fact.atMs)) addCounters(q.today, stored.counters);
    if (fact.kind === 'resolved' && fact.fcr) {
      const list = this.resolutions.get(fact.ticketId);
      if (list) list.push(stored);
      else this.resolutions.set(fact.ticketId, [stored]);
    }
  }

  fcrLost(ticketId: string): void {
    const list = this.resolutions.get(ticketId);
    if (!list) return;
    this.resolutions.delete(ticketId);
    for (const stored of list) {
      if (stored.counters.fcrResolved === 0) continue;
      stored.counters.fcrResolved = 0;
      const q = this.queueFacts(stored.fact.queue);
      const { atMs } = stored.fact;
      if (this.inWindow(atMs)) q.window.fcrResolved--;
      if (this.inToday(atMs)) q.today.fcrResolved--;
    }
  }

  /**
   * Moves the default window to end at `asOfMs` (never backwards): facts that fell out are
   * subtracted, facts that came in are added; facts older than the retention are dropped.
   */
  advance(asOfMs: number): void {
    if (asOfMs < this.asOfMs) return;
    const start = asOfMs - this.options.windowSeconds * 1000;
    const keepFrom = Math.min(asOfMs - this.options.retentionSeconds * 1000, this.dayStartMs);
    for (const q of this.queues.values()) {
      // Old window [s0, a0), new [s1, a1): leave [s0, min(s1, a0)), join [max(a0, s1), a1).
      const leaveEnd = this.firstIndexAtOrAfter(q, Math.min(start, this.asOfMs));
      for (let i = this.firstIndexAtOrAfter(q, this.windowStartMs); i < leaveEnd; i++)
        addCounters(q.window, q.facts[i]!.counters, -1);
      const joinEnd = this.firstIndexAtOrAfter(q, asOfMs);
      // Today, like the window, counts facts before asOf: those in [old asOf, new asOf) join it now.
      for (let i = this.firstIndexAtOrAfter(q, Math.max(this.asOfMs, this.dayStartMs)); i < joinEnd; i++)
        addCounters(q.today, q.facts[i]!.counters);
      for (let i = this.firstIndexAtOrAfter(q, Math.max(this.asOfMs, start)); i < joinEnd; i++)
        addCounters(q.window, q.facts[i]!.counters);
      while (q.head < q.facts.length && q.facts[q.head]!.fact.atMs < keepFrom) {
        const s = q.facts[q.head]!;
        if (s.fact.kind === 'resolved') this.forgetResolution(s);
        q.head++;
      }
      if (q.head > 4096 && q.head * 2 > q.facts.length) {
        q.facts.splice(0, q.head);
        q.head = 0;
      }
    }
    this.windowStartMs = start;
    this.asOfMs = asOfMs;
  }

  private forgetResolution(stored: StoredFact): void {
    const list = this.resolutions.get(stored.fact.ticketId)?.filter((s) => s !== stored);
    if (list && list.length > 0) this.resolutions.set(stored.fact.ticketId, list);
    else this.resolutions.delete(stored.fact.ticketId);
  }

  private inToday(atMs: number): boolean {
    return atMs >= this.dayStartMs && atMs < this.asOfMs;
  }

  private inWindow(atMs: number): boolean {
    return atMs >= this.windowStartMs && atMs < this.asOfMs;
  }

  /** Counters of the default window as of the last `advance`. */
  windowCounters(queue: string): IntervalCounters {
    return { ...(this.queues.get(queue)?.window ?? emptyCounters()) };
  }

  todayCounters(queue: string): IntervalCounters {
    return { ...(this.queues.get(queue)?.today ?? emptyCounters()) };
  }

  /** Counters of any window within the retention, ending at the last `advance`. */
  countersFor(queue: string, windowSeconds: number): IntervalCounters {
    if (windowSeconds === this.options.windowSeconds) return this.windowCounters(queue);
    if (windowSeconds > this.options.retentionSeconds)
      throw new RangeError(`windowSeconds above ${this.options.retentionSeconds}`);
    const c = emptyCounters();
    const q = this.queues.get(queue);
    if (!q) return c;
    const start = this.asOfMs - windowSeconds * 1000;
    for (let i = this.firstIndexAtOrAfter(q, start); i < q.facts.length; i++) {
      const s = q.facts[i]!;
      if (s.fact.atMs >= this.asOfMs) break;
      addCounters(c, s.counters);
    }
    return c;
  }

  get knownQueues(): string[] {
    return [...this.queues.keys()];
  }

  retainedFacts(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.facts.length - q.head;
    return n;
  }

  private queueFacts(queue: string): QueueFacts {
    let q = this.queues.get(queue);
    if (!q) this.queues.set(queue, (q = new QueueFacts()));
    return q;
  }

  private firstIndexAtOrAfter(q: QueueFacts, atMs: number): number {
    let lo = q.head;
    let hi = q.facts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q.facts[mid]!.fact.atMs < atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
