import type { IsoDateTime } from './common.js';
import type { Message } from './messages.js';

/**
 * Where an e-mail message stands. Inbound mail is `received`. An outbound one is `queued` until the
 * relay takes it (`sent`), gives up after its retries (`failed`: the agent may retry), or, with no
 * relay configured, is kept as an `.eml` file under the data directory (`not_sent`).
 */
export const EMAIL_STATES = ['received', 'queued', 'sent', 'failed', 'not_sent'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** Languages of the built-in acknowledgement mail; a customer of another language gets English. */
export const EMAIL_LANGUAGES = ['en', 'tr', 'fa'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/** The mail side of a message of an e-mail ticket (`Message.email`). */
export interface MessageEmail {
  /** The RFC 5322 Message-ID, without angle brackets. */
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  state: EmailState;
  /** Inbound: the quoted history cut from `body`, shown folded. */
  quoted?: string;
  /** Outbound: tries so far. */
  attempts?: number;
  /** Outbound: the relay's last answer (`250 2.0.0 Ok: queued`, `ECONNREFUSED`, `550 5.1.1 …`). */
  response?: string;
  sentAt?: IsoDateTime;
  /** Files the mail carried that were not kept (type or size), each with the reason. */
  refused?: { name: string; reason: string }[];
  /** The raw mail as received or sent: `GET /api/tickets/:id/messages/:messageId/raw`. */
  hasRaw: boolean;
}

/** `GET /api/tickets/:id/email`: who a reply on an e-mail ticket goes to, for the composer. */
export interface EmailThread {
  ticketId: string;
  /** The customer's address: replies go there. */
  to: string;
  /** Others on the customer's mail (our own addresses left out): replies copy them. */
  cc: string[];
  /** The queue's address replies are sent from. */
  from: string;
  /** Where the customer's answer comes back even when their mail program drops the thread headers. */
  replyTo: string;
  subject: string;
  /** The earlier ticket this one continues (the customer wrote again after its FCR window). */
  follows?: { ticketId: string; number: number };
}

export interface EmailTemplate {
  /** Placeholders: `{{customerName}}`, `{{ticketNumber}}` (SB-10482), `{{subject}}`, `{{queueName}}`. */
  subject: string;
  body: string;
}

/** The mail a customer gets when their e-mail opens a ticket; templates left out take the built-in text. */
export interface EmailAcknowledgement {
  enabled: boolean;
  templates?: Partial<Record<EmailLanguage, EmailTemplate>>;
}

/** `POST /api/tickets/:id/messages/:messageId/retry`: a failed (or not sent) reply goes to the relay again. */
export interface RetryEmailResponse {
  message: Message;
}
