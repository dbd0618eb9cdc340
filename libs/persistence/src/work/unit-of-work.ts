import type {
  EmailState,
  MessageAuthorKind,
  MessageDirection,
  MessageVisibility,
  Role,
  TicketEventType,
  TicketStatus,
} from '@switchboard/contracts';
import { assertTransition } from '@switchboard/domain';
import type pg from 'pg';
import type { AgentEventType } from '../entities/agent-event.entity.js';
import {
  AGENT_COLUMN,
  OFFER_COLUMN,
  TICKET_COLUMN,
  type AgentChanges,
  type CustomerRow,
  type OfferChanges,
  type OfferRow,
  type TicketChanges,
  type TicketRow,
} from './rows.js';
import { generatedStatement, json, type Sql, type Statement } from './sql.js';

/** Deadlock victim, serialization failure: the whole unit of work runs again from the start. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * The fixed order of blocking row locks: offers, then tickets, then agents. Every unit of work
 * takes them in this order, so two of them can never wait for each other in a cycle. A lock
 * taken with SKIP LOCKED never waits, so it may come in any order (the claims rely on that).
 */
export type LockRank = 'offer' | 'ticket' | 'agent';
const RANK: Record<LockRank, number> = { offer: 1, ticket: 2, agent: 3 };

export class LockOrderError extends Error {
  constructor(taking: LockRank, holding: LockRank) {
    super(`lock order: a ${taking} row lock after a ${holding} one (the order is offer → ticket → agent)`);
    this.name = 'LockOrderError';
  }
}

export interface TicketEventInput {
  type: TicketEventType;
  at: Date;
  actorId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditInput {
  actorId: string;
  actorRole: Role;
  action: string;
  target: { type: string; id: string; label?: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** A ticket a unit of work creates. */
export interface NewTicket {
  id: string;
  number: number;
  channel: TicketRow['channel'];
  queueId: string;
  subject: string;
  description: string | null;
  category: string | null;
  priority: number;
  customerId: string;
  externalId: string | null;
  idempotencyKey: string | null;
  requestFingerprint: string | null;
  createdById: string | null;
  createdAt: Date;
}

/** A message of a ticket's conversation, as its writer gives it. */
export interface NewMessage {
  id: string;
  direction: MessageDirection;
  visibility: MessageVisibility;
  authorKind: MessageAuthorKind;
  authorId: string | null;
  authorName: string;
  body: string;
  externalId: string | null;
  at: Date;
  /** Files sent with it (stored already; the rows are written with the message). */
  attachments?: NewAttachment[];
}

/** A file on a message, its bytes already in the attachment store under `storageKey`. */
export interface NewAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

/** A message as stored: numbered within its ticket. */
export interface MessageRow extends Omit<NewMessage, 'attachments'> {
  ticketId: string;
  seq: number;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  failure: string | null;
  attachments: { id: string; name: string; contentType: string; size: number }[];
  /** On an e-mail ticket: the mail beside the message (absent where it was never a mail). */
  email?: EmailRow | null;
}

/** The mail side of a message of an e-mail ticket, written with the message. */
export interface NewEmailMessage {
  messageId: string;
  ticketId: string;
  /** The Message-ID without angle brackets. */
  rfcId: string;
  direction: MessageDirection;
  fromAddress: string;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  quoted: string | null;
  refused: { name: string; reason: string }[];
  rawKey: string | null;
  state: EmailState;
  at: Date;
}

/** A stored mail as the message's reader sees it. */
export interface EmailRow extends Omit<NewEmailMessage, 'messageId' | 'ticketId' | 'at'> {
  attempts: number;
  response: string | null;
  sentAt: Date | null;
}

/** An e-mail ticket's thread: where replies go and its reply-address token. */
export interface NewEmailThread {
  ticketId: string;
  token: string;
  customerAddress: string;
  cc: string[];
  queueAddress: string;
  subject: string;
  followsTicketId: string | null;
  at: Date;
}

/** A customer's web chat opened with its ticket (the token kept only as its SHA-256). */
export interface NewChatSession {
  id: string;
  ticketId: string;
  customerId: string;
  tokenHash: string;
  origin: string | null;
  at: Date;
}

export interface NewOffer {
  id: string;
  ticketId: string;
  agentId: string;
  createdAt: Date;
  expiresAt: Date;
  routing: Record<string, unknown>;
}

/** How the caller's world hears of a committed unit of work (libs/messaging's AfterCommit, in the apps). */
export interface EffectsPort<E> {
  create(): E;
  /** Carries out what a committed unit of work decided. Must not throw: the change is committed. */
  flush(effects: E, committed: CommittedChanges): Promise<void>;
}

/** What a committed unit of work changed that the effects need besides what its body decided. */
export interface CommittedChanges {
  /**
   * How many tickets now wait, per `queueId:priority`, more (positive) or fewer (negative) than
   * before: tickets that entered or left `queued` (or moved queue while in it). Zero sums left out.
   */
  waiting: ReadonlyMap<string, number>;
}

/** Statements and transactions run through units of work in this process (benchmarks and tests read them). */
export const workStats = { statements: 0, transactions: 0, retries: 0 };

interface TrackedTicket {
  row: TicketRow;
  inserted: NewTicket | null;
  changes: Record<string, unknown>;
}

/**
 * One ticket unit of work: lock in the fixed order → change state → append events → collect
 * effects → commit (retrying deadlock and serialization failures from the start, with fresh
 * effects) → hand the effects over after the commit. Every ticket transition goes through here
 * (DESIGN.md, invariant 7); see docs/decisions.md, "The ticket unit of work".
 *
 * Writes are buffered and sent at the end as one statement: the tickets', offers' and agents'
 * changed columns, every ticket event (one multi-row insert), agent events and audit entries.
 */
export class UnitOfWork<E> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly port: EffectsPort<E>,
    private readonly attempts = 4,
  ) {}

  /** `afterCommit` runs between the commit and the effects (fault injection in tests: a crash right there). */
  async run<T>(work: (tx: Tx<E>) => Promise<T>, hooks: { afterCommit?: () => void } = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      // The pool listens for a dead connection only while a client is idle: one that dies while
      // this unit of work holds it (PostgreSQL killed between two statements) would otherwise
      // emit an 'error' nobody hears and end the process. Its next statement fails instead.
      let died: Error | undefined;
      const onDeath = (error: Error) => void (died = error);
      client.on('error', onDeath);
      const release = (broken?: Error) => {
        client.removeListener('error', onDeath);
        client.release(broken ?? died);
      };
      const tx = new Tx<E>(client, this.port.create());
      try {
        const result = await work(tx);
        await tx.commit();
        workStats.transactions++;
        release();
        hooks.afterCommit?.();
        await this.port.flush(tx.effects, { waiting: tx.waitingChanges() });
        return result;
      } catch (error) {
        const broken = tx.open && !died ? await rollback(client) : undefined;
        release(broken instanceof Error ? broken : undefined);
        if (attempt >= this.attempts || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
        workStats.retries++;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }
}

/** The pg client's socket, to send several statements in one write (its `pipeline` mode sends without waiting). */
function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | null {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } })
    .connection?.stream;
  return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : null;
}

async function rollback(client: pg.PoolClient): Promise<unknown> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    // The connection is unusable: the pool must drop it rather than hand it out again.
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The transaction a unit of work's body sees. */
export class Tx<E> implements Sql {
  private highest: LockRank | null = null;
  private readonly tickets = new Map<string, TrackedTicket>();
  private readonly customers: { insert: CustomerRow | null; updates: Map<string, Record<string, unknown>> } = {
    insert: null,
    updates: new Map(),
  };
  private readonly offerInserts: NewOffer[] = [];
  private readonly messageInserts: MessageRow[] = [];
  private readonly attachmentInserts: (NewAttachment & { ticketId: string; messageId: string; at: Date })[] = [];
  private readonly chatInserts: NewChatSession[] = [];
  private readonly mailInserts: NewEmailMessage[] = [];
  private readonly threadInserts: NewEmailThread[] = [];
  private readonly offerChanges = new Map<string, Record<string, unknown>>();
  private readonly agentChanges = new Map<string, Record<string, unknown>>();
  private readonly queueChanges = new Map<string, Record<string, unknown>>();
  private readonly events: { ticketId: string; seq: number; input: TicketEventInput }[] = [];
  private readonly agentEvents: {
    agentId: string;
    type: AgentEventType;
    at: Date;
    data: Record<string, unknown>;
    actorId: string | null;
  }[] = [];
  private readonly audits: AuditInput[] = [];
  private readonly waitingDelta = new Map<string, number>();

  /** BEGIN was sent and neither COMMIT nor a failure has ended the transaction. */
  open = false;

  constructor(
    private readonly client: pg.PoolClient,
    readonly effects: E,
  ) {}

  /**
   * Runs a statement in the transaction. The first one travels with BEGIN (one write, one round
   * trip: the pool's clients run in node-postgres's pipeline mode, which sends without waiting).
   */
  async query<R>(statement: Statement, values: readonly unknown[] = []): Promise<R[]> {
    const [rows] = await this.batch<[R]>([[statement, values]]);
    return rows;
  }

  /**
   * Runs statements one after the other without waiting in between: one write, one round trip.
   * Each still runs on its own (a later one sees what an earlier one did, and takes its snapshot
   * only when it starts, after the locks an earlier one took); the first failure is thrown.
   */
  async batch<R extends unknown[]>(
    statements: readonly [Statement, readonly unknown[]][],
  ): Promise<{ [K in keyof R]: R[K][] }> {
    const configs: (string | pg.QueryConfig)[] = statements.map(([s, values]) => ({
      name: s.name,
      text: s.text,
      values: [...values],
    }));
    const begin = !this.open;
    this.open = true;
    const sent = this.send(begin ? ['BEGIN', ...configs] : configs);
    const results: unknown[][] = [];
    for (const [i, each] of sent.entries()) {
      const result = await each;
      if (!begin || i > 0) results.push(result.rows);
    }
    return results as { [K in keyof R]: R[K][] };
  }

  /**
   * Sends the buffered writes and COMMIT together. A unit of work that only writes needs no
   * transaction block: its one statement is atomic on its own. When the writes fail, PostgreSQL
   * answers the COMMIT of the failed transaction with a rollback: nothing is left open.
   */
  async commit(): Promise<void> {
    const writes = this.writes();
    if (!this.open) {
      if (writes)
        await this.send([{ name: writes.statement.name, text: writes.statement.text, values: writes.values }])[0];
      return;
    }
    const statements: (string | pg.QueryConfig)[] = writes
      ? [{ name: writes.statement.name, text: writes.statement.text, values: writes.values }, 'COMMIT']
      : ['COMMIT'];
    const sent = this.send(statements);
    this.open = false;
    for (const each of sent) await each;
  }

  /** Sends statements in one write without waiting between them; every promise is awaited by the caller. */
  private send(statements: (string | pg.QueryConfig)[]): Promise<pg.QueryResult>[] {
    const socket = socketOf(this.client);
    socket?.cork();
    let sent: Promise<pg.QueryResult>[];
    try {
      sent = statements.map((s) => {
        workStats.statements++;
        return this.client.query(s as pg.QueryConfig);
      });
    } finally {
      socket?.uncork();
    }
    // A failure is reported by the first awaited promise; the others must not go unhandled.
    for (const promise of sent) promise.catch(() => undefined);
    return sent;
  }

  /**
   * Declares a row lock about to be taken. Blocking locks must follow offer → ticket → agent;
   * `skipLocked` ones never wait and may come in any order.
   */
  locking(rank: LockRank, skipLocked = false): void {
    if (skipLocked) return;
    if (this.highest && RANK[rank] < RANK[this.highest]) throw new LockOrderError(rank, this.highest);
    if (!this.highest || RANK[rank] > RANK[this.highest]) this.highest = rank;
  }

  /** Registers a ticket row this transaction holds, so events and changes can be written for it. */
  track(row: TicketRow): TicketRow {
    const known = this.tickets.get(row.id);
    if (known) return known.row;
    this.tickets.set(row.id, { row, inserted: null, changes: {} });
    return row;
  }

  /** A new ticket (status `new`, no events yet); change and transition it like any other. */
  insertTicket(ticket: NewTicket, row: TicketRow): TicketRow {
    this.tickets.set(ticket.id, { row, inserted: ticket, changes: {} });
    return row;
  }

  insertCustomer(customer: CustomerRow): void {
    this.customers.insert = customer;
  }

  updateCustomer(customerId: string, changes: Record<string, unknown>): void {
    this.customers.updates.set(customerId, { ...this.customers.updates.get(customerId), ...changes });
  }

  /** The only way a ticket changes status: the lifecycle is checked, the event carries from and to. */
  transition(
    ticket: TicketRow,
    to: TicketStatus,
    event: TicketEventInput,
    changes: TicketChanges = {},
    followUps: TicketEventInput[] = [],
  ): void {
    assertTransition(ticket.status, to);
    const from = ticket.status;
    this.change(ticket, { status: to, ...changes });
    this.append(ticket, [{ ...event, data: { from, to, ...event.data } }, ...followUps]);
  }

  /** Events that change no status (a note, a rescinded offer, a repair by the reconciler). */
  append(ticket: TicketRow, events: TicketEventInput[]): void {
    const tracked = this.tracked(ticket);
    for (const input of events) this.events.push({ ticketId: ticket.id, seq: ++tracked.row.lastEventSeq, input });
    tracked.changes.lastEventSeq = tracked.row.lastEventSeq;
    tracked.changes.updatedAt = events.at(-1)!.at;
    tracked.row.updatedAt = events.at(-1)!.at;
  }

  /** The events this unit of work appended to a ticket so far, in order. */
  appended(ticketId: string): (TicketEventInput & { seq: number })[] {
    return this.events.filter((e) => e.ticketId === ticketId).map((e) => ({ ...e.input, seq: e.seq }));
  }

  change(ticket: TicketRow, changes: TicketChanges & { status?: TicketStatus }): void {
    const tracked = this.tracked(ticket);
    const row = tracked.row;
    if (row.status === 'queued') this.waiting(row.queueId, row.priority, -1);
    Object.assign(row, changes);
    Object.assign(tracked.changes, changes);
    if (row.status === 'queued') this.waiting(row.queueId, row.priority, 1);
  }

  private waiting(queueId: string, priority: number, delta: number): void {
    const key = `${queueId}:${priority}`;
    this.waitingDelta.set(key, (this.waitingDelta.get(key) ?? 0) + delta);
  }

  /** The change in waiting tickets per queue and priority, for the effects after the commit. */
  waitingChanges(): ReadonlyMap<string, number> {
    return new Map([...this.waitingDelta].filter(([, delta]) => delta !== 0));
  }

  /**
   * A message of the ticket's conversation, numbered under the ticket's lock and written on its
   * timeline: a public one as `ticket.message_added`, an internal one (a note) as
   * `ticket.note_added` with its body, as notes always were.
   */
  addMessage(ticket: TicketRow, message: NewMessage): MessageRow {
    const tracked = this.tracked(ticket);
    const seq = ++tracked.row.lastMessageSeq;
    tracked.changes.lastMessageSeq = seq;
    const { attachments = [], ...fields } = message;
    const row: MessageRow = {
      ...fields,
      ticketId: ticket.id,
      seq,
      deliveredAt: null,
      readAt: null,
      failedAt: null,
      failure: null,
      attachments: attachments.map(({ id, name, contentType, size }) => ({ id, name, contentType, size })),
    };
    this.messageInserts.push(row);
    for (const a of attachments) {
      this.attachmentInserts.push({ ...a, ticketId: ticket.id, messageId: message.id, at: message.at });
    }
    const data = {
      messageId: message.id,
      seq,
      direction: message.direction,
      visibility: message.visibility,
      author: {
        kind: message.authorKind,
        ...(message.authorId ? { id: message.authorId } : {}),
        name: message.authorName,
      },
    };
    this.append(ticket, [
      message.visibility === 'internal'
        ? {
            type: 'ticket.note_added',
            at: message.at,
            actorId: message.authorId,
            data: { body: message.body, ...data },
          }
        : { type: 'ticket.message_added', at: message.at, actorId: message.authorId, data },
    ]);
    return row;
  }

  /** Opens the web chat of a ticket this unit of work holds (the one it creates, as a rule). */
  insertChatSession(ticket: TicketRow, session: Omit<NewChatSession, 'ticketId' | 'customerId'>): void {
    this.tracked(ticket);
    this.chatInserts.push({ ...session, ticketId: ticket.id, customerId: ticket.customerId });
  }

  /** The mail beside a message this unit of work adds (its Message-ID, addresses, send state). */
  addMail(mail: NewEmailMessage): EmailRow {
    this.mailInserts.push(mail);
    const { messageId: _m, ticketId: _t, at: _a, ...row } = mail;
    return { ...row, attempts: 0, response: null, sentAt: null };
  }

  /** An e-mail ticket's thread, written with the ticket (or on its first reply). */
  insertEmailThread(thread: NewEmailThread): void {
    this.threadInserts.push(thread);
  }

  insertOffer(offer: NewOffer): void {
    this.offerInserts.push(offer);
  }

  changeOffer(offer: OfferRow, changes: OfferChanges): void {
    Object.assign(offer, changes);
    this.offerChanges.set(offer.id, { ...this.offerChanges.get(offer.id), ...changes });
  }

  changeAgent(agentId: string, changes: AgentChanges): void {
    this.agentChanges.set(agentId, { ...this.agentChanges.get(agentId), ...changes });
  }

  /** Round-robin's position in a queue: the agent offered last. */
  queueLastAssigned(queueId: string, agentId: string): void {
    this.queueChanges.set(queueId, { last_assigned_agent_id: agentId });
  }

  agentEvent(
    agentId: string,
    type: AgentEventType,
    at: Date,
    data: Record<string, unknown> = {},
    actorId: string | null = null,
  ): void {
    this.agentEvents.push({ agentId, type, at, data, actorId });
  }

  audit(entry: AuditInput): void {
    this.audits.push(entry);
  }

  private tracked(ticket: TicketRow): TrackedTicket {
    const tracked = this.tickets.get(ticket.id);
    if (!tracked) throw new Error(`ticket ${ticket.id} is not held by this unit of work (lock or insert it first)`);
    return tracked;
  }

  /** Every buffered write as one statement; null when nothing changed. */
  private writes(): { statement: Statement; values: unknown[] } | null {
    const b = new WriteBuilder();
    const customer = this.customers.insert;
    if (customer) {
      b.cte(
        `INSERT INTO customers (id, external_id, email, phone, name, tier, verified) VALUES (${b.params(
          customer.id,
          customer.externalId,
          customer.email,
          customer.phone,
          customer.name,
          customer.tier,
          customer.verified,
        )})`,
      );
    }
    for (const [id, changes] of this.customers.updates) {
      b.cte(`UPDATE customers SET ${b.assignments({ ...changes, updated_at: new Date() })} WHERE id = ${b.param(id)}`);
    }
    for (const { row, inserted, changes } of this.tickets.values()) {
      if (inserted) {
        b.cte(
          `INSERT INTO tickets (id, number, channel, queue_id, status, subject, description, category, priority, customer_id,
             external_id, idempotency_key, request_fingerprint, created_by_id, assigned_agent_id, routing_token,
             accepted_at, enqueued_at, last_event_seq, last_message_seq, created_at, updated_at)
           VALUES (${b.params(
             inserted.id,
             inserted.number,
             inserted.channel,
             row.queueId,
             row.status,
             inserted.subject,
             inserted.description,
             inserted.category,
             row.priority,
             inserted.customerId,
             inserted.externalId,
             inserted.idempotencyKey,
             inserted.requestFingerprint,
             inserted.createdById,
             row.assignedAgentId,
             row.routingToken,
             row.acceptedAt,
             row.enqueuedAt,
             row.lastEventSeq,
             row.lastMessageSeq,
             inserted.createdAt,
             row.updatedAt,
           )})`,
        );
      } else if (Object.keys(changes).length > 0) {
        const columns = Object.fromEntries(
          Object.entries(changes).map(([k, v]) => [TICKET_COLUMN[k as keyof typeof TICKET_COLUMN], v]),
        );
        b.cte(`UPDATE tickets SET ${b.assignments(columns)} WHERE id = ${b.param(row.id)}`);
      }
    }
    for (const o of this.offerInserts) {
      b.cte(
        `INSERT INTO offers (id, ticket_id, agent_id, status, created_at, expires_at, routing) VALUES (${b.params(
          o.id,
          o.ticketId,
          o.agentId,
          'pending',
          o.createdAt,
          o.expiresAt,
          json(o.routing),
        )})`,
      );
    }
    for (const [id, changes] of this.offerChanges) {
      const columns = Object.fromEntries(
        Object.entries(changes).map(([k, v]) => [OFFER_COLUMN[k as keyof typeof OFFER_COLUMN], v]),
      );
      b.cte(`UPDATE offers SET ${b.assignments(columns)} WHERE id = ${b.param(id)}`);
    }
    for (const [id, changes] of this.agentChanges) {
      const columns = Object.fromEntries(
        Object.entries(changes).map(([k, v]) => [AGENT_COLUMN[k as keyof typeof AGENT_COLUMN], v]),
      );
      b.cte(`UPDATE agents SET ${b.assignments(columns)} WHERE user_id = ${b.param(id)}`);
    }
    for (const [id, columns] of this.queueChanges) {
      b.cte(`UPDATE queues SET ${b.assignments(columns)} WHERE id = ${b.param(id)}`);
    }
    if (this.events.length > 0) {
      const e = this.events;
      b.cte(
        `INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, data)
         SELECT * FROM unnest(${b.param(e.map((x) => x.ticketId))}::uuid[], ${b.param(e.map((x) => x.seq))}::int[],
           ${b.param(e.map((x) => x.input.type))}::varchar[], ${b.param(e.map((x) => x.input.at))}::timestamptz[],
           ${b.param(e.map((x) => x.input.actorId ?? null))}::uuid[], ${b.param(e.map((x) => json(x.input.data ?? {})))}::jsonb[])`,
      );
    }
    if (this.messageInserts.length > 0) {
      const m = this.messageInserts;
      b.cte(
        `INSERT INTO messages (id, ticket_id, seq, direction, visibility, author_kind, author_id, author_name, body,
           external_id, at)
         SELECT * FROM unnest(${b.param(m.map((x) => x.id))}::uuid[], ${b.param(m.map((x) => x.ticketId))}::uuid[],
           ${b.param(m.map((x) => x.seq))}::int[], ${b.param(m.map((x) => x.direction))}::varchar[],
           ${b.param(m.map((x) => x.visibility))}::varchar[], ${b.param(m.map((x) => x.authorKind))}::varchar[],
           ${b.param(m.map((x) => x.authorId))}::uuid[], ${b.param(m.map((x) => x.authorName))}::varchar[],
           ${b.param(m.map((x) => x.body))}::text[], ${b.param(m.map((x) => x.externalId))}::varchar[],
           ${b.param(m.map((x) => x.at))}::timestamptz[])`,
      );
    }
    for (const c of this.chatInserts) {
      b.cte(
        `INSERT INTO chat_sessions (id, ticket_id, customer_id, token_hash, origin, created_at, last_seen_at)
         VALUES (${b.params(c.id, c.ticketId, c.customerId, c.tokenHash, c.origin, c.at, c.at)})`,
      );
    }
    if (this.attachmentInserts.length > 0) {
      const a = this.attachmentInserts;
      b.cte(
        `INSERT INTO attachments (id, ticket_id, message_id, name, content_type, size, sha256, storage_key, created_at)
         SELECT * FROM unnest(${b.param(a.map((x) => x.id))}::uuid[], ${b.param(a.map((x) => x.ticketId))}::uuid[],
           ${b.param(a.map((x) => x.messageId))}::uuid[], ${b.param(a.map((x) => x.name))}::varchar[],
           ${b.param(a.map((x) => x.contentType))}::varchar[], ${b.param(a.map((x) => x.size))}::int[],
           ${b.param(a.map((x) => x.sha256))}::char(64)[], ${b.param(a.map((x) => x.storageKey))}::varchar[],
           ${b.param(a.map((x) => x.at))}::timestamptz[])`,
      );
    }
    for (const t of this.threadInserts) {
      b.cte(
        `INSERT INTO email_threads (ticket_id, token, customer_address, cc, queue_address, subject, follows_ticket_id, created_at)
         VALUES (${b.params(t.ticketId, t.token, t.customerAddress, t.cc, t.queueAddress, t.subject, t.followsTicketId, t.at)})`,
      );
    }
    for (const m of this.mailInserts) {
      b.cte(
        `INSERT INTO email_messages (message_id, ticket_id, rfc_id, direction, from_address, to_addresses, cc_addresses,
           subject, in_reply_to, "references", quoted, refused, raw_key, state, updated_at)
         VALUES (${b.params(
           m.messageId,
           m.ticketId,
           m.rfcId,
           m.direction,
           m.fromAddress,
           m.toAddresses,
           m.ccAddresses,
           m.subject,
           m.inReplyTo,
           m.references,
           m.quoted,
           json(m.refused),
           m.rawKey,
           m.state,
           m.at,
         )})`,
      );
    }
    if (this.agentEvents.length > 0) {
      const e = this.agentEvents;
      b.cte(
        `INSERT INTO agent_events (agent_id, type, at, actor_id, data)
         SELECT * FROM unnest(${b.param(e.map((x) => x.agentId))}::uuid[], ${b.param(e.map((x) => x.type))}::varchar[],
           ${b.param(e.map((x) => x.at))}::timestamptz[], ${b.param(e.map((x) => x.actorId))}::uuid[],
           ${b.param(e.map((x) => json(x.data)))}::jsonb[])`,
      );
    }
    if (this.audits.length > 0) {
      const a = this.audits;
      b.cte(
        `INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, target_label, before, after)
         SELECT * FROM unnest(${b.param(a.map((x) => x.actorId))}::uuid[], ${b.param(a.map((x) => x.actorRole))}::varchar[],
           ${b.param(a.map((x) => x.action))}::varchar[], ${b.param(a.map((x) => x.target.type))}::varchar[],
           ${b.param(a.map((x) => x.target.id))}::varchar[],
           ${b.param(a.map((x) => x.target.label?.slice(0, 320) ?? null))}::varchar[],
           ${b.param(a.map((x) => (x.before == null ? null : json(x.before))))}::jsonb[],
           ${b.param(a.map((x) => (x.after == null ? null : json(x.after))))}::jsonb[])`,
      );
    }
    const text = b.text();
    return text ? { statement: generatedStatement(text), values: b.values } : null;
  }
}

/** Builds the one write statement of a unit of work: every change a data-modifying CTE. */
class WriteBuilder {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];

  param(value: unknown): string {
    // jsonb values are passed as JSON text; everything else as node-postgres serialises it.
    this.values.push(
      value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)
        ? json(value)
        : value,
    );
    return `$${this.values.length}`;
  }

  params(...values: unknown[]): string {
    return values.map((v) => this.param(v)).join(', ');
  }

  assignments(columns: Record<string, unknown>): string {
    return Object.entries(columns)
      .map(([column, value]) => `${column} = ${this.param(value)}`)
      .join(', ');
  }

  cte(sql: string): void {
    this.parts.push(sql);
  }

  text(): string {
    if (this.parts.length === 0) return '';
    if (this.parts.length === 1) return this.parts[0]!;
    return `WITH ${this.parts
      .slice(0, -1)
      .map((sql, i) => `w${i} AS (${sql})`)
      .join(',\n')}\n${this.parts.at(-1)}`;
  }
}
