import type {
  AgentStatus,
  Channel,
  ChannelCapacity,
  CustomerSummary,
  OfferStatus,
  OverflowTarget,
  RoutingStrategy,
  TicketStatus,
  TicketSummary,
} from '@switchboard/contracts';

/**
 * Rows as the hot paths read them, camelCased by the SELECT itself (no entity hydration). The
 * select lists below are the only place that spells their columns.
 */
export interface QueueRow {
  id: string;
  key: string;
  strategy: RoutingStrategy;
  offerTimeoutSeconds: number;
  wrapUpSeconds: number;
  basePriority: number;
  overflow: OverflowTarget[];
  lastAssignedAgentId: string | null;
  retired: boolean;
}

export interface CustomerRow extends CustomerSummary {
  verified: boolean;
}

export interface TicketRow {
  id: string;
  channel: Channel;
  queueId: string;
  /** The number of its human reference (`SB-<number>`). */
  number: number;
  status: TicketStatus;
  subject: string;
  category: string | null;
  priority: number;
  customerId: string;
  assignedAgentId: string | null;
  externalId: string | null;
  createdById: string | null;
  resolutionCode: string | null;
  resolutionNote: string | null;
  routingToken: string | null;
  acceptedAt: Date | null;
  lastEventSeq: number;
  /** The `seq` of its newest message (0: none yet). */
  lastMessageSeq: number;
  createdAt: Date;
  updatedAt: Date;
  enqueuedAt: Date | null;
  resolvedAt: Date | null;
  queue: QueueRow;
  customer: CustomerRow;
}

/** What a transition may change on a ticket (its status only through `transition`). */
export type TicketChanges = Partial<
  Pick<
    TicketRow,
    | 'queueId'
    | 'assignedAgentId'
    | 'resolutionCode'
    | 'resolutionNote'
    | 'routingToken'
    | 'acceptedAt'
    | 'enqueuedAt'
    | 'resolvedAt'
    | 'priority'
  >
>;

export const TICKET_COLUMN: Record<
  keyof TicketChanges | 'status' | 'lastEventSeq' | 'lastMessageSeq' | 'updatedAt',
  string
> = {
  status: 'status',
  queueId: 'queue_id',
  assignedAgentId: 'assigned_agent_id',
  resolutionCode: 'resolution_code',
  resolutionNote: 'resolution_note',
  routingToken: 'routing_token',
  acceptedAt: 'accepted_at',
  enqueuedAt: 'enqueued_at',
  resolvedAt: 'resolved_at',
  priority: 'priority',
  lastEventSeq: 'last_event_seq',
  lastMessageSeq: 'last_message_seq',
  updatedAt: 'updated_at',
};

export interface OfferRow {
  id: string;
  ticketId: string;
  agentId: string;
  status: OfferStatus;
  createdAt: Date;
  expiresAt: Date;
}

export interface AgentRow {
  id: string;
  status: AgentStatus;
  statusReason: string | null;
  capacity: ChannelCapacity;
  load: ChannelCapacity;
  pendingOffers: number;
  idleSince: Date | null;
  missedOffers: number;
  wrapUpUntil: Date | null;
  wrapUpTicketId: string | null;
  disabled: boolean;
  email: string;
  /** The queues the agent works in: whose waiting tickets they may be offered. */
  queueIds: string[];
}

export type AgentChanges = Partial<
  Pick<AgentRow, 'status' | 'statusReason' | 'idleSince' | 'missedOffers' | 'wrapUpUntil' | 'wrapUpTicketId'> & {
    statusSince: Date;
  }
>;

export const AGENT_COLUMN: Record<keyof AgentChanges, string> = {
  status: 'status',
  statusReason: 'status_reason',
  statusSince: 'status_since',
  idleSince: 'idle_since',
  missedOffers: 'missed_offers',
  wrapUpUntil: 'wrap_up_until',
  wrapUpTicketId: 'wrap_up_ticket_id',
};

export type OfferChanges = Partial<Pick<OfferRow, 'status'> & { respondedAt: Date }>;

export const OFFER_COLUMN: Record<keyof OfferChanges, string> = { status: 'status', respondedAt: 'responded_at' };

const CHANNELS: readonly Channel[] = ['voice', 'chat', 'email', 'web'];

/** Counters keep only the channels an agent ever held: the rest hold none. */
export function fullCapacity(partial: Partial<ChannelCapacity> | null | undefined): ChannelCapacity {
  const out = { voice: 0, chat: 0, email: 0, web: 0 };
  for (const channel of CHANNELS) out[channel] = partial?.[channel] ?? 0;
  return out;
}

/** True when the agent has room on some channel: worth a routing pass. */
export function hasFreeCapacity(agent: Pick<AgentRow, 'capacity' | 'load'>): boolean {
  return CHANNELS.some((channel) => (agent.load[channel] ?? 0) < (agent.capacity[channel] ?? 0));
}

/** Queue columns of `q` as one JSON object (a ticket row carries its queue). */
export const QUEUE_JSON = (q: string) => `json_build_object(
  'id', ${q}.id, 'key', ${q}.key, 'strategy', ${q}.strategy,
  'offerTimeoutSeconds', ${q}.offer_timeout_seconds, 'wrapUpSeconds', ${q}.wrap_up_seconds,
  'basePriority', ${q}.base_priority, 'overflow', ${q}.overflow,
  'lastAssignedAgentId', ${q}.last_assigned_agent_id, 'retired', ${q}.retired_at IS NOT NULL)`;

/** Customer columns of `c` as one JSON object. */
export const CUSTOMER_JSON = (c: string) => `json_build_object(
  'id', ${c}.id, 'externalId', ${c}.external_id, 'name', ${c}.name, 'phone', ${c}.phone,
  'email', ${c}.email, 'tier', ${c}.tier, 'verified', ${c}.verified)`;

/**
 * Ticket `t` (with its queue `q` and customer `c`) as one JSON object. Rows come back as a single
 * JSON column: the driver then describes and parses one field, not twenty, on every execution.
 */
export const TICKET_JSON = (t = 't', q = 'q', c = 'c') => `json_build_object(
  'id', ${t}.id, 'number', ${t}.number, 'channel', ${t}.channel, 'queueId', ${t}.queue_id, 'status', ${t}.status,
  'subject', ${t}.subject, 'category', ${t}.category, 'priority', ${t}.priority, 'customerId', ${t}.customer_id,
  'assignedAgentId', ${t}.assigned_agent_id, 'externalId', ${t}.external_id, 'createdById', ${t}.created_by_id,
  'resolutionCode', ${t}.resolution_code, 'resolutionNote', ${t}.resolution_note, 'routingToken', ${t}.routing_token,
  'acceptedAt', ${t}.accepted_at, 'lastEventSeq', ${t}.last_event_seq, 'lastMessageSeq', ${t}.last_message_seq,
  'createdAt', ${t}.created_at,
  'updatedAt', ${t}.updated_at, 'enqueuedAt', ${t}.enqueued_at, 'resolvedAt', ${t}.resolved_at,
  'queue', ${QUEUE_JSON(q)}, 'customer', ${CUSTOMER_JSON(c)})`;

/** Offer `o` as one JSON object. */
export const OFFER_JSON = (o = 'o') => `json_build_object(
  'id', ${o}.id, 'ticketId', ${o}.ticket_id, 'agentId', ${o}.agent_id, 'status', ${o}.status,
  'createdAt', ${o}.created_at, 'expiresAt', ${o}.expires_at)`;

/** A timestamp of a row selected as JSON (ISO text), or null. */
export const jsonDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/** A ticket selected as TICKET_JSON (its timestamps come as ISO text). */
export function ticketFromJson(t: Record<string, unknown>): TicketRow {
  return {
    ...(t as unknown as TicketRow),
    acceptedAt: jsonDate(t.acceptedAt),
    createdAt: jsonDate(t.createdAt)!,
    updatedAt: jsonDate(t.updatedAt)!,
    enqueuedAt: jsonDate(t.enqueuedAt),
    resolvedAt: jsonDate(t.resolvedAt),
  };
}

/** An offer selected as OFFER_JSON. */
export function offerFromJson(o: Record<string, unknown>): OfferRow {
  return { ...(o as unknown as OfferRow), createdAt: jsonDate(o.createdAt)!, expiresAt: jsonDate(o.expiresAt)! };
}

/** Agent `a` (with its user `u`) as one JSON object. */
export const AGENT_JSON = (a = 'a', u = 'u') => `json_build_object(
  'id', ${a}.user_id, 'status', ${a}.status, 'statusReason', ${a}.status_reason, 'capacity', ${a}.capacity,
  'load', ${a}.load, 'pendingOffers', ${a}.pending_offers, 'idleSince', ${a}.idle_since,
  'missedOffers', ${a}.missed_offers, 'wrapUpUntil', ${a}.wrap_up_until, 'wrapUpTicketId', ${a}.wrap_up_ticket_id,
  'disabled', ${u}.disabled, 'email', ${u}.email,
  'queueIds', ARRAY(SELECT aq.queue_id FROM agent_queues aq WHERE aq.agent_id = ${a}.user_id ORDER BY aq.queue_id))`;

/** An agent selected as AGENT_JSON; counters hold only channels ever used, the rest are filled in. */
export function agentFromJson(a: Record<string, unknown>): AgentRow {
  const row = a as unknown as AgentRow;
  return {
    ...row,
    capacity: fullCapacity(row.capacity),
    load: fullCapacity(row.load),
    idleSince: jsonDate(a.idleSince),
    wrapUpUntil: jsonDate(a.wrapUpUntil),
  };
}

/** What a ticket summary is made of: a hot-path row, or a TypeORM entity with its queue and customer. */
export type SummarySource = Pick<
  TicketRow,
  | 'id'
  | 'number'
  | 'channel'
  | 'status'
  | 'subject'
  | 'category'
  | 'priority'
  | 'externalId'
  | 'assignedAgentId'
  | 'resolutionCode'
  | 'createdAt'
  | 'updatedAt'
  | 'enqueuedAt'
  | 'resolvedAt'
> & { queue: { key: string }; customer: CustomerSummary };

/** The short reference people quote: `SB-10482`. */
export const ticketReference = (number: number) => `SB-${number}`;

/** The ticket as API clients see it in lists and offers. */
export function ticketSummary(t: SummarySource): TicketSummary {
  return {
    id: t.id,
    reference: ticketReference(t.number),
    channel: t.channel,
    queue: t.queue.key,
    status: t.status,
    subject: t.subject,
    category: t.category,
    priority: t.priority,
    externalId: t.externalId,
    customer: {
      id: t.customer.id,
      externalId: t.customer.externalId,
      name: t.customer.name,
      phone: t.customer.phone,
      email: t.customer.email,
      tier: t.customer.tier,
    },
    assignedAgentId: t.assignedAgentId,
    resolutionCode: t.resolutionCode,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    enqueuedAt: t.enqueuedAt?.toISOString() ?? null,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
  };
}
