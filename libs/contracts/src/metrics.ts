import type { AgentActivity, AgentSkill, AgentStatus } from './agents.js';
import type { IsoDateTime } from './common.js';
import type { QueueAlertThresholds } from './queues.js';

/** Agents of a queue by what they are doing now. */
export interface AgentCounts {
  /** Status available and idle or holding an offer. */
  available: number;
  /** Handling at least one ticket. */
  busy: number;
  /** After-contact work. */
  wrapUp: number;
  away: number;
  offline: number;
}

/** Figures over an interval: null where the definition has nothing to divide by. */
export interface IntervalFigures {
  /** Tickets that entered the queue (new, transferred in, reopened). */
  offered: number;
  answered: number;
  abandoned: number;
  asaSeconds: number | null;
  serviceLevelPercent: number | null;
  abandonRatePercent: number | null;
  ahtSeconds: number | null;
  fcrPercent: number | null;
  /** True while some resolution counted here is younger than the FCR window: a repeat contact may still arrive. */
  fcrProvisional: boolean;
  csatPercent: number | null;
  /** Ratings received. */
  csatResponses: number;
  /** Satisfaction surveys offered to customers. */
  surveysOffered: number;
  /** Survey answers / surveys offered, in the window. */
  csatResponseRatePercent: number | null;
}

export interface StaffingFigures {
  /** Live arrival rate × AHT. */
  trafficErlangs: number;
  /** Agents logged in to the queue (available, busy or in wrap-up). */
  staffed: number;
  /** What Erlang C predicts for the agents staffed now; null without traffic figures or agents. */
  predictedAsaSeconds: number | null;
  predictedServiceLevelPercent: number | null;
  /**
   * Agents with status available (idle, offered, busy or in wrap-up) who are in the queue and have
   * every skill it requires at its level: who could take a waiting ticket. 0 with customers waiting
   * is the `nobody-able` alert.
   */
  able: number;
}

export const QUEUE_ALERT_KINDS = ['nobody-able', 'longest-wait', 'abandon-rate', 'service-level'] as const;
/**
 * - `nobody-able`: customers wait and no available agent has the queue's skills;
 * - `longest-wait`: the longest wait is over the queue's `alerts.longestWaitSeconds`;
 * - `abandon-rate`: abandon rate over `alerts.abandonRatePercent`, on at least `alerts.minSample` offered;
 * - `service-level`: service level below its target, on at least `alerts.minSample` contacts.
 */
export type QueueAlertKind = (typeof QUEUE_ALERT_KINDS)[number];

/** Something on a queue a supervisor should act on now, decided by the metrics engine. */
export interface QueueAlert {
  kind: QueueAlertKind;
  /** Customers waiting (nobody-able), seconds (longest-wait) or percent (abandon-rate, service-level). */
  value: number;
  /** What `value` was held against; null for nobody-able. */
  threshold: number | null;
  /** Contacts a percentage was computed on; null for counts and durations. */
  sample: number | null;
}

/** One queue's live figures (`GET /api/metrics/queues`, socket `metrics.queues`). */
export interface QueueMetrics extends IntervalFigures {
  queue: string;
  /** The queue's display name. */
  name: string;
  asOf: IsoDateTime;
  windowSeconds: number;
  /** Customers waiting in the queue now: tickets queued, or offered from the queue and not yet accepted. */
  waiting: number;
  longestWaitSeconds: number;
  agents: AgentCounts;
  /** Erlang C: fewest agents meeting the queue's service-level target at the live arrival rate and AHT. */
  agentsRequired: number | null;
  serviceLevel: { thresholdSeconds: number; targetPercent: number };
  /** Contacts the service level is computed on: answered + abandoned after the threshold (short abandons excluded). */
  serviceLevelContacts: number;
  staffing: StaffingFigures;
  /** The queue's alert thresholds. */
  alertThresholds: QueueAlertThresholds;
  /** Alerts in force now, most urgent first; empty when all is well. */
  alerts: QueueAlert[];
  /** The same figures since the start of the local day (METRICS_TIMEZONE / METRICS_DAY_START). */
  today: IntervalFigures & { from: IsoDateTime };
}

export interface AgentMetrics {
  agentId: string;
  name: string;
  queues: string[];
  status: AgentStatus;
  statusReason: string | null;
  activity: AgentActivity;
  /** Since the status or activity last changed. */
  timeInStateSeconds: number;
  /** Tickets in hand now. */
  currentTicketIds: string[];
  /** The same tickets with what they are about, in the same order. */
  currentTickets: { id: string; subject: string; reference: string }[];
  skills: AgentSkill[];
  /** Handles finished in the window (wrap-up ended or transferred on). */
  handled: number;
  ahtSeconds: number | null;
  /** Capacity-weighted busy time / (busy + idle available time) over the window, 0–100. */
  occupancyPercent: number | null;
}

export interface AgentMetricsResponse {
  asOf: IsoDateTime;
  windowSeconds: number;
  agents: AgentMetrics[];
}

export interface MetricsHistoryBucket extends IntervalFigures {
  from: IsoDateTime;
  to: IsoDateTime;
  /** Customers waiting at the end of the bucket. */
  waitingAtEnd: number;
  /** The most customers waiting at any moment of the bucket. */
  waitingPeak: number;
}

export interface MetricsHistoryResponse {
  queue: string;
  from: IsoDateTime;
  to: IsoDateTime;
  bucketSeconds: number;
  buckets: MetricsHistoryBucket[];
  /** The whole interval as one bucket. */
  total: IntervalFigures;
}

/** A metric's definition as shown on screen: the text, and the version the figures were computed with. */
export interface MetricDefinitionView {
  key: string;
  version: number;
  label: string;
  definition: string;
  unit: 'count' | 'seconds' | 'percent' | 'agents';
}

/** Second argument of every metrics push: a client that sees a gap in `seq` asks for a snapshot. */
export interface MetricsPushMeta {
  /** Increases by one per push from the metrics engine; restarts when the engine's leader changes (`epoch`). */
  seq: number;
  epoch: string;
  asOf: IsoDateTime;
}

/** What an agent sees of their own queues: the waiting count and the longest wait. */
export interface QueueStatsEvent {
  asOf: IsoDateTime;
  queues: { queue: string; waiting: number; longestWaitSeconds: number }[];
}
