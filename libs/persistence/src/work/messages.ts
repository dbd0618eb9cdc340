import { jsonDate } from './rows.js';
import type { EmailRow, MessageRow } from './unit-of-work.js';
import { statement, type Sql } from './sql.js';

/** The mail `em` beside a message, as one JSON object (EmailRow). */
export const EMAIL_JSON = `json_build_object('rfcId', em.rfc_id, 'direction', em.direction, 'fromAddress', em.from_address,
  'toAddresses', em.to_addresses, 'ccAddresses', em.cc_addresses, 'subject', em.subject, 'inReplyTo', em.in_reply_to,
  'references', em."references", 'quoted', em.quoted, 'refused', em.refused, 'rawKey', em.raw_key, 'state', em.state,
  'attempts', em.attempts, 'response', em.response, 'sentAt', em.sent_at)`;

/** Message `m` as one JSON object. */
const MESSAGE_JSON = `json_build_object(
  'id', m.id, 'ticketId', m.ticket_id, 'seq', m.seq, 'direction', m.direction, 'visibility', m.visibility,
  'authorKind', m.author_kind, 'authorId', m.author_id, 'authorName', m.author_name, 'body', m.body,
  'externalId', m.external_id, 'at', m.at, 'deliveredAt', m.delivered_at, 'readAt', m.read_at,
  'failedAt', m.failed_at, 'failure', m.failure,
  'attachments', (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'contentType', a.content_type,
    'size', a.size) ORDER BY a.created_at, a.id), '[]'::json) FROM attachments a WHERE a.message_id = m.id),
  'email', (SELECT ${EMAIL_JSON} FROM email_messages em WHERE em.message_id = m.id))`;

export function emailFromJson(e: Record<string, unknown> | null | undefined): EmailRow | null {
  return e ? { ...(e as unknown as EmailRow), sentAt: jsonDate(e.sentAt) } : null;
}

export function messageFromJson(m: Record<string, unknown>): MessageRow {
  return {
    ...(m as unknown as MessageRow),
    at: jsonDate(m.at)!,
    deliveredAt: jsonDate(m.deliveredAt),
    readAt: jsonDate(m.readAt),
    failedAt: jsonDate(m.failedAt),
    email: emailFromJson(m.email as Record<string, unknown> | null),
  };
}

const MESSAGES_AFTER = statement(
  'messages_after',
  `SELECT ${MESSAGE_JSON} AS message FROM messages m
    WHERE m.ticket_id = $1 AND m.seq > $2 AND ($3::boolean OR m.visibility = 'public')
    ORDER BY m.seq LIMIT $4`,
);

/** A ticket's messages after `afterSeq`, oldest first; internal ones (notes) only when asked for. */
export async function messagesAfter(
  sql: Sql,
  ticketId: string,
  afterSeq: number,
  limit: number,
  withInternal: boolean,
): Promise<MessageRow[]> {
  const rows = await sql.query<{ message: Record<string, unknown> }>(MESSAGES_AFTER, [
    ticketId,
    afterSeq,
    withInternal,
    limit,
  ]);
  return rows.map((r) => messageFromJson(r.message));
}

const MESSAGE_BY_ID = statement('message_by_id', `SELECT ${MESSAGE_JSON} AS message FROM messages m WHERE m.id = $1`);

/** One message as the conversation shows it (after a change to it, such as a mail's send state). */
export async function messageById(sql: Sql, id: string): Promise<MessageRow | null> {
  const [row] = await sql.query<{ message: Record<string, unknown> }>(MESSAGE_BY_ID, [id]);
  return row ? messageFromJson(row.message) : null;
}

const MESSAGE_BY_EXTERNAL_ID = statement(
  'message_by_external_id',
  `SELECT ${MESSAGE_JSON} AS message FROM messages m WHERE m.ticket_id = $1 AND m.external_id = $2`,
);

/** The message a connector already delivered under `externalId` on this ticket, if any. */
export async function messageByExternalId(sql: Sql, ticketId: string, externalId: string): Promise<MessageRow | null> {
  const [row] = await sql.query<{ message: Record<string, unknown> }>(MESSAGE_BY_EXTERNAL_ID, [ticketId, externalId]);
  return row ? messageFromJson(row.message) : null;
}

/** A stored file with what deciding who may have it needs: its ticket and its message's visibility. */
export interface AttachmentRow {
  id: string;
  ticketId: string;
  name: string;
  contentType: string;
  size: number;
  storageKey: string;
  visibility: 'public' | 'internal';
  createdById: string | null;
}

const ATTACHMENT = statement(
  'attachment_by_id',
  `SELECT a.id, a.ticket_id AS "ticketId", a.name, a.content_type AS "contentType", a.size, a.storage_key AS "storageKey",
          m.visibility, t.created_by_id AS "createdById"
     FROM attachments a JOIN messages m ON m.id = a.message_id JOIN tickets t ON t.id = a.ticket_id
    WHERE a.id = $1`,
);

export async function attachmentById(sql: Sql, id: string): Promise<AttachmentRow | null> {
  const [row] = await sql.query<AttachmentRow>(ATTACHMENT, [id]);
  return row ?? null;
}
