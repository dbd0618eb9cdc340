import { ApiError } from '../api.js';

export {
  WEBHOOK_EVENTS,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEvent,
} from '@switchboard/contracts';

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
