import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, migrate } from '../src/data-source.js';
import { TicketEntity } from '../src/entities/ticket.entity.js';
import { isUniqueViolation } from '../src/errors.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { appendTicketEvent, transitionTicket } from '../src/ticket-events.js';
import { createTestDatabase } from './support/test-database.js';

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

async function newTicket(): Promise<TicketEntity> {
  const [queue] = await db.query(
    `INSERT INTO queues (key, name, sl_threshold_seconds, sl_target_percent, offer_timeout_seconds, wrap_up_seconds)
     VALUES ($1, 'Q', 20, 80, 20, 0) RETURNING id`,
    [`q${randomBytes(4).toString('hex')}`],
  );
  const [customer] = await db.query(`INSERT INTO customers (phone) VALUES ('+1') RETURNING id`);
  return db.transaction(async (m) => {
    const ticket = await m.save(
      m.create(TicketEntity, {
        channel: 'voice',
        queueId: queue.id,
        status: 'new',
        subject: 's',
        priority: 0,
        customerId: customer.id,
        lastEventSeq: 0,
      }),
    );
    await appendTicketEvent(m, ticket, { type: 'ticket.created', at: new Date() });
    await transitionTicket(m, ticket, 'queued', { type: 'ticket.queued', at: new Date() });
    return ticket;
  });
}

const events = async (ticketId: string) =>
  (await db.query(`SELECT seq, type, data FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [ticketId])) as {
    seq: number;
    type: string;
    data: Record<string, unknown>;
  }[];

describe('ticket state changes', () => {
  it('write the status and its event together, with gap-free sequence numbers', async () => {
    const ticket = await newTicket();
    expect(await events(ticket.id)).toEqual([
      { seq: 1, type: 'ticket.created', data: {} },
      { seq: 2, type: 'ticket.queued', data: { from: 'new', to: 'queued' } },
    ]);
    const [row] = await db.query(`SELECT status, last_event_seq FROM tickets WHERE id = $1`, [ticket.id]);
    expect(row).toEqual({ status: 'queued', last_event_seq: 2 });
  });

  it('leave neither status nor event behind when the transaction fails', async () => {
    const ticket = await newTicket();
    await expect(
      db.transaction(async (m) => {
        await transitionTicket(m, ticket, 'offered', { type: 'ticket.offered', at: new Date() });
        throw new Error('crash after the write');
      }),
    ).rejects.toThrow('crash after the write');
    const [row] = await db.query(`SELECT status FROM tickets WHERE id = $1`, [ticket.id]);
    expect(row.status).toBe('queued');
    expect((await events(ticket.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.queued']);
  });

  it('refuse an illegal step and write nothing', async () => {
    const ticket = await newTicket();
    const fresh = await db.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
    await expect(
      db.transaction((m) => transitionTicket(m, fresh, 'resolved', { type: 'ticket.resolved', at: new Date() })),
    ).rejects.toThrow('A ticket cannot go from queued to resolved');
    expect(await events(ticket.id)).toHaveLength(2);
  });

  it('refuse to run outside a transaction', async () => {
    const ticket = await db.getRepository(TicketEntity).findOneByOrFail({ id: (await newTicket()).id });
    await expect(
      transitionTicket(db.manager, ticket, 'offered', { type: 'ticket.offered', at: new Date() }),
    ).rejects.toThrow('must run inside a transaction');
  });
});

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
