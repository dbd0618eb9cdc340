import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { migrate } from '../../src/data-source.js';
import {
  createTicket,
  findQueue,
  poolOf,
  statement,
  UnitOfWork,
  type CustomerRow,
  type WorkEffects,
} from '../../src/work/index.js';

/** The machine's PostgreSQL (see README, "Tests"). */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A fresh, migrated database of this test file's own, and the way to drop it. */
export async function createTestDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `sb_test_${name}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
  await migrate({ url });
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`) };
}

/** A queued ticket in queue `queueKey` for customer `customerId`, made as intake makes one (a unit of work). */
export async function newQueuedTicket(db: DataSource, queueKey: string, customerId: string): Promise<{ id: string }> {
  const work = new UnitOfWork(poolOf(db), { create: () => new RecordedEffects(), flush: async () => undefined });
  return work.run(async (tx) => {
    const queue = (await findQueue(tx, queueKey))!;
    const [customer] = await tx.query<CustomerRow & { number: number }>(
      statement(
        'test_customer',
        `SELECT id, external_id AS "externalId", name, phone, email, tier, verified,
                nextval('ticket_number_seq')::int AS number FROM customers WHERE id = $1`,
      ),
      [customerId],
    );
    const contact = {
      channel: 'voice' as const,
      subject: 's',
      description: null,
      category: null,
      priority: 0,
      externalId: null,
      idempotencyKey: null,
      requestFingerprint: null,
      createdById: null,
      number: customer!.number,
    };
    return { id: createTicket(tx, queue, customer!, contact, null, new Date()).id };
  });
}

/** WorkEffects that only remember what they were told. */
export class RecordedEffects implements WorkEffects {
  readonly calls: [string, ...unknown[]][] = [];
  offerCreated(...args: unknown[]) {
    this.calls.push(['offerCreated', ...args]);
  }
  offerEnded(...args: unknown[]) {
    this.calls.push(['offerEnded', ...args]);
  }
  ticketWaiting(...args: unknown[]) {
    this.calls.push(['ticketWaiting', ...args]);
  }
  ticketLeftQueue(...args: unknown[]) {
    this.calls.push(['ticketLeftQueue', ...args]);
  }
  agentFreed(...args: unknown[]) {
    this.calls.push(['agentFreed', ...args]);
  }
  agentStatusChanged(...args: unknown[]) {
    this.calls.push(['agentStatusChanged', ...args]);
  }
  wrapUpStarted(...args: unknown[]) {
    this.calls.push(['wrapUpStarted', ...args]);
  }
  wrapUpEnded(...args: unknown[]) {
    this.calls.push(['wrapUpEnded', ...args]);
  }
  emit(...args: unknown[]) {
    this.calls.push(['emit', ...args]);
  }
}
