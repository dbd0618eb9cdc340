import type { IsoDateTime } from './common.js';

/** What a webhook may subscribe to (docs/connectors.md). */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.resolved', 'ticket.transferred', 'message.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** `POST /api/webhooks` (admin): the secret signs every delivery and is never answered back. */
export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  /** 16–200 characters: the HMAC-SHA256 key. */
  secret: string;
  description?: string;
}

/** `PATCH /api/webhooks/:id`: only the fields given change; `active: false` pauses it. */
export interface UpdateWebhookRequest {
  url?: string;
  events?: WebhookEvent[];
  secret?: string;
  active?: boolean;
  description?: string;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  description: string | null;
  createdAt: IsoDateTime;
}

/** One try of a delivery. */
export interface WebhookAttempt {
  at: IsoDateTime;
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** `GET /api/webhooks/:id/deliveries`: newest first. */
export interface WebhookDelivery {
  /** Digits: the `Switchboard-Delivery` header the receiver got. */
  id: string;
  event: WebhookEvent;
  ticketId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: IsoDateTime;
  nextAttemptAt: IsoDateTime | null;
  deliveredAt: IsoDateTime | null;
  /** Every attempt, oldest first. */
  log: WebhookAttempt[];
}
