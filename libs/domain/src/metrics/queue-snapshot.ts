import type {
  AgentCounts,
  AgentMetrics,
  IntervalFigures,
  QueueAlertThresholds,
  QueueMetrics,
} from '@switchboard/contracts';
import { fcrIsProvisional, intervalFigures, type IntervalCounters } from './definitions.js';
import { staffingForecast } from './erlang-c.js';
import { DEFAULT_ALERT_THRESHOLDS, queueAlerts } from './queue-alerts.js';

export interface QueueSnapshotInput {
  queue: string;
  /** The queue's display name (the key when not given). */
  name?: string;
  asOfMs: number;
  windowSeconds: number;
  window: IntervalCounters;
  today: IntervalCounters;
  dayStartMs: number;
  waiting: number;
  longestWaitSeconds: number;
  /** undefined: nobody works this queue. */
  agents: AgentCounts | undefined;
  serviceLevel: { thresholdSeconds: number; targetPercent: number };
  fcrWindowSeconds: number;
  /** Agents who could take one of its tickets (ableAgentsByQueue); undefined: nobody. */
  able?: number;
  alertThresholds?: QueueAlertThresholds;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One queue's wallboard figures from its counters: the same function for the live push and a recomputed snapshot. */
export function queueSnapshot(input: QueueSnapshotInput): QueueMetrics {
  const { window, asOfMs, windowSeconds, serviceLevel } = input;
  const figures: IntervalFigures = intervalFigures(window, fcrIsProvisional(asOfMs, asOfMs, input.fcrWindowSeconds));
  const agents = input.agents ?? { available: 0, busy: 0, wrapUp: 0, away: 0, offline: 0 };
  const staffed = agents.available + agents.busy + agents.wrapUp;
  const forecast = staffingForecast({
    arrivalsPerSecond: window.entered / windowSeconds,
    ahtSeconds: window.handled > 0 ? window.handleMs / 1000 / window.handled : 0,
    thresholdSeconds: serviceLevel.thresholdSeconds,
    targetPercent: serviceLevel.targetPercent,
    staffed,
  });
  const serviceLevelContacts = window.answered + window.abandonedAfterSl;
  const alertThresholds = input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const able = input.able ?? 0;
  return {
    queue: input.queue,
    name: input.name ?? input.queue,
    asOf: new Date(asOfMs).toISOString(),
    windowSeconds,
    waiting: input.waiting,
    longestWaitSeconds: input.longestWaitSeconds,
    ...figures,
    agents,
    agentsRequired: forecast.agentsRequired,
    serviceLevel,
    serviceLevelContacts,
    staffing: {
      trafficErlangs: round2(forecast.trafficErlangs),
      staffed,
      predictedAsaSeconds:
        forecast.predicted?.asaSeconds === null || forecast.predicted === null
          ? null
          : round2(forecast.predicted.asaSeconds),
      predictedServiceLevelPercent: forecast.predicted ? round2(forecast.predicted.serviceLevelPercent) : null,
      able,
    },
    alertThresholds: { ...alertThresholds },
    alerts: queueAlerts({
      waiting: input.waiting,
      longestWaitSeconds: input.longestWaitSeconds,
      able,
      offered: figures.offered,
      abandonRatePercent: figures.abandonRatePercent,
      serviceLevelPercent: figures.serviceLevelPercent,
      serviceLevelContacts,
      serviceLevelTargetPercent: serviceLevel.targetPercent,
      thresholds: alertThresholds,
    }),
    today: {
      from: new Date(input.dayStartMs).toISOString(),
      ...intervalFigures(input.today, fcrIsProvisional(asOfMs, asOfMs, input.fcrWindowSeconds)),
    },
  };
}

/**
 * The start of the local business day containing `now`: the latest instant at or before `now`
 * whose wall-clock time in `timeZone` is `startMinute` minutes after midnight.
 */
export function localDayStart(now: Date, timeZone: string, startMinute = 0): Date {
  const wall = wallClock(now.getTime(), timeZone);
  const today = Date.UTC(wall.year, wall.month - 1, wall.day) + startMinute * 60_000;
  const start = instantOfWallTime(today, timeZone);
  return new Date(start <= now.getTime() ? start : instantOfWallTime(today - 86_400_000, timeZone));
}

/**
 * The first instant whose wall-clock time in `timeZone` is `wallMs` (wall time written as if
 * UTC). Twice on a fall-back night: the first. Never, inside a spring-forward gap: the instant
 * the clocks jump, which is when that local time "would have been".
 */
function instantOfWallTime(wallMs: number, timeZone: string): number {
  const before = offsetMs(wallMs - 36 * 3_600_000, timeZone);
  const after = offsetMs(wallMs + 36 * 3_600_000, timeZone);
  const hits = [wallMs - before, wallMs - after].filter((t) => wallTimeMs(t, timeZone) === wallMs);
  if (hits.length > 0) return Math.min(...hits);
  // In the gap: binary-search the jump between the two candidate instants.
  let lo = Math.min(wallMs - before, wallMs - after);
  let hi = Math.max(wallMs - before, wallMs - after);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (wallTimeMs(mid, timeZone) >= wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

function wallTimeMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetMs(ms: number, timeZone: string): number {
  return wallTimeMs(ms, timeZone) - Math.floor(ms / 1000) * 1000;
}
/** Where an agent counts on a queue tile: work in hand first, then the status they chose. */
export function agentCountBucket(a: Pick<AgentMetrics, 'activity' | 'status'>): keyof AgentCounts {
  if (a.activity === 'busy') return 'busy';
  if (a.activity === 'wrap_up') return 'wrapUp';
  return a.status;
}

/** Agents of each queue by agentCountBucket (an agent in several queues counts in each). */
export function agentCountsByQueue(agents: readonly AgentMetrics[]): Map<string, AgentCounts> {
  const counts = new Map<string, AgentCounts>();
  for (const a of agents) {
    const bucket = agentCountBucket(a);
    for (const q of a.queues) {
      let c = counts.get(q);
      if (!c) counts.set(q, (c = { available: 0, busy: 0, wrapUp: 0, away: 0, offline: 0 }));
      c[bucket]++;
    }
  }
  return counts;
}
