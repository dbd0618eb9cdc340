import type { JobsOptions } from 'bullmq';

/**
 * BullMQ queue and job names are persistent API: jobs already waiting in Redis carry them, so
 * renaming one strands those jobs. Add names; never rename or remove one that may be in flight.
 */
export const ROUTING_QUEUE = 'routing';

export const RoutingJob = {
  /** A waiting ticket: find it an agent; re-checks itself until it leaves the queue. */
  RouteTicket: 'ticket.route',
  /** An agent gained free capacity: find them the best waiting ticket. */
  RouteAgent: 'agent.route',
  /** An offer's deadline. */
  OfferTimeout: 'offer.timeout',
  /** An agent's wrap-up deadline. */
  WrapUpEnd: 'agent.wrap-up-end',
  /** An agent's sockets all went away: after the grace period, offline if none came back. */
  PresenceCheck: 'agent.presence-check',
} as const;
export type RoutingJobName = (typeof RoutingJob)[keyof typeof RoutingJob];
export const ROUTING_JOB_NAMES: readonly RoutingJobName[] = Object.values(RoutingJob);

export interface RoutingJobPayloads {
  'ticket.route': { ticketId: string; token: string };
  /** retry: how many times in a row this pass found only tickets held by other claims. */
  'agent.route': { agentId: string; reason: string; retry?: number };
  'offer.timeout': { offerId: string };
  'agent.wrap-up-end': { agentId: string; ticketId: string };
  'agent.presence-check': { agentId: string };
}

export interface RoutingJobSpec<N extends RoutingJobName = RoutingJobName> {
  name: N;
  data: RoutingJobPayloads[N];
  opts: JobsOptions;
}

/** Completed jobs are kept a while for inspection; ids are unique per stay/offer, so this never blocks a new job. */
const KEEP: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 24 * 3600 },
};

/** BullMQ priorities: 1 is served first; higher ticket priority → lower number. */
const PRIORITY_BASE = 1_000_000;
export function bullPriority(ticketPriority: number): number {
  return Math.min(2_097_151, Math.max(1, PRIORITY_BASE - ticketPriority));
}

/** One job per stay of a ticket in a queue (a new token each time it is queued). */
function routeTicketJobId(ticketId: string, token: string): string {
  return `ticket-route.${ticketId}.${token}`;
}

/** One deadline job per offer: removed when the offer ends any other way. */
function offerTimeoutJobId(offerId: string): string {
  return `offer-timeout.${offerId}`;
}

/** One job per wrap-up (the agent may wrap up the same ticket twice, after a reopen). */
function wrapUpEndJobId(agentId: string, ticketId: string, until: Date): string {
  return `wrap-up-end.${agentId}.${ticketId}.${until.getTime()}`;
}

/** Job specs, with deterministic ids where a duplicate would be wrong. Ids never come from database sequences. */
export const routingJobs = {
  /** `delayMs`: the first look is due later (a claim just found no agent, see claimForTicket). */
  routeTicket(ticketId: string, token: string, priority: number, delayMs = 0): RoutingJobSpec<'ticket.route'> {
    return {
      name: RoutingJob.RouteTicket,
      data: { ticketId, token },
      opts: {
        ...KEEP,
        jobId: routeTicketJobId(ticketId, token),
        priority: bullPriority(priority),
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        attempts: 5,
        backoff: { type: 'exponential', delay: 200 },
      },
    };
  },
  routeAgent(agentId: string, reason: string, delayMs = 0, retry = 0): RoutingJobSpec<'agent.route'> {
    return {
      name: RoutingJob.RouteAgent,
      data: retry > 0 ? { agentId, reason, retry } : { agentId, reason },
      opts: { ...KEEP, delay: delayMs, attempts: 5, backoff: { type: 'exponential', delay: 200 } },
    };
  },
  offerTimeout(offerId: string, expiresAt: Date, now: Date): RoutingJobSpec<'offer.timeout'> {
    return {
      name: RoutingJob.OfferTimeout,
      data: { offerId },
      opts: {
        ...KEEP,
        jobId: offerTimeoutJobId(offerId),
        delay: Math.max(0, expiresAt.getTime() - now.getTime()),
        attempts: 10,
        backoff: { type: 'exponential', delay: 200 },
      },
    };
  },
  routeTicketId: routeTicketJobId,
  offerTimeoutId: offerTimeoutJobId,
  wrapUpEndId: wrapUpEndJobId,
  presenceCheck(agentId: string, graceSeconds: number): RoutingJobSpec<'agent.presence-check'> {
    return {
      name: RoutingJob.PresenceCheck,
      data: { agentId },
      opts: {
        ...KEEP,
        delay: Math.round(graceSeconds * 1000),
        attempts: 5,
        backoff: { type: 'exponential', delay: 200 },
      },
    };
  },
  wrapUpEnd(agentId: string, ticketId: string, until: Date, now: Date): RoutingJobSpec<'agent.wrap-up-end'> {
    return {
      name: RoutingJob.WrapUpEnd,
      data: { agentId, ticketId },
      opts: {
        ...KEEP,
        jobId: wrapUpEndJobId(agentId, ticketId, until),
        delay: Math.max(0, until.getTime() - now.getTime()),
        attempts: 10,
        backoff: { type: 'exponential', delay: 200 },
      },
    };
  },
};

/** Redis key (under the installation prefix) of an agent's live sockets: socket id → last heartbeat (ms). */
export const presenceKey = (agentId: string) => `presence:${agentId}`;
/** Sockets refresh their presence this often; an entry older than three beats is a dead process's. */
export const PRESENCE_HEARTBEAT_MS = 10_000;
export const PRESENCE_STALE_MS = 3 * PRESENCE_HEARTBEAT_MS;
