import type { EmailAcknowledgement } from './email.js';
export const ROUTING_STRATEGIES = ['longest-idle', 'least-occupied', 'round-robin', 'skills-best-match'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface ServiceLevelTarget {
  /** Answered within this many seconds counts as "in service level". */
  thresholdSeconds: number;
  /** Share of tickets to answer within the threshold, 0–100. */
  targetPercent: number;
}

export interface SkillRequirement {
  skill: string;
  /** Minimum level, 1–10. */
  minLevel: number;
}

/** An ordered widening step, measured from the ticket's age in the queue. */
export interface OverflowTarget {
  afterSeconds: number;
  /** Move to this queue … */
  queue?: string;
  /** … or accept agents this many levels below the required ones. */
  relaxSkillLevelsBy?: number;
}

/** When the wallboard raises a queue's alerts (`QueueMetrics.alerts`). */
export interface QueueAlertThresholds {
  /** Alert when the longest wait is over this many seconds. */
  longestWaitSeconds: number;
  /** Alert when the abandon rate is over this percent. */
  abandonRatePercent: number;
  /** No percentage alert (abandon rate, service level) on fewer contacts than this. */
  minSample: number;
}

export interface CreateQueueRequest {
  key: string;
  name: string;
  serviceLevel: ServiceLevelTarget;
  offerTimeoutSeconds: number;
  wrapUpSeconds: number;
  strategy?: RoutingStrategy;
  requiredSkills?: SkillRequirement[];
  overflow?: OverflowTarget[];
  /** Added to every ticket's priority in this queue. */
  basePriority?: number;
  /** Other sites (`https://shop.example`) whose pages may open this queue's web chat; the stack's own always may. */
  chatOrigins?: string[];
  /** Offer a satisfaction survey after each resolution (default true). */
  surveyEnabled?: boolean;
  /** No second survey for a customer within this many days (default 7; 0: every resolution). */
  surveyCooldownDays?: number;
  /** The wallboard's alert thresholds; each one left out takes its default (120 s, 10 %, 20 contacts). */
  alerts?: Partial<QueueAlertThresholds>;
  /** The queue's inbound address: mail to it opens tickets here (lower-cased; unique among queues). */
  email?: string | null;
  /** The mail a customer gets when their e-mail opens a ticket (default: enabled, built-in text). */
  emailAcknowledgement?: EmailAcknowledgement;
}

/** `PATCH /api/queues/:key`: only the fields given change (the key never does). */
export interface UpdateQueueRequest {
  name?: string;
  serviceLevel?: ServiceLevelTarget;
  offerTimeoutSeconds?: number;
  wrapUpSeconds?: number;
  strategy?: RoutingStrategy;
  /** Replaces the whole list. */
  requiredSkills?: SkillRequirement[];
  /** Replaces the whole list. */
  overflow?: OverflowTarget[];
  basePriority?: number;
  /** Replaces the whole list. */
  chatOrigins?: string[];
  surveyEnabled?: boolean;
  surveyCooldownDays?: number;
  /** Only the thresholds given change. */
  alerts?: Partial<QueueAlertThresholds>;
  /** null removes the address: mail to it is refused from then on. */
  email?: string | null;
  emailAcknowledgement?: EmailAcknowledgement;
  /** false brings a retired queue back. */
  retired?: boolean;
}

export interface QueueResponse {
  id: string;
  key: string;
  name: string;
  serviceLevel: ServiceLevelTarget;
  offerTimeoutSeconds: number;
  wrapUpSeconds: number;
  strategy: RoutingStrategy;
  requiredSkills: SkillRequirement[];
  overflow: OverflowTarget[];
  basePriority: number;
  chatOrigins: string[];
  surveyEnabled: boolean;
  surveyCooldownDays: number;
  alerts: QueueAlertThresholds;
  email: string | null;
  emailAcknowledgement: EmailAcknowledgement;
  createdAt: string;
  /** When the queue was retired (it takes no new tickets); null while in service. */
  retiredAt: string | null;
}
