import { hostname } from 'node:os';
import { Processor, WorkerHost, InjectQueue } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import {
  ROUTING_JOB_NAMES,
  ROUTING_QUEUE,
  RoutingJob,
  routingJobs,
  type RoutingJobName,
  type RoutingJobPayloads,
} from '@switchboard/messaging';
import { MAX_CONTENDED_RETRIES } from '@switchboard/work';
import { DelayedError, Job, Queue } from 'bullmq';
import { ROUTER_CONFIG } from '../router-config.js';
import { RoutingService } from './routing.service.js';

type Handlers = { [N in RoutingJobName]: (data: RoutingJobPayloads[N], job: Job, token?: string) => Promise<unknown> };

/**
 * Thin processor: parses the job, calls one service method (a unit of work, whose effects
 * TicketWork carries out after the commit), returns. Every handler is idempotent: a job run
 * twice (retry, stalled job taken over by another router) finds its work done and returns.
 */
@Processor(ROUTING_QUEUE, {
  // Stored on each job as processedBy: which router process did the work.
  name: `router@${hostname()}:${process.pid}`,
  // A crashed router's active jobs are taken over within ~lockDuration + stalledInterval (< 15 s).
  lockDuration: 6_000,
  stalledInterval: 3_000,
  maxStalledCount: 10,
})
export class RoutingProcessor extends WorkerHost implements OnModuleInit, OnApplicationBootstrap {
  private readonly handlers: Handlers = {
    [RoutingJob.RouteTicket]: async (data, job, token) => {
      const outcome = await this.routing.routeTicket(data.ticketId, data.token);
      if (outcome.kind === 'waiting') {
        // Still waiting: this job is the ticket's place in Redis and its deadline; sleep until the
        // next overflow step or re-check, then look again.
        await job.moveToDelayed(Date.now() + outcome.recheckInMs, token);
        throw new DelayedError();
      }
      return outcome.kind;
    },
    [RoutingJob.RouteAgent]: async (data) => {
      const outcome = await this.routing.routeAgent(data.agentId);
      if (outcome.kind === 'contended' && (data.retry ?? 0) < MAX_CONTENDED_RETRIES) {
        const retry = routingJobs.routeAgent(data.agentId, data.reason, outcome.retryInMs, (data.retry ?? 0) + 1);
        await this.queue.add(retry.name, retry.data, retry.opts);
      }
      return outcome.kind;
    },
    [RoutingJob.OfferTimeout]: (data) => this.routing.expireOffer(data.offerId),
    [RoutingJob.PresenceCheck]: (data) => this.routing.checkPresence(data.agentId),
    [RoutingJob.WrapUpEnd]: (data) => this.routing.endWrapUp(data.agentId, data.ticketId),
  };

  constructor(
    private readonly routing: RoutingService,
    @InjectQueue(ROUTING_QUEUE) private readonly queue: Queue,
    @Inject(ROUTER_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.routing.concurrency;
  }

  /** Every persistent job name has exactly one handler, and every handler a known name. */
  onModuleInit(): void {
    const handled = Object.keys(this.handlers).sort();
    const known = [...ROUTING_JOB_NAMES].sort();
    if (handled.join() !== known.join()) {
      throw new Error(`routing job handlers ${handled.join(', ')} do not match job names ${known.join(', ')}`);
    }
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const handler = this.handlers[job.name as RoutingJobName] as
      ((data: unknown, job: Job, token?: string) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`no handler for routing job '${job.name}'`);
    return handler(job.data, job, token);
  }
}
