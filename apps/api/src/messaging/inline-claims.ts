import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { AfterCommit, routingJobs } from '@switchboard/messaging';
import { claimForAgent, claimForTicket, trySavepoint, type TicketEntity } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';
import { InjectConfig } from '../common/app-config.js';

/**
 * Claims run inside the api transaction that made work possible — a ticket queued, an agent
 * freed — so an offer goes out with that commit instead of one routing job later. Each claim runs
 * behind a savepoint: if it fails, its writes are undone, the request still succeeds, and the
 * router's job does the claim instead (it would also be the next step after 'waiting').
 */
@Injectable()
export class InlineClaims {
  private readonly logger = new Logger(InlineClaims.name);

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /** A ticket just queued (its row and queue held by this transaction, routing `token` set). */
  async ticketQueued(manager: EntityManager, ticket: TicketEntity, token: string, effects: AfterCommit): Promise<void> {
    const outcome = await trySavepoint(
      manager,
      () => claimForTicket(manager, ticket, this.config.routing),
      (error) =>
        this.logger.warn(`inline claim for ticket ${ticket.id} failed, the router takes over: ${String(error)}`),
    );
    if (outcome?.kind === 'offered') effects.offer(outcome.agentId, outcome.offer);
    else {
      // The ticket's job is its place in Redis and its deadline: the router looks again when due.
      const delay = outcome?.kind === 'waiting' ? outcome.recheckInMs : 0;
      effects.job(routingJobs.routeTicket(ticket.id, token, ticket.priority, delay));
    }
  }

  /** An agent just gained capacity (their row held by this transaction). */
  async agentFreed(manager: EntityManager, agentId: string, reason: string, effects: AfterCommit): Promise<void> {
    const outcome = await trySavepoint(
      manager,
      () => claimForAgent(manager, agentId, this.config.routing),
      (error) => this.logger.warn(`inline claim for agent ${agentId} failed, the router takes over: ${String(error)}`),
    );
    if (outcome?.kind === 'offered') effects.offer(outcome.agentId, outcome.offer);
    // Nothing found is still worth one more look once this commits: a ticket queued concurrently
    // may have read this agent as busy and this claim may have read the queue before it arrived.
    else effects.job(routingJobs.routeAgent(agentId, reason, outcome?.kind === 'contended' ? outcome.retryInMs : 0));
  }
}
