import { statement, type Sql } from './sql.js';
import type { TicketStatus } from '@switchboard/contracts';

/** A customer's chat as its token opens it: the conversation's ticket and whoever is on it. */
export interface ChatSessionRow {
  id: string;
  ticketId: string;
  customerId: string;
  customerName: string | null;
  status: TicketStatus;
  queueId: string;
  queueKey: string;
  queueName: string;
  chatOrigins: string[];
  assignedAgentId: string | null;
  agentName: string | null;
  lastMessageSeq: number;
  endedAt: Date | null;
  lastSeenAt: Date;
}

const CHAT_BY_TOKEN = statement(
  'chat_by_token',
  `SELECT s.id, s.ticket_id AS "ticketId", s.customer_id AS "customerId", c.name AS "customerName", t.status,
          t.queue_id AS "queueId", q.key AS "queueKey", q.name AS "queueName", q.chat_origins AS "chatOrigins",
          t.assigned_agent_id AS "assignedAgentId", u.name AS "agentName", t.last_message_seq AS "lastMessageSeq",
          s.ended_at AS "endedAt", s.last_seen_at AS "lastSeenAt"
     FROM chat_sessions s JOIN tickets t ON t.id = s.ticket_id JOIN queues q ON q.id = t.queue_id
     JOIN customers c ON c.id = s.customer_id LEFT JOIN users u ON u.id = t.assigned_agent_id
    WHERE s.token_hash = $1`,
);

/** The chat a customer token (by its SHA-256) opens, or null. */
export async function chatByTokenHash(sql: Sql, tokenHash: string): Promise<ChatSessionRow | null> {
  const [row] = await sql.query<ChatSessionRow>(CHAT_BY_TOKEN, [tokenHash]);
  return row ?? null;
}

const TOUCH_CHAT = statement(
  'chat_touch',
  `UPDATE chat_sessions SET last_seen_at = now() WHERE id = $1 AND last_seen_at < now() - make_interval(secs => $2)`,
);

/** The customer was here just now (written at most every `everySeconds` per chat). */
export async function touchChat(sql: Sql, sessionId: string, everySeconds: number): Promise<void> {
  await sql.query(TOUCH_CHAT, [sessionId, everySeconds]);
}

const TOUCH_CHATS = statement(
  'chats_touch',
  `UPDATE chat_sessions SET last_seen_at = now() WHERE ticket_id = ANY($1::uuid[]) AND ended_at IS NULL`,
);

/** The customers of these chats have a page open (a socket) now. */
export async function touchChats(sql: Sql, ticketIds: readonly string[]): Promise<void> {
  if (ticketIds.length > 0) await sql.query(TOUCH_CHATS, [ticketIds]);
}

const GONE_WAITING = statement(
  'chats_gone_waiting',
  `SELECT s.ticket_id AS "ticketId" FROM chat_sessions s JOIN tickets t ON t.id = s.ticket_id
    WHERE t.status IN ('queued', 'offered') AND s.ended_at IS NULL AND s.last_seen_at < now() - make_interval(secs => $1)
    ORDER BY s.last_seen_at LIMIT 100`,
);

/** Waiting chats whose customer has not been seen (no request, no open page) for `seconds`. */
export async function goneWaitingChats(sql: Sql, seconds: number): Promise<string[]> {
  return (await sql.query<{ ticketId: string }>(GONE_WAITING, [seconds])).map((r) => r.ticketId);
}

const END_CHAT = statement(
  'chat_end',
  `UPDATE chat_sessions SET ended_at = COALESCE(ended_at, now()) WHERE ticket_id = $1 RETURNING id`,
);

/**
 * The conversation is over: its token still reads the transcript but writes nothing. False when
 * the ticket has no web chat (a chat ticket a connector brought in).
 */
export async function endChat(sql: Sql, ticketId: string): Promise<boolean> {
  return (await sql.query(END_CHAT, [ticketId])).length > 0;
}

const MARK_READ = statement(
  'messages_mark_read',
  `WITH marked AS (
     UPDATE messages SET read_at = now(), delivered_at = COALESCE(delivered_at, now())
      WHERE ticket_id = $1 AND seq <= $2 AND direction = $3 AND visibility = 'public' AND read_at IS NULL
      RETURNING seq, read_at)
   SELECT max(seq)::int AS seq, max(read_at) AS at FROM marked`,
);

/**
 * Marks the public messages of one direction up to `seq` as read (and delivered): the customer
 * read the agent's (`outbound`), or the agent the customer's (`inbound`). Returns the newest
 * message newly marked, or null when nothing was unread.
 */
export async function markMessagesRead(
  sql: Sql,
  ticketId: string,
  seq: number,
  direction: 'inbound' | 'outbound',
): Promise<{ seq: number; at: Date } | null> {
  const [row] = await sql.query<{ seq: number | null; at: Date | null }>(MARK_READ, [ticketId, seq, direction]);
  return row?.seq != null && row.at ? { seq: row.seq, at: row.at } : null;
}
