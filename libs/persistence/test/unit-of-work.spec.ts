/**
 * The ticket unit of work against a real PostgreSQL: state and events commit together or not at
 * all, illegal steps and out-of-order locks are refused, deadlock victims run again with fresh
 * effects, effects are handed over only after the commit, and the agents' work counters follow
 * their offers and tickets whichever way those rows change.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/data-source.js';
import {
  agentCounterDrift,
  claimForAgent,
  findWaitingForAgent,
  lockAgent,
  lockTicket,
  LockOrderError,
  poolOf,
  PoolSql,
  repairAgentWorkCounters,
  statement,
  UnitOfWork,
  workStats,
} from '../src/work/index.js';
import { createTestDatabase, newQueuedTicket, RecordedEffects } from './support/test-database.js';

let url: string;
let drop: () => Promise<void>;
let db: DataSource;

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase('uow'));
  db = createDataSource({ url, poolSize: 6 });
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

function unitOfWork(flushed: RecordedEffects[] = []): UnitOfWork<RecordedEffects> {
  return new UnitOfWork(poolOf(db), {
    create: () => new RecordedEffects(),
    flush: async (effects) => {
      flushed.push(effects);
    },
  });
}

async function newTicket(): Promise<{ id: string; queue: string }> {
  const key = `q${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO queues (key, name, sl_threshold_seconds, sl_target_percent, offer_timeout_seconds, wrap_up_seconds)
     VALUES ($1, 'Q', 20, 80, 20, 0)`,
    [key],
  );
  const [customer] = await db.query(`INSERT INTO customers (phone) VALUES ('+1') RETURNING id`);
  return { ...(await newQueuedTicket(db, key, customer.id)), queue: key };
}

async function newAgent(capacity = { voice: 1, chat: 2, email: 0, web: 0 }): Promise<string> {
  const [user] = await db.query(
    `INSERT INTO users (name, email, password_hash, role) VALUES ('A', $1, 'x', 'agent') RETURNING id`,
    [`a${randomBytes(4).toString('hex')}@x.test`],
  );
  await db.query(`INSERT INTO agents (user_id, capacity, status) VALUES ($1, $2, 'available')`, [
    user.id,
    JSON.stringify(capacity),
  ]);
  return user.id;
}

const events = async (ticketId: string) =>
  (await db.query(`SELECT seq, type, data FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [ticketId])) as {
    seq: number;
    type: string;
    data: Record<string, unknown>;
  }[];

const work = async (agentId: string) =>
  ((await db.query(`SELECT pending_offers, load FROM agents WHERE user_id = $1`, [agentId])) as unknown[])[0];

describe('a ticket unit of work', () => {
  it('writes the status and its events together, with gap-free sequence numbers', async () => {
    const ticket = await newTicket();
    expect(await events(ticket.id)).toEqual([
      { seq: 1, type: 'ticket.created', data: expect.objectContaining({ queue: ticket.queue }) },
      { seq: 2, type: 'ticket.queued', data: { from: 'new', to: 'queued', queue: ticket.queue } },
    ]);
    const [row] = await db.query(`SELECT status, last_event_seq FROM tickets WHERE id = $1`, [ticket.id]);
    expect(row).toEqual({ status: 'queued', last_event_seq: 2 });
  });

  it('leaves neither status nor event behind when its body fails, and announces nothing', async () => {
    const ticket = await newTicket();
    const flushed: RecordedEffects[] = [];
    await expect(
      unitOfWork(flushed).run(async (tx) => {
        await lockTicket(tx, ticket.id);
        // A write already sent in the transaction, then the crash.
        await tx.query(statement('test_abandon', `UPDATE tickets SET status = 'abandoned' WHERE id = $1`), [ticket.id]);
        tx.effects.ticketLeftQueue(ticket.id, 'x');
        throw new Error('crash after the write');
      }),
    ).rejects.toThrow('crash after the write');
    const [row] = await db.query(`SELECT status FROM tickets WHERE id = $1`, [ticket.id]);
    expect(row.status).toBe('queued');
    expect((await events(ticket.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.queued']);
    expect(flushed).toEqual([]);
  });

  it('survives its connection being killed between two statements, and the pool drops that connection', async () => {
    const ticket = await newTicket();
    const processErrors: unknown[] = [];
    const onUncaught = (error: unknown) => void processErrors.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await expect(
        unitOfWork().run(async (tx) => {
          const [{ pid }] = await tx.query<{ pid: number }>(statement('test_pid', 'SELECT pg_backend_pid() AS pid'));
          // PostgreSQL ends the session while the body awaits something else (Redis, say).
          await db.query('SELECT pg_terminate_backend($1)', [pid]);
          await new Promise((r) => setTimeout(r, 100));
          await lockTicket(tx, ticket.id);
        }),
      ).rejects.toThrow();
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(processErrors).toEqual([]);
    // The next unit of work gets a live connection and commits.
    const status = await unitOfWork().run(async (tx) => (await lockTicket(tx, ticket.id))!.status);
    expect(status).toBe('queued');
  });

  it('refuses an illegal step and writes nothing', async () => {
    const ticket = await newTicket();
    await expect(
      unitOfWork().run(async (tx) => {
        const held = (await lockTicket(tx, ticket.id))!;
        tx.transition(held, 'resolved', { type: 'ticket.resolved', at: new Date() });
      }),
    ).rejects.toThrow('A ticket cannot go from queued to resolved');
    expect(await events(ticket.id)).toHaveLength(2);
  });

  it('refuses a blocking lock out of the fixed order (a ticket after an agent)', async () => {
    const ticket = await newTicket();
    const agentId = await newAgent();
    await expect(
      unitOfWork().run(async (tx) => {
        await lockAgent(tx, agentId);
        await lockTicket(tx, ticket.id);
      }),
    ).rejects.toThrow(LockOrderError);
    // Without waiting, any order is fine: a SKIP LOCKED lock cannot join a deadlock.
    await expect(
      unitOfWork().run(async (tx) => {
        await lockAgent(tx, agentId);
        return (await lockTicket(tx, ticket.id, { skipLocked: true }))?.id;
      }),
    ).resolves.toBe(ticket.id);
  });

  it('runs a deadlock victim again from the start, handing over only the effects of the attempt that committed', async () => {
    const ticket = await newTicket();
    const flushed: RecordedEffects[] = [];
    let attempts = 0;
    const retriesBefore = workStats.retries;
    await unitOfWork(flushed).run(async (tx) => {
      attempts++;
      const held = (await lockTicket(tx, ticket.id))!;
      tx.append(held, [{ type: 'ticket.note_added', at: new Date(), data: { attempt: attempts } }]);
      tx.effects.emit('room', 'offer.rescinded', { offerId: `attempt-${attempts}`, reason: 'timeout' });
      if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    expect(attempts).toBe(2);
    expect(workStats.retries).toBe(retriesBefore + 1);
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.calls).toEqual([
      ['emit', 'room', 'offer.rescinded', { offerId: 'attempt-2', reason: 'timeout' }],
    ]);
    const notes = (await events(ticket.id)).filter((e) => e.type === 'ticket.note_added');
    expect(notes).toEqual([{ seq: 3, type: 'ticket.note_added', data: { attempt: 2 } }]);
  });

  it('hands its effects over only once the change is visible to everyone', async () => {
    const ticket = await newTicket();
    let seenByOthers: string | undefined;
    await new UnitOfWork(poolOf(db), {
      create: () => new RecordedEffects(),
      flush: async () => {
        const [row] = await db.query(`SELECT status FROM tickets WHERE id = $1`, [ticket.id]);
        seenByOthers = row.status;
      },
    }).run(async (tx) => {
      const held = (await lockTicket(tx, ticket.id))!;
      tx.transition(held, 'abandoned', { type: 'ticket.abandoned', at: new Date() });
    });
    expect(seenByOthers).toBe('abandoned');
  });
});

describe("an agent's work counters", () => {
  it('follow offers and tickets however the rows change', async () => {
    const agentId = await newAgent();
    const ticket = await newTicket();
    const offer = async (status: string) =>
      (
        await db.query(
          `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
          [ticket.id, agentId, status],
        )
      )[0].id as string;
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: {} });
    const pending = await offer('pending');
    expect(await work(agentId)).toEqual({ pending_offers: 1, load: { voice: 1 } });
    // Accepted: the offer no longer holds the channel, the ticket in progress does.
    await db.transaction(async (m) => {
      await m.query(`UPDATE offers SET status = 'accepted' WHERE id = $1`, [pending]);
      await m.query(`UPDATE tickets SET status = 'in_progress', assigned_agent_id = $2 WHERE id = $1`, [
        ticket.id,
        agentId,
      ]);
    });
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: { voice: 1 } });
    await offer('declined');
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: { voice: 1 } });
    await db.query(`UPDATE tickets SET status = 'resolved' WHERE id = $1`, [ticket.id]);
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: { voice: 0 } });
    const again = await newTicket();
    const [{ id: second }] = await db.query(
      `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, 'pending', now()) RETURNING id`,
      [again.id, agentId],
    );
    await db.query(`DELETE FROM offers WHERE id = $1`, [second]);
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: { voice: 0 } });
    expect(await agentCounterDrift(PoolSql.of(db))).not.toContain(agentId);
  });

  it('are recounted by the reconciler when rows changed behind the triggers', async () => {
    const agentId = await newAgent();
    const ticket = await newTicket();
    await db.transaction(async (m) => {
      await m.query(`ALTER TABLE offers DISABLE TRIGGER USER`);
      await m.query(
        `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, 'pending', now())`,
        [ticket.id, agentId],
      );
      await m.query(`ALTER TABLE offers ENABLE TRIGGER USER`);
    });
    const sql = PoolSql.of(db);
    expect(await agentCounterDrift(sql)).toContain(agentId);
    const repaired = await unitOfWork().run(async (tx) => {
      await lockAgent(tx, agentId);
      return repairAgentWorkCounters(tx, agentId);
    });
    expect(repaired).toBe(true);
    expect(await work(agentId)).toEqual({ pending_offers: 1, load: { voice: 1 } });
    expect(await agentCounterDrift(sql)).not.toContain(agentId);
  });
});

describe('the agent path', () => {
  it('never takes a ticket on a channel its scan saw free but another claim has filled since', async () => {
    const settings = { recheckSeconds: 30, reofferCooldownSeconds: 60, ageingSecondsPerPoint: 60 };
    const agentId = await newAgent({ voice: 1, chat: 2, email: 0, web: 0 });
    const waiting = await newTicket();
    await db.query(`INSERT INTO agent_queues (agent_id, queue_id) SELECT $1, id FROM queues WHERE key = $2`, [
      agentId,
      waiting.queue,
    ]);
    const scan = await findWaitingForAgent(PoolSql.of(db), agentId, settings, new Date());
    expect(scan.map((t) => t.id)).toEqual([waiting.id]);
    // Between the scan and the claim, the agent takes a voice call: chat room is all they have left.
    const [customer] = await db.query(`INSERT INTO customers (phone) VALUES ('+2') RETURNING id`);
    const call = await newQueuedTicket(db, waiting.queue, customer.id);
    await db.query(`UPDATE tickets SET status = 'in_progress', assigned_agent_id = $2 WHERE id = $1`, [
      call.id,
      agentId,
    ]);
    const outcome = await unitOfWork().run((tx) => claimForAgent(tx, agentId, scan, settings, new Date()));
    expect(outcome.kind).toBe('contended');
    expect(await work(agentId)).toEqual({ pending_offers: 0, load: { voice: 1 } });
    const [row] = await db.query(`SELECT status FROM tickets WHERE id = $1`, [waiting.id]);
    expect(row.status).toBe('queued');
  });
});
