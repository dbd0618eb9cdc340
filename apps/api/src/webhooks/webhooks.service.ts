import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { returning } from '../common/returning.js';
import type { CreateWebhookDto, DeliveryDto, UpdateWebhookDto, WebhookDto, WebhookEvent } from './webhooks.dto.js';

interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  description: string | null;
  created_at: Date;
}

const toWebhook = (r: WebhookRow): WebhookDto => ({
  id: r.id,
  url: r.url,
  events: r.events,
  active: r.active,
  description: r.description,
  createdAt: r.created_at.toISOString(),
});

const COLUMNS = 'id, url, events, active, description, created_at';

/** Webhooks (admin): subscriptions, their delivery log, and a manual redelivery. The secret is never read back. */
@Injectable()
export class WebhooksService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(actor: AuthUser, input: CreateWebhookDto): Promise<WebhookDto> {
    const [row] = (await this.db.query(
      `INSERT INTO webhooks (id, url, events, secret, active, description, created_at, created_by_id)
       VALUES ($1, $2, $3, $4, true, $5, now(), $6) RETURNING ${COLUMNS}`,
      [randomUUID(), input.url, input.events, input.secret, input.description ?? null, actor.id],
    )) as WebhookRow[];
    return toWebhook(row!);
  }

  async list(): Promise<WebhookDto[]> {
    return ((await this.db.query(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`)) as WebhookRow[]).map(
      toWebhook,
    );
  }

  async update(id: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    const [row] = returning<WebhookRow>(
      await this.db.query(
        `UPDATE webhooks SET url = coalesce($2, url), events = coalesce($3, events), secret = coalesce($4, secret),
                active = coalesce($5, active), description = coalesce($6, description)
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          input.url ?? null,
          input.events ?? null,
          input.secret ?? null,
          input.active ?? null,
          input.description ?? null,
        ],
      ),
    );
    if (!row) throw new NotFoundException(`webhook ${id} does not exist`);
    return toWebhook(row);
  }

  async remove(id: string): Promise<void> {
    const [, count] = (await this.db.query(`DELETE FROM webhooks WHERE id = $1`, [id])) as [unknown, number];
    if (!count) throw new NotFoundException(`webhook ${id} does not exist`);
  }

  /** The newest deliveries, each with every attempt (the delivery log). */
  async deliveries(id: string, limit: number): Promise<DeliveryDto[]> {
    await this.require(id);
    const rows = (await this.db.query(
      `SELECT d.id, d.event, d.ticket_id, d.status, d.attempts, d.created_at, d.next_attempt_at, d.delivered_at,
              coalesce((SELECT json_agg(json_build_object('at', a.at, 'statusCode', a.status_code, 'error', a.error,
                                                          'durationMs', a.duration_ms) ORDER BY a.id)
                          FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log
         FROM webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2`,
      [id, limit],
    )) as {
      id: string;
      event: WebhookEvent;
      ticket_id: string;
      status: DeliveryDto['status'];
      attempts: number;
      created_at: Date;
      next_attempt_at: Date;
      delivered_at: Date | null;
      log: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
    }[];
    return rows.map((r) => ({
      id: r.id,
      event: r.event,
      ticketId: r.ticket_id,
      status: r.status,
      attempts: r.attempts,
      createdAt: r.created_at.toISOString(),
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      log: r.log.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
    }));
  }

  /** Sends a delivery again now (the same body), retried for another day if it fails. */
  async redeliver(id: string, deliveryId: string): Promise<DeliveryDto> {
    const [row] = returning<{ id: string }>(
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), give_up_at = now() + interval '1 day'
          WHERE id = $2 AND webhook_id = $1 RETURNING id`,
        [id, deliveryId],
      ),
    );
    if (!row) throw new NotFoundException(`delivery ${deliveryId} of webhook ${id} does not exist`);
    return (await this.deliveries(id, 200)).find((d) => d.id === deliveryId)!;
  }

  private async require(id: string): Promise<void> {
    const [found] = (await this.db.query(`SELECT 1 FROM webhooks WHERE id = $1`, [id])) as unknown[];
    if (!found) throw new NotFoundException(`webhook ${id} does not exist`);
  }
}
