import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateTicketResponse } from '@switchboard/contracts';
import { estimateWaitSeconds, identityTrust, intakePriority } from '@switchboard/domain';
import { AfterCommit } from '@switchboard/messaging';
import {
  appendTicketEvent,
  isUniqueViolation,
  QueueEntity,
  requeueTicket,
  TicketEntity,
} from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { CustomersService } from '../customers/customers.service.js';
import { Effects } from '../messaging/messaging.module.js';
import { InlineClaims } from '../messaging/inline-claims.js';
import { InjectConfig } from '../common/app-config.js';
import type { AppConfig } from '@switchboard/config';
import { requestFingerprint } from './fingerprint.js';
import type { CreateTicketDto } from './ticket.dto.js';

/** Used for the wait estimate until a queue has handled tickets of its own. */
const DEFAULT_HANDLE_SECONDS = 300;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** How long one queue's staffing and handle-time figures serve wait estimates. */
const QUEUE_STATS_TTL_MS = 2_000;

interface QueuePlace {
  id: string;
  queue: string;
  queue_id: string;
  status: TicketEntity['status'];
  priority: number;
  position: number;
}

interface QueueStats {
  staffed: number;
  aht: number | null;
}

export interface IntakeResult {
  ticket: CreateTicketResponse;
  /** false when an earlier request with the same key or external id made the ticket. */
  created: boolean;
}

@Injectable()
export class TicketIntakeService {
  private readonly statsCache = new Map<string, { stats: QueueStats; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly customers: CustomersService,
    private readonly effects: Effects,
    private readonly claims: InlineClaims,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async intake(input: CreateTicketDto, idempotencyKey: string | undefined, caller: AuthUser): Promise<IntakeResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException(['Idempotency-Key header must be 1–200 visible ASCII characters']);
    }
    const fingerprint = requestFingerprint(input);
    const earlier = await this.findEarlier(idempotencyKey, input.externalId, caller.id, fingerprint);
    if (earlier) return { ticket: await this.describe(earlier), created: false };

    try {
      const effects = new AfterCommit();
      const queued = await this.db.transaction((manager) =>
        this.insert(manager, input, idempotencyKey, fingerprint, caller, effects),
      );
      // Committed first (the 201 promises the ticket exists); a crash before this line is
      // repaired by the reconciler, which re-creates routing jobs for waiting tickets.
      if (this.config.faultInject === 'intake-crash-after-commit') process.exit(86);
      await this.effects.flush(effects);
      return { ticket: await this.answer(queued), created: true };
    } catch (error) {
      // A concurrent request with the same key or external id committed first: answer with its ticket.
      if (
        isUniqueViolation(error, 'UQ_tickets_idempotency') ||
        isUniqueViolation(error, 'UQ_tickets_caller_external_id')
      ) {
        const winner = await this.findEarlier(idempotencyKey, input.externalId, caller.id, fingerprint);
        if (winner) return { ticket: await this.describe(winner), created: false };
      }
      throw error;
    }
  }

  private async insert(
    manager: DataSource['manager'],
    input: CreateTicketDto,
    idempotencyKey: string | undefined,
    fingerprint: string,
    caller: AuthUser,
    effects: AfterCommit,
  ): Promise<QueuePlace> {
    const queue = await manager.findOneBy(QueueEntity, { key: input.queue });
    if (!queue) throw new BadRequestException([`queue '${input.queue}' does not exist`]);
    if (queue.retiredAt) throw new BadRequestException([`queue '${input.queue}' is retired and takes no new tickets`]);
    const { customer, matched } = await this.customers.findOrCreate(
      manager,
      input.customer,
      identityTrust(caller.role, input.channel),
    );
    const now = new Date();
    const ticket = await manager.save(
      manager.create(TicketEntity, {
        channel: input.channel,
        queueId: queue.id,
        status: 'new',
        subject: input.subject.trim(),
        description: input.description ?? null,
        category: input.category ?? null,
        priority: intakePriority({ basePriority: queue.basePriority, tier: customer.tier }),
        customerId: customer.id,
        externalId: input.externalId ?? null,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: fingerprint,
        createdById: caller.id,
        lastEventSeq: 0,
      }),
    );
    await appendTicketEvent(manager, ticket, {
      type: 'ticket.created',
      at: now,
      actorId: caller.id,
      data: { channel: ticket.channel, queue: queue.key, customerId: customer.id, priority: ticket.priority },
    });
    if (matched) {
      await appendTicketEvent(manager, ticket, {
        type: 'ticket.customer_matched',
        at: now,
        actorId: caller.id,
        data: { customerId: customer.id, ...matched },
      });
    }
    const token = await requeueTicket(
      manager,
      ticket,
      { type: 'ticket.queued', at: now, actorId: caller.id, data: { queue: queue.key } },
      { enqueuedAt: now },
    );
    await this.markRepeatContacts(manager, ticket, now);
    // The answer says where the ticket joined its queue, before it is (perhaps at once) offered.
    const [place] = await this.places(manager, ticket.id);
    await this.claims.ticketQueued(manager, Object.assign(ticket, { queue }), token, effects);
    return place!;
  }

  /**
   * The customer is back about the same thing: the earlier tickets of this category resolved
   * within the FCR window were not resolved at first contact. Their timelines say so.
   */
  private async markRepeatContacts(manager: DataSource['manager'], ticket: TicketEntity, now: Date): Promise<void> {
    if (!ticket.category || this.config.fcrWindowDays <= 0) return;
    const since = new Date(now.getTime() - this.config.fcrWindowDays * 86_400_000);
    const earlier = await manager
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.customer_id = :customer AND t.category = :category AND t.id <> :id', {
        customer: ticket.customerId,
        category: ticket.category,
        id: ticket.id,
      })
      .andWhere("t.status = 'resolved' AND t.resolved_at >= :since", { since })
      .orderBy('t.id')
      .getMany();
    for (const previous of earlier) {
      await appendTicketEvent(manager, previous, {
        type: 'ticket.repeat_contact',
        at: now,
        data: { newTicketId: ticket.id, category: ticket.category, windowDays: this.config.fcrWindowDays },
      });
    }
  }

  private async findEarlier(
    idempotencyKey: string | undefined,
    externalId: string | undefined,
    callerId: string,
    fingerprint: string,
  ): Promise<TicketEntity | null> {
    // Both are the caller's own: another connector's key or external id is another contact.
    const repo = this.db.getRepository(TicketEntity);
    const byKey = idempotencyKey ? await repo.findOneBy({ createdById: callerId, idempotencyKey }) : null;
    if (byKey && byKey.requestFingerprint !== fingerprint) {
      throw new ConflictException('Idempotency-Key was already used for a different ticket body');
    }
    const byExternalId = !byKey && externalId ? await repo.findOneBy({ createdById: callerId, externalId }) : null;
    if (byExternalId && byExternalId.requestFingerprint !== fingerprint) {
      throw new ConflictException('externalId was already used for a different ticket body');
    }
    return byKey ?? byExternalId;
  }

  /** Where tickets stand in their queues (position 1 = next to be routed; counted for queued ones). */
  private places(manager: DataSource['manager'], ticketId: string): Promise<QueuePlace[]> {
    return manager.query(
      `SELECT t.id, q.key AS queue, t.queue_id, t.status, t.priority,
              (SELECT count(*)::int FROM tickets o
                WHERE o.queue_id = t.queue_id AND o.status = 'queued' AND o.id <> t.id
                  AND (o.priority > t.priority OR (o.priority = t.priority AND (o.enqueued_at, o.id) < (t.enqueued_at, t.id)))
              ) + 1 AS position
         FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = $1`,
      [ticketId],
    ) as Promise<QueuePlace[]>;
  }

  /** The intake answer for a ticket as it stands now (a repeated request). */
  private async describe(ticket: TicketEntity): Promise<CreateTicketResponse> {
    const [place] = await this.places(this.db.manager, ticket.id);
    return this.answer(place!);
  }

  /** Status, position and a wait estimate for a waiting ticket; position 0 once it left the queue. */
  private async answer(place: QueuePlace): Promise<CreateTicketResponse> {
    const waiting = place.status === 'queued';
    const stats = waiting ? await this.queueStats(place.queue_id) : null;
    return {
      id: place.id,
      status: place.status,
      queue: place.queue,
      priority: place.priority,
      position: waiting ? place.position : 0,
      estimatedWaitSeconds: stats
        ? estimateWaitSeconds({
            position: place.position,
            averageHandleSeconds: stats.aht ?? DEFAULT_HANDLE_SECONDS,
            staffedAgents: stats.staffed,
          })
        : 0,
    };
  }

  /**
   * Agents available in the queue and its recent average handle time, for the wait estimate.
   * Shared by every intake of the queue for a moment: an estimate does not need a fresh scan of
   * the event log per ticket, and at hundreds of tickets a second that scan was the intake's
   * most expensive query.
   */
  private async queueStats(queueId: string): Promise<QueueStats> {
    const now = Date.now();
    const cached = this.statsCache.get(queueId);
    if (cached && cached.until > now) return cached.stats;
    const [stats] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM agent_queues aq JOIN agents a ON a.user_id = aq.agent_id
                WHERE aq.queue_id = $1 AND a.status = 'available') AS staffed,
              (SELECT avg(extract(epoch FROM r.at - acc.at))::float FROM (
                  SELECT e.ticket_id, e.at FROM ticket_events e JOIN tickets rt ON rt.id = e.ticket_id
                   WHERE rt.queue_id = $1 AND e.type = 'ticket.resolved' ORDER BY e.id DESC LIMIT 50) r
                 JOIN LATERAL (SELECT a2.at FROM ticket_events a2 WHERE a2.ticket_id = r.ticket_id
                   AND a2.type = 'ticket.accepted' ORDER BY a2.seq DESC LIMIT 1) acc ON true) AS aht`,
      [queueId],
    )) as QueueStats[];
    if (this.statsCache.size > 10_000) this.statsCache.clear();
    this.statsCache.set(queueId, { stats: stats!, until: now + QUEUE_STATS_TTL_MS });
    return stats!;
  }
}
