import type { EmailAcknowledgement } from '@switchboard/contracts';
import { jsonDate } from './rows.js';
import { statement, type Sql } from './sql.js';

/** A queue that receives mail: what the SMTP conversation and the acknowledgement need. */
export interface MailQueue {
  id: string;
  key: string;
  name: string;
  email: string;
  acknowledgement: EmailAcknowledgement;
  retired: boolean;
}

const QUEUES_BY_ADDRESS = statement(
  'email_queues_by_address',
  `SELECT id, key, name, email, email_acknowledgement AS acknowledgement, retired_at IS NOT NULL AS retired
     FROM queues WHERE email = ANY($1::text[])`,
);

/** The queues whose inbound address is one of `addresses` (lower-cased). */
export function queuesByAddress(sql: Sql, addresses: readonly string[]): Promise<MailQueue[]> {
  return addresses.length === 0 ? Promise.resolve([]) : sql.query<MailQueue>(QUEUES_BY_ADDRESS, [addresses]);
}

const THREAD_TOKEN_EXISTS = statement(
  'email_thread_token_exists',
  `SELECT ticket_id AS "ticketId" FROM email_threads WHERE token = $1`,
);

/** The ticket whose reply address carries `token`, if any. */
export async function ticketOfToken(sql: Sql, token: string): Promise<string | null> {
  const [row] = await sql.query<{ ticketId: string }>(THREAD_TOKEN_EXISTS, [token]);
  return row?.ticketId ?? null;
}

const THREAD_OF_MAIL = statement(
  'email_thread_of_mail',
  `WITH found AS (
     SELECT (SELECT ticket_id FROM email_threads WHERE token = $2) AS by_token,
            (SELECT em.ticket_id FROM unnest($3::text[]) WITH ORDINALITY r(id, n) JOIN email_messages em ON em.rfc_id = r.id
              ORDER BY r.n LIMIT 1) AS by_reference)
   SELECT (SELECT json_build_object('messageId', message_id, 'ticketId', ticket_id) FROM email_messages WHERE rfc_id = $1) AS seen,
          f.by_token AS "byToken", f.by_reference AS "byReference",
          (SELECT json_build_object('customer', th.customer_address, 'cc', th.cc) FROM email_threads th
            WHERE th.ticket_id = coalesce(f.by_token, f.by_reference)) AS thread,
          coalesce((SELECT json_agg(json_build_object('id', id, 'key', key, 'name', name, 'email', email,
                      'acknowledgement', email_acknowledgement, 'retired', retired_at IS NOT NULL))
                      FROM queues WHERE email = ANY($4::text[])), '[]'::json) AS queues
     FROM found f`,
);

export interface MailPlace {
  /** The same Message-ID was received (or sent) before. */
  seen: { messageId: string; ticketId: string } | null;
  byToken: string | null;
  byReference: string | null;
  /** The thread of that ticket: its customer's address and those copied. */
  thread: { customer: string; cc: string[] } | null;
  /** The queues among `addresses`. */
  queues: MailQueue[];
}

/**
 * Where an arriving mail belongs, in one read: whether its Message-ID is known already, the
 * ticket of the reply-address token, the ticket of the first of `references` (most direct
 * first: In-Reply-To, then References from the newest) that is a mail of ours, and which of
 * `addresses` (its recipients and sender) are queues' addresses.
 */
export async function placeOfMail(
  sql: Sql,
  rfcId: string,
  token: string | null,
  references: readonly string[],
  addresses: readonly string[] = [],
): Promise<MailPlace> {
  const [row] = await sql.query<MailPlace>(THREAD_OF_MAIL, [rfcId, token, references, addresses]);
  return row ?? { seen: null, byToken: null, byReference: null, thread: null, queues: [] };
}

const FOLLOW_UP = statement(
  'email_follow_up',
  `SELECT ticket_id AS "ticketId" FROM email_threads WHERE follows_ticket_id = $1 ORDER BY created_at DESC, ticket_id LIMIT 1`,
);

/** The newest ticket opened to continue `ticketId` after its FCR window, if any. */
export async function followUpOf(sql: Sql, ticketId: string): Promise<string | null> {
  const [row] = await sql.query<{ ticketId: string }>(FOLLOW_UP, [ticketId]);
  return row?.ticketId ?? null;
}

/** What a reply on an e-mail ticket is sent with: its thread (if one was made) and the chain of its mails. */
export interface ReplyContext {
  ticketId: string;
  createdById: string | null;
  number: number;
  ticketSubject: string;
  customerEmail: string | null;
  customerName: string | null;
  queueEmail: string | null;
  queueName: string;
  thread: {
    token: string;
    customerAddress: string;
    cc: string[];
    queueAddress: string;
    subject: string;
    followsTicketId: string | null;
    followsNumber: number | null;
  } | null;
  /** The ticket's Message-IDs, oldest first. */
  references: string[];
  /** The customer's newest mail: a reply answers it. */
  lastInbound: string | null;
}

const REPLY_CONTEXT = statement(
  'email_reply_context',
  `SELECT tk.id AS "ticketId", tk.number, tk.created_by_id AS "createdById", tk.subject AS "ticketSubject", c.email AS "customerEmail", c.name AS "customerName",
          q.email AS "queueEmail", q.name AS "queueName",
          (SELECT json_build_object('token', th.token, 'customerAddress', th.customer_address, 'cc', th.cc,
                    'queueAddress', th.queue_address, 'subject', th.subject, 'followsTicketId', th.follows_ticket_id,
                    'followsNumber', f.number)
             FROM email_threads th LEFT JOIN tickets f ON f.id = th.follows_ticket_id WHERE th.ticket_id = tk.id) AS thread,
          coalesce((SELECT array_agg(em.rfc_id ORDER BY m.seq) FROM email_messages em JOIN messages m ON m.id = em.message_id
                     WHERE em.ticket_id = tk.id), '{}') AS "references",
          (SELECT em.rfc_id FROM email_messages em JOIN messages m ON m.id = em.message_id
            WHERE em.ticket_id = tk.id AND em.direction = 'inbound' ORDER BY m.seq DESC LIMIT 1) AS "lastInbound"
     FROM tickets tk JOIN customers c ON c.id = tk.customer_id JOIN queues q ON q.id = tk.queue_id
    WHERE tk.id = $1`,
);

export async function replyContext(sql: Sql, ticketId: string): Promise<ReplyContext | null> {
  const [row] = await sql.query<ReplyContext>(REPLY_CONTEXT, [ticketId]);
  return row ?? null;
}

/** Everything one send of an outbound mail needs. */
export interface OutboundMail {
  messageId: string;
  ticketId: string;
  rfcId: string;
  fromAddress: string;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  rawKey: string | null;
  state: string;
  attempts: number;
  round: number;
  body: string;
  authorKind: string;
  authorName: string;
  at: Date;
  number: number;
  queueName: string;
  replyTo: string | null;
  language: string | null;
  assignedAgentId: string | null;
  attachments: { name: string; contentType: string; storageKey: string }[];
}

const OUTBOUND_MAIL = statement(
  'email_outbound_mail',
  `SELECT em.message_id AS "messageId", em.ticket_id AS "ticketId", em.rfc_id AS "rfcId", em.from_address AS "fromAddress",
          em.to_addresses AS "toAddresses", em.cc_addresses AS "ccAddresses", em.subject, em.in_reply_to AS "inReplyTo",
          em."references", em.raw_key AS "rawKey", em.state, em.attempts, em.round, m.body, m.author_kind AS "authorKind",
          m.author_name AS "authorName", m.at, tk.number, q.name AS "queueName", th.token AS "replyTo", c.language,
          tk.assigned_agent_id AS "assignedAgentId",
          coalesce((SELECT json_agg(json_build_object('name', a.name, 'contentType', a.content_type, 'storageKey', a.storage_key)
                    ORDER BY a.created_at, a.id) FROM attachments a WHERE a.message_id = m.id), '[]'::json) AS attachments
     FROM email_messages em JOIN messages m ON m.id = em.message_id JOIN tickets tk ON tk.id = em.ticket_id
     JOIN queues q ON q.id = tk.queue_id JOIN customers c ON c.id = tk.customer_id
     LEFT JOIN email_threads th ON th.ticket_id = em.ticket_id
    WHERE em.message_id = $1 AND em.direction = 'outbound'`,
);

/** An outbound mail with its message, or null (deleted, or not outbound). `replyTo` is the thread's token. */
export async function outboundMail(sql: Sql, messageId: string): Promise<OutboundMail | null> {
  const [row] = await sql.query<OutboundMail & { at: unknown }>(OUTBOUND_MAIL, [messageId]);
  return row ? { ...row, at: jsonDate(row.at) ?? new Date(String(row.at)) } : null;
}

const KEEP_RAW = statement(
  'email_keep_raw',
  `UPDATE email_messages SET raw_key = coalesce(raw_key, $2) WHERE message_id = $1 RETURNING raw_key AS "rawKey"`,
);

/** Fixes the composed mail of a send (the first one wins; retries send the same bytes). */
export async function keepRawMail(sql: Sql, messageId: string, rawKey: string): Promise<string | null> {
  const [row] = await sql.query<{ rawKey: string }>(KEEP_RAW, [messageId, rawKey]);
  return row?.rawKey ?? null;
}

const SEND_OUTCOME = statement(
  'email_send_outcome',
  `WITH mail AS (
     UPDATE email_messages SET state = $2::varchar, attempts = attempts + $3::int, response = $4::text,
            sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END, updated_at = now()
      WHERE message_id = $1::uuid AND state = 'queued' AND round = $5::int
      RETURNING message_id, state)
   UPDATE messages m SET delivered_at = CASE WHEN mail.state = 'sent' THEN now() ELSE m.delivered_at END,
          failed_at = CASE WHEN mail.state = 'failed' THEN now() ELSE NULL END,
          failure = CASE WHEN mail.state = 'failed' THEN $4::text ELSE NULL END
     FROM mail WHERE m.id = mail.message_id
   RETURNING m.id`,
);

/**
 * Records one try of round `round`: `state` queued (a retry follows), sent, failed or not_sent.
 * Only a mail still queued in that round changes; false when it was not (another round took over).
 */
export async function recordSend(
  sql: Sql,
  messageId: string,
  round: number,
  state: 'queued' | 'sent' | 'failed' | 'not_sent',
  response: string,
  tried = true,
): Promise<boolean> {
  const rows = await sql.query(SEND_OUTCOME, [messageId, state, tried ? 1 : 0, response.slice(0, 2000), round]);
  return rows.length > 0;
}

const SEND_AGAIN = statement(
  'email_send_again',
  `WITH mail AS (
     UPDATE email_messages SET state = 'queued', round = round + 1, response = NULL, updated_at = now()
      WHERE message_id = $1 AND ticket_id = $2 AND direction = 'outbound' AND state IN ('failed', 'not_sent')
      RETURNING message_id, round)
   UPDATE messages m SET failed_at = NULL, failure = NULL FROM mail WHERE m.id = mail.message_id
   RETURNING mail.round`,
);

/** A failed or unsent mail is queued again in a new round; null when it is neither. */
export async function sendAgain(sql: Sql, ticketId: string, messageId: string): Promise<number | null> {
  const [row] = await sql.query<{ round: number }>(SEND_AGAIN, [messageId, ticketId]);
  return row?.round ?? null;
}

const STALE_QUEUED = statement(
  'email_stale_queued',
  `SELECT message_id AS "messageId", round FROM email_messages
    WHERE state = 'queued' AND updated_at < now() - make_interval(secs => $1) ORDER BY updated_at LIMIT 200`,
);

/** Mail still queued after `olderThanSeconds` without a try: its job may have been lost (a crash after the commit). */
export function staleQueuedMail(sql: Sql, olderThanSeconds: number): Promise<{ messageId: string; round: number }[]> {
  return sql.query(STALE_QUEUED, [olderThanSeconds]);
}

const RAW_OF_MESSAGE = statement(
  'email_raw_of_message',
  `SELECT em.raw_key AS "rawKey", em.rfc_id AS "rfcId", t.created_by_id AS "createdById", m.visibility
     FROM email_messages em JOIN messages m ON m.id = em.message_id JOIN tickets t ON t.id = em.ticket_id
    WHERE em.message_id = $1 AND em.ticket_id = $2`,
);

export async function rawOfMessage(
  sql: Sql,
  ticketId: string,
  messageId: string,
): Promise<{ rawKey: string | null; rfcId: string; createdById: string | null; visibility: string } | null> {
  const [row] = await sql.query<{
    rawKey: string | null;
    rfcId: string;
    createdById: string | null;
    visibility: string;
  }>(RAW_OF_MESSAGE, [messageId, ticketId]);
  return row ?? null;
}

const MAIL_QUEUE_BY_ID = statement(
  'email_queue_by_id',
  `SELECT id, key, name, email, email_acknowledgement AS acknowledgement, retired_at IS NOT NULL AS retired
     FROM queues WHERE id = $1 AND email IS NOT NULL`,
);

/** The queue `queueId` when it still receives mail (has an address). */
export async function mailQueueById(sql: Sql, queueId: string): Promise<MailQueue | null> {
  const [row] = await sql.query<MailQueue>(MAIL_QUEUE_BY_ID, [queueId]);
  return row ?? null;
}
