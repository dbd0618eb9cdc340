import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../src/data-source.js';
import { isUniqueViolation } from '../src/errors.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { createTestDatabase, newQueuedTicket } from './support/test-database.js';

let url: string;
let drop: () => Promise<void>;
let db: DataSource;

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase('persistence'));
  db = createDataSource({ url, poolSize: 4 });
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

describe('migrations', () => {
  it('describe exactly the entities: a changed entity without its migration fails here', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are idempotent: running them again applies nothing', async () => {
    expect(await migrate({ url })).toEqual([]);
  });

  it('roll back cleanly to an empty schema and forward again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
    const tables = await db.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    );
    expect(tables).toEqual([]);
    await db.runMigrations({ transaction: 'each' });
    expect((await db.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});

/** A queued ticket, made as intake makes one (a unit of work). */
async function newTicket(): Promise<{ id: string }> {
  const [queue] = await db.query(
    `INSERT INTO queues (key, name, sl_threshold_seconds, sl_target_percent, offer_timeout_seconds, wrap_up_seconds)
     VALUES ($1, 'Q', 20, 80, 20, 0) RETURNING key`,
    [`q${randomBytes(4).toString('hex')}`],
  );
  const [customer] = await db.query(`INSERT INTO customers (phone) VALUES ('+1') RETURNING id`);
  return newQueuedTicket(db, queue.key, customer.id);
}

describe('database guarantees', () => {
  it('allow at most one pending offer per ticket, even from racing writers', async () => {
    const ticket = await newTicket();
    const [agent] = await db.query(
      `INSERT INTO users (name, email, password_hash, role) VALUES ('A', $1, 'x', 'agent') RETURNING id`,
      [`a${randomBytes(4).toString('hex')}@x.test`],
    );
    const offer = () =>
      db.query(
        `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, 'pending', now())`,
        [ticket.id, agent.id],
      );
    const results = await Promise.allSettled(Array.from({ length: 8 }, offer));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(isUniqueViolation(r.reason, 'UQ_offers_one_pending_per_ticket')).toBe(true);
    // Once that offer is answered, a new one may be made.
    await db.query(`UPDATE offers SET status = 'declined' WHERE ticket_id = $1`, [ticket.id]);
    await offer();
  });

  it('never let two events share a ticket sequence number', async () => {
    const ticket = await newTicket();
    await expect(
      db.query(`INSERT INTO ticket_events (ticket_id, seq, type, at) VALUES ($1, 2, 'ticket.queued', now())`, [
        ticket.id,
      ]),
    ).rejects.toThrow(/UQ_ticket_events_ticket_seq/);
  });
});
