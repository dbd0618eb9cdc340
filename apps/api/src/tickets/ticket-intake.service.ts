import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import type { CreateTicketResponse, TicketPosition } from '@switchboard/contracts';
import { estimateWaitSeconds, identityTrust, intakePriority, overflowState } from '@switchboard/domain';
import { placeFromCounts, type WakeupMark } from '@switchboard/messaging';
import {
  arrive,
  claimForTicket,
  createTicket,
  findEarlierRequest,
  joinBehind,
  isUniqueViolation,
  markRepeatContacts,
  placeInLine,
  queuePlace,
  queuePlaces,
  queueStats,
  type QueuePlace,
  type TicketRow,
} from '@switchboard/persistence';
import { TicketWork, type WorkTx } from '@switchboard/work';
import { AccessPolicy } from '../access/access-policy.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { CustomersService } from '../customers/customers.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { requestFingerprint } from './fingerprint.js';
import type { CreateTicketDto } from './ticket.dto.js';

/** Used for the wait estimate until a queue has handled tickets of its own. */
const DEFAULT_HANDLE_SECONDS = 300;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** How long one queue's staffing and handle-time figures serve wait estimates. */
const QUEUE_STATS_TTL_MS = 2_000;

interface QueueStats {
  staffed: number;
  aht: number | null;
}

/** Who brings a contact in: a staff user or connector, or a customer writing in themselves (no id). */
export interface IntakeCaller {
  id: string | null;
  role: AuthUser['role'] | 'customer';
}

/** More writes in the intake's own unit of work (a chat's first message and session), after the ticket is made. */
export type IntakeAddition = (tx: WorkTx, ticket: TicketRow) => void;

export interface IntakeResult {
  ticket: CreateTicketResponse;
  /** false when an earlier request with the same key or external id made the ticket. */
  created: boolean;
}

interface Queued {
  place: QueuePlace;
  /** Set when nobody could take it at once: the wake-up check after the commit needs it. */
  waiting: { token: string; mark: WakeupMark } | null;
  /** Set when it joined behind others: the agents free to take it, for their passes after the commit. */
  behind: { freeAgents: string[] } | null;
  /** An agent was offered it in the intake's own commit: no wait to announce. */
  answeredAtOnce?: boolean;
}

@Injectable()
export class TicketIntakeService {
  private readonly logger = new Logger(TicketIntakeService.name);
  private readonly statsCache = new Map<string, { stats: QueueStats; until: number }>();

  constructor(
    private readonly work: TicketWork,
    private readonly customers: CustomersService,
    private readonly metrics: MetricsService,
    private readonly access: AccessPolicy,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Where a ticket stands now and the wait to announce (an IVR's question); position 0 once it left the queue. */
  async position(ticketId: string, viewer: AuthUser): Promise<TicketPosition> {
    const place = await queuePlace(this.work.sql, ticketId);
    const view = place
      ? await this.access.ticketViewIn(this.work.sql, viewer, { id: ticketId, createdById: place.createdById ?? null })
      : 'none';
    if (!place || view === 'none') throw new NotFoundException(`ticket ${ticketId} does not exist`);
    return this.standing(place);
  }

  /** Position and wait estimate of a ticket the caller may already see (a customer's own chat); null when it does not exist. */
  async positionOf(ticketId: string): Promise<TicketPosition | null> {
    const place = await queuePlace(this.work.sql, ticketId);
    return place ? this.standing(place) : null;
  }

  /** Where each of several tickets stands now: one query, estimates from the queues' shared figures. */
  async positionsOf(ticketIds: readonly string[]): Promise<Map<string, TicketPosition>> {
    const places = await queuePlaces(this.work.sql, ticketIds);
    const standings = await Promise.all(places.map((place) => this.standing(place)));
    return new Map(places.map((place, i) => [place.id, standings[i]!]));
  }

  private async standing(place: QueuePlace): Promise<TicketPosition> {
    const { status, position, estimatedWaitSeconds } = await this.answer(place);
    return { status, position, estimatedWaitSeconds, asOf: new Date().toISOString() };
  }

  async intake(
    input: CreateTicketDto,
    idempotencyKey: string | undefined,
    caller: IntakeCaller,
    addition?: IntakeAddition,
  ): Promise<IntakeResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new BadRequestException(['Idempotency-Key header must be 1–200 visible ASCII characters']);
    }
    const fingerprint = requestFingerprint(input);
    const earlier = await this.findEarlier(idempotencyKey, input.externalId, caller.id, fingerprint);
    if (earlier) return { ticket: await this.describe(earlier), created: false };

    // Committed first (the 201 promises the ticket exists); a crash between the commit and its
    // effects is repaired by the reconciler, which re-creates routing jobs for waiting tickets.
    const hooks = {
      afterCommit: () => {
        if (this.config.faultInject === 'intake-crash-after-commit') process.exit(86);
      },
    };
    try {
      const queued = await this.work
        .run((tx) => this.insert(tx, input, idempotencyKey, fingerprint, caller, true, addition), hooks)
        .catch((error: unknown) => {
          if (error instanceof HttpException || isUniqueViolation(error)) throw error;
          // The claim may be what failed: the contact must still be taken. Without the claim, the
          // router's job (due at once) offers it instead.
          this.logger.warn(`intake with its claim failed, queueing for the router instead: ${String(error)}`);
          return this.work.run(
            (tx) => this.insert(tx, input, idempotencyKey, fingerprint, caller, false, addition),
            hooks,
          );
        });
      if (queued.waiting) await this.work.recheckArrival(queued.place.id, queued.waiting.token, queued.waiting.mark);
      if (queued.behind) {
        await this.work.joinedBehind(queued.behind.freeAgents);
      }
      return { ticket: await this.answer(queued.place, queued.answeredAtOnce === true), created: true };
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

  /**
   * The intake's unit of work: the customer (found or made), the ticket with its first events,
   * and the claim — a free agent gets the offer in the same commit.
   */
  private async insert(
    tx: WorkTx,
    input: CreateTicketDto,
    idempotencyKey: string | undefined,
    fingerprint: string,
    caller: IntakeCaller,
    claim: boolean,
    addition: IntakeAddition | undefined,
  ): Promise<Queued> {
    const trust = identityTrust(caller.role, input.channel);
    const { keys, lockKeys } = this.customers.lookup(input.customer, trust, caller.role === 'customer');
    const arrival = await arrive(tx, input.queue, keys, lockKeys);
    const queue = arrival.queue;
    if (!queue) throw new BadRequestException([`queue '${input.queue}' does not exist`]);
    if (queue.retired) throw new BadRequestException([`queue '${input.queue}' is retired and takes no new tickets`]);
    const resolution = this.customers.resolve(input.customer, trust, keys, arrival.customers);
    if (resolution.create) tx.insertCustomer(resolution.customer);
    else if (Object.keys(resolution.changes).length > 0) tx.updateCustomer(resolution.customer.id, resolution.changes);

    const now = new Date();
    const priority = intakePriority({ basePriority: queue.basePriority, tier: resolution.customer.tier });
    const ticket = createTicket(
      tx,
      queue,
      resolution.customer,
      {
        channel: input.channel,
        subject: input.subject.trim(),
        description: input.description ?? null,
        category: input.category ?? null,
        priority,
        externalId: input.externalId ?? null,
        idempotencyKey: idempotencyKey ?? null,
        requestFingerprint: fingerprint,
        createdById: caller.id,
        number: arrival.number,
      },
      resolution.matched,
      now,
    );
    addition?.(tx, ticket);
    // A customer made just now has no earlier tickets to mark.
    if (!resolution.create) await markRepeatContacts(tx, ticket, this.config.fcrWindowDays, now);

    // Redis first: the queue's wake-up counters (read before the claim, see RoutingBoard) and
    // how many wait, for the answer's place in line; PostgreSQL counts only when Redis cannot.
    const board = await this.work.board.arrival([queue.id]);
    const counted = placeFromCounts(board.waiting, queue.id, priority);
    // The answer says where the ticket joined its queue, before it is (perhaps at once) offered.
    const place: QueuePlace = {
      id: ticket.id,
      queue: queue.key,
      queueId: queue.id,
      status: 'queued',
      priority,
      position: counted ?? (await placeInLine(tx, queue.id, priority)),
    };
    const token = ticket.routingToken!;
    if (!claim) {
      tx.effects.ticketWaiting(ticket.id, token, priority, 0);
      return { place, waiting: null, behind: null };
    }
    if (counted !== null && counted > 1) {
      // Others wait ahead of it: an agent free now owes them first (the waiting order), so it
      // takes no agent itself. Its job waits like any waiting ticket's; after the commit each
      // free agent's pass offers them their best ticket.
      const { freeAgents, recheckInMs } = await joinBehind(tx, ticket, this.work.routing, now, arrival.candidates);
      tx.effects.ticketWaiting(ticket.id, token, priority, recheckInMs);
      return { place, waiting: null, behind: { freeAgents } };
    }
    // Counters are per queue id; a queue that overflows from the first second (rare) always looks again.
    const mark: WakeupMark = overflowState(queue.overflow, 0).queue ? 'unknown' : board.mark;
    const outcome = await claimForTicket(tx, ticket, this.work.routing, new Date(), arrival.candidates);
    if (outcome.kind === 'offered') return { place, waiting: null, behind: null, answeredAtOnce: true };
    // The ticket's job is its place in Redis and its deadline: the router looks again when due.
    tx.effects.ticketWaiting(ticket.id, token, priority, outcome.kind === 'waiting' ? outcome.recheckInMs : 0);
    return { place, waiting: { token, mark }, behind: null };
  }

  private async findEarlier(
    idempotencyKey: string | undefined,
    externalId: string | undefined,
    callerId: string | null,
    fingerprint: string,
  ): Promise<string | null> {
    if (callerId === null) return null;
    // Both are the caller's own: another connector's key or external id is another contact.
    const earlier = await findEarlierRequest(this.work.sql, callerId, idempotencyKey, externalId);
    if (!earlier) return null;
    if (earlier.requestFingerprint !== fingerprint) {
      throw new ConflictException(
        earlier.byKey
          ? 'Idempotency-Key was already used for a different ticket body'
          : 'externalId was already used for a different ticket body',
      );
    }
    return earlier.id;
  }

  /** The intake answer for a ticket as it stands now (a repeated request). */
  private async describe(ticketId: string): Promise<CreateTicketResponse> {
    const place = await queuePlace(this.work.sql, ticketId);
    return this.answer(place!);
  }

  /** Status, position and a wait estimate for a waiting ticket; position 0 once it left the queue. */
  private async answer(place: QueuePlace, answeredAtOnce = false): Promise<CreateTicketResponse> {
    const waiting = place.status === 'queued';
    const stats = waiting ? await this.queueStats(place.queueId, place.queue) : null;
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
            answeredAtOnce,
          })
        : 0,
    };
  }

  /**
   * Agents staffing the queue and its average handle time, for the wait estimate: the live
   * metrics engine's figures (the wallboard's), or without a fresh snapshot the log's. Shared by
   * every intake of the queue for a moment: an estimate needs no fresh read per ticket.
   */
  private async queueStats(queueId: string, queueKey: string): Promise<QueueStats> {
    const now = Date.now();
    const cached = this.statsCache.get(queueId);
    if (cached && cached.until > now) return cached.stats;
    const snapshot = await this.metrics.snapshot().catch(() => null);
    const live = snapshot?.queues.find((q) => q.queue === queueKey);
    // A queue with no handle of its own yet borrows the other queues' mean before the flat default.
    const others = (snapshot?.queues ?? [])
      .map((q) => q.ahtSeconds ?? q.today.ahtSeconds)
      .filter((aht): aht is number => aht !== null);
    const stats = live
      ? {
          staffed: live.agents.available + live.agents.busy + live.agents.wrapUp,
          aht:
            live.ahtSeconds ??
            live.today.ahtSeconds ??
            (others.length > 0 ? others.reduce((a, b) => a + b, 0) / others.length : null),
        }
      : await queueStats(this.work.sql, queueId);
    if (this.statsCache.size > 10_000) this.statsCache.clear();
    this.statsCache.set(queueId, { stats, until: now + QUEUE_STATS_TTL_MS });
    return stats;
  }
}
