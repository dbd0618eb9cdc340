import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../common/app-config.js';
import { returning } from '../common/returning.js';
import { signature, SIGNATURE_HEADER } from './webhook-signature.js';

/** Deliveries one poll takes at most (each api polls; SKIP LOCKED shares them out). */
const BATCH = 20;
/** Retries wait base × 2^(attempts − 1), never more than this. */
const MAX_BACKOFF_MS = 3_600_000;

interface Due {
  id: string;
  url: string;
  secret: string;
  event: string;
  attempts: number;
  give_up_at: Date;
  payload: Record<string, unknown>;
}

/**
 * Delivers webhook events from the outbox (`webhook_deliveries`, written by triggers with the
 * events themselves): claims what is due, POSTs the JSON signed with the webhook's secret
 * (`Switchboard-Signature: t=…,v1=…`), logs every attempt, and retries a failure with exponential
 * backoff until a day after the event. At least once: a receiver dedupes on `Switchboard-Delivery`.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.webhooks.pollMs === 0) return;
    this.timer = setInterval(() => {
      this.deliverDue().catch((error: unknown) => this.logger.warn(`webhook delivery failed: ${String(error)}`));
    }, this.config.webhooks.pollMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Delivers what is due now; the number of attempts made. */
  deliverDue(): Promise<number> {
    this.running ??= this.deliverOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async deliverOnce(): Promise<number> {
    const due = await this.claim();
    await Promise.all(due.map((d) => this.attempt(d)));
    return due.length;
  }

  /**
   * Takes due deliveries for this process (their next attempt pushed past the request's timeout,
   * so no other process takes them meanwhile) and fixes each one's body at its first attempt.
   */
  private async claim(): Promise<Due[]> {
    // One statement takes the lease (an idle poll costs just this); the rows are this process's
    // until it expires, so fixing their bodies and reading them need no transaction around them.
    const m = this.db.manager;
    const claimed = returning<{ id: string }>(
      await m.query(
        `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $2)
            WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
                          ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id`,
        [BATCH, this.config.webhooks.timeoutMs / 1000 + 30],
      ),
    );
    if (claimed.length === 0) return [];
    const ids = claimed.map((c) => c.id);
    await m.query(
      `UPDATE webhook_deliveries d SET payload = p.payload
           FROM (SELECT d2.id, jsonb_build_object(
                   'id', d2.id::text, 'event', d2.event, 'at', coalesce(e.at, msg.at),
                   'ticket', jsonb_build_object('id', t.id, 'reference', 'SB-' || t.number, 'status', t.status,
                               'queue', q.key, 'channel', t.channel, 'subject', t.subject,
                               'customer', jsonb_build_object('id', c.id, 'name', c.name)),
                   'data', coalesce(e.data, '{}'::jsonb),
                   'message', CASE WHEN msg.id IS NULL THEN NULL ELSE jsonb_build_object(
                               'id', msg.id, 'seq', msg.seq, 'direction', msg.direction, 'visibility', msg.visibility,
                               'author', jsonb_build_object('kind', msg.author_kind, 'name', msg.author_name),
                               'body', msg.body, 'at', msg.at) END) AS payload
                   FROM webhook_deliveries d2
                   JOIN tickets t ON t.id = d2.ticket_id JOIN queues q ON q.id = t.queue_id
                   JOIN customers c ON c.id = t.customer_id
                   LEFT JOIN ticket_events e ON e.id = d2.event_id
                   LEFT JOIN messages msg ON msg.id = d2.message_id
                  WHERE d2.id = ANY($1::bigint[]) AND d2.payload IS NULL) p
          WHERE d.id = p.id`,
      [ids],
    );
    return (await m.query(
      `SELECT d.id, w.url, w.secret, d.event, d.attempts, d.give_up_at, d.payload
           FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ANY($1::bigint[])`,
      [ids],
    )) as Due[];
  }

  private async attempt(d: Due): Promise<void> {
    const body = JSON.stringify(d.payload);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchboard-Webhooks',
          'switchboard-event': d.event,
          'switchboard-delivery': d.id,
          [SIGNATURE_HEADER]: signature(d.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
      });
      statusCode = res.status;
      // The body is not read (a receiver could send any amount): cancel it, freeing the connection.
      await res.body?.cancel().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `answered ${res.status}`;
    } catch (e) {
      // fetch says only "fetch failed"; the reason (refused, unknown host, reset) is its cause.
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error =
        e instanceof Error && e.name === 'TimeoutError'
          ? 'no answer within the timeout'
          : (cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e)));
    }
    const durationMs = Date.now() - started;
    const attempts = d.attempts + 1;
    const delivered = error === null;
    const backoffMs = Math.min(MAX_BACKOFF_MS, this.config.webhooks.retryBaseMs * 2 ** (attempts - 1));
    const retryAt = new Date(Date.now() + backoffMs);
    const status = delivered ? 'delivered' : retryAt > d.give_up_at ? 'failed' : 'pending';
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES ($1, now(), $2, $3, $4)`,
        [d.id, statusCode, error?.slice(0, 500) ?? null, durationMs],
      );
      await m.query(
        `UPDATE webhook_deliveries SET attempts = $2, status = $3::varchar, next_attempt_at = $4,
                delivered_at = CASE WHEN $3::varchar = 'delivered' THEN now() ELSE NULL END
          WHERE id = $1`,
        [d.id, attempts, status, retryAt],
      );
    });
  }
}
