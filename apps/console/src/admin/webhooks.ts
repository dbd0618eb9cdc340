import { ApiError } from '../api.js';

/*
 * The webhook API's shapes as apps/api/src/webhooks/webhooks.dto.ts answers them. They are not
 * in @switchboard/contracts yet; when they move there, these become re-exports.
 */

export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.resolved', 'ticket.transferred', 'message.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  description: string | null;
  createdAt: string;
}

export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  secret: string;
  description?: string;
}

export type UpdateWebhookRequest = Partial<Omit<CreateWebhookRequest, 'secret'>> & { active?: boolean };

export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  /** Digits: the `Switchboard-Delivery` header the receiver got. */
  id: string;
  event: WebhookEvent;
  ticketId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** Every attempt, oldest first. */
  log: WebhookAttempt[];
}

/** The header a delivery is signed in and its scheme (docs/connectors.md); not translated. */
export const SIGNATURE_HEADER = 'Switchboard-Signature';
export const SIGNATURE_SCHEME = 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">';

/**
 * A signing secret for a new webhook: 32 random bytes, base64url (43 characters). The API takes
 * the secret from the caller and never answers it back, so the console makes it and shows it once.
 */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export type WebhookField = 'url' | 'events' | 'secret' | 'description';
const FIELDS: readonly WebhookField[] = ['url', 'events', 'secret', 'description'];

/**
 * The API's refusal (a 400 names each field it refuses: "url must be an http(s) URL; events …"),
 * split into the words for each field and the rest for the dialog's foot.
 */
export function splitWebhookError(error: Error | null): {
  fields: Partial<Record<WebhookField, string>>;
  rest: string | null;
} {
  if (!error) return { fields: {}, rest: null };
  if (!(error instanceof ApiError) || error.status !== 400) return { fields: {}, rest: error.message };
  const fields: Partial<Record<WebhookField, string>> = {};
  const rest: string[] = [];
  for (const part of error.message.split('; ')) {
    const field = FIELDS.find((f) => new RegExp(`^${f}\\b`).test(part));
    if (field) fields[field] = fields[field] ? `${fields[field]}; ${part}` : part;
    else rest.push(part);
  }
  return { fields, rest: rest.join('; ') || null };
}
