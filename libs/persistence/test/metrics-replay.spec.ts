import {
  AgentHandles,
  COUNTER_KEYS,
  LiveQueueMetrics,
  MetricFactProjector,
  type IntervalCounters,
  type MetricEvent,
} from '@switchboard/domain';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/data-source.js';
import { readEventsAfter, type LoggedMetricEvent } from '../src/metrics-events.js';
import { loadAgentMetrics } from '../src/metrics-agents.js';
import { loadQueueHistory } from '../src/metrics-history.js';
import { createTestDatabase } from './support/test-database.js';

/**
 * Invariant 5, "one metric engine": a recorded event stream (1,200 tickets with abandons,
 * declines, transfers to queues and agents, reopens, repeat contacts, ratings, and waits placed
 * exactly on the thresholds) replayed through the live engine gives, at every checkpoint and for
 * every counter, what the historical SQL computes over the same log.
 */
let drop: () => Promise<void>;
let db: DataSource;

const QUEUES = [
  { key: 'billing', thresholdSeconds: 20 },
  { key: 'technical', thresholdSeconds: 30 },
  { key: 'complaints', thresholdSeconds: 60 },
];
const T0 = Date.UTC(2026, 10, 2, 7, 0, 0);
const TICKETS = 1200;
const WINDOW = 900;

/** A seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface GenEvent {
  ticketId: string;
  seq: number;
  type: MetricEvent['type'];
  atMs: number;
  data: Record<string, unknown>;
}

function generate(seed: number): {
  events: GenEvent[];
  tickets: { id: string; queue: string; status: string }[];
  agents: string[];
} {
  const random = rng(seed);
  const exp = (mean: number) => Math.max(1, Math.round(-Math.log(1 - random()) * mean));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const events: GenEvent[] = [];
  const tickets: { id: string; queue: string; status: string }[] = [];
  const agents = Array.from({ length: 12 }, () => randomUUID());
  let arrival = T0;
  for (let n = 0; n < TICKETS; n++) {
    arrival += exp(7_000);
    const id = randomUUID();
    let seq = 0;
    let t = arrival;
    let status = 'new';
    let queue = pick(QUEUES);
    const push = (type: GenEvent['type'], data: Record<string, unknown> = {}, to?: string) => {
      t += 1;
      events.push({ ticketId: id, seq: ++seq, type, atMs: t, data: to ? { from: status, to, ...data } : data });
      if (to) status = to;
    };
    /** A wait that sometimes lands exactly on, or one millisecond beside, a threshold. */
    const wait = () =>
      random() < 0.25
        ? pick([
            4_998,
            4_999,
            5_000,
            5_001,
            queue.thresholdSeconds * 1000 - 1,
            queue.thresholdSeconds * 1000,
            queue.thresholdSeconds * 1000 + 1,
          ]) - 1
        : exp(25_000);
    push('ticket.created', { queue: queue.key, channel: 'voice' });
    push('ticket.queued', { queue: queue.key }, 'queued');
    let visits = 0;
    while (status === 'queued' && visits++ < 6) {
      t += wait();
      const r = random();
      if (r < 0.12) {
        if (random() < 0.4) push('ticket.offered', { agentId: pick(agents) }, 'offered');
        push('ticket.abandoned', {}, 'abandoned');
        break;
      }
      if (r < 0.2) {
        push('ticket.offered', { agentId: pick(agents) }, 'offered');
        t += exp(5_000);
        push(pick(['ticket.offer_declined', 'ticket.offer_expired'] as const), { after: 'offer' }, 'queued');
        continue;
      }
      if (r < 0.23) {
        push('ticket.transferred', { kind: 'queue', fromQueue: queue.key }, 'transferred');
        queue = pick(QUEUES);
        push('ticket.queued', { queue: queue.key, after: 'transfer' }, 'queued');
        continue;
      }
      const agent = pick(agents);
      push('ticket.offered', { agentId: agent }, 'offered');
      push('ticket.accepted', { agentId: agent }, 'in_progress');
      if (random() < 0.3) push('ticket.note_added', { body: 'note' });
      t += exp(120_000);
      const h = random();
      if (h < 0.1) {
        push('ticket.transferred', { kind: 'queue' }, 'transferred');
        queue = pick(QUEUES);
        push('ticket.queued', { queue: queue.key, after: 'transfer' }, 'queued');
        continue;
      }
      if (h < 0.16) {
        push('ticket.transferred', { kind: 'agent' }, 'transferred');
        const to = pick(agents);
        push('ticket.offered', { agentId: to }, 'offered');
        t += exp(4_000);
        if (random() < 0.4) {
          // Declined transfer: the customer is back in the queue, a new visit.
          push('ticket.offer_declined', {}, 'queued');
          continue;
        }
        push('ticket.accepted', { agentId: to }, 'in_progress');
        t += exp(60_000);
      }
      push('ticket.resolved', { resolutionCode: 'fixed' }, 'resolved');
      t += random() < 0.3 ? 0 : exp(15_000);
      push('ticket.wrap_up_completed', { manual: random() < 0.5 });
      if (random() < 0.5) {
        // Our survey, answered or not; or a connector's own rating.
        t += exp(30_000);
        push('ticket.survey_offered', { surveyId: `s-${t}`, channel: 'chat' });
        if (random() < 0.5) {
          t += exp(300_000);
          push('ticket.csat_recorded', { score: 1 + Math.floor(random() * 5), source: 'survey' });
        }
      } else if (random() < 0.3) {
        t += exp(300_000);
        push('ticket.csat_recorded', { score: 1 + Math.floor(random() * 5) });
      }
      const after = random();
      if (after < 0.06) {
        t += exp(600_000);
        push('ticket.reopened', {}, 'reopened');
        // Older reopen events carry no queue key: the ticket's own queue applies.
        push('ticket.queued', random() < 0.5 ? { queue: queue.key, after: 'reopen' } : { after: 'reopen' }, 'queued');
        continue;
      }
      if (after < 0.12) {
        t += exp(900_000);
        push('ticket.repeat_contact', { category: 'billing' });
      }
    }
    tickets.push({ id, queue: queue.key, status });
  }
  events.sort(
    (a, b) => a.atMs - b.atMs || (a.ticketId === b.ticketId ? a.seq - b.seq : a.ticketId < b.ticketId ? -1 : 1),
  );
  return { events, tickets, agents };
}

beforeAll(async () => {
  const database = await createTestDatabase('metrics');
  drop = database.drop;
  db = createDataSource({ url: database.url, poolSize: 4 });
  await db.initialize();
}, 60_000);
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

async function record(seed: number): Promise<{ last: number; agents: string[] }> {
  const { events, tickets, agents } = generate(seed);
  for (const [i, id] of agents.entries()) {
    await db.query(`INSERT INTO users (id, name, email, password_hash, role) VALUES ($1, $2, $3, 'x', 'agent')`, [
      id,
      `Agent ${i}`,
      `replay${i}@agents.test`,
    ]);
    // Two calls at once: a call's share of the agent's capacity is a half, whichever side computes it.
    await db.query(`INSERT INTO agents (user_id, capacity, status) VALUES ($1, $2, 'available')`, [
      id,
      JSON.stringify({ voice: 2, chat: 0, email: 0, web: 0 }),
    ]);
  }
  const queueIds = new Map<string, string>();
  for (const q of QUEUES) {
    const [row] = (await db.query(
      `INSERT INTO queues (key, name, sl_threshold_seconds, sl_target_percent, offer_timeout_seconds, wrap_up_seconds)
       VALUES ($1, $1, $2, 80, 20, 30) RETURNING id`,
      [q.key, q.thresholdSeconds],
    )) as { id: string }[];
    queueIds.set(q.key, row!.id);
  }
  const [customer] = (await db.query(`INSERT INTO customers (name) VALUES ('Replay') RETURNING id`)) as {
    id: string;
  }[];
  for (const t of tickets) {
    await db.query(
      `INSERT INTO tickets (id, channel, queue_id, status, subject, priority, customer_id, last_event_seq)
       VALUES ($1, 'voice', $2, $3, 'replay', 0, $4, 0)`,
      [t.id, queueIds.get(t.queue), t.status, customer!.id],
    );
  }
  for (let i = 0; i < events.length; i += 1000) {
    const chunk = events.slice(i, i + 1000);
    await db.query(
      `INSERT INTO ticket_events (ticket_id, seq, type, at, data)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::varchar[], $4::timestamptz[], $5::jsonb[])`,
      [
        chunk.map((e) => e.ticketId),
        chunk.map((e) => e.seq),
        chunk.map((e) => e.type),
        chunk.map((e) => new Date(e.atMs)),
        chunk.map((e) => JSON.stringify(e.data)),
      ],
    );
  }
  return { last: events.at(-1)!.atMs, agents };
}

async function historical(
  fromMs: number,
  toMs: number,
): Promise<Map<string, { counters: IntervalCounters; waiting: number; oldest: number | null }>> {
  const rows = await loadQueueHistory(db.manager, {
    fromMs,
    toMs,
    bucketSeconds: (toMs - fromMs) / 1000,
    queues: QUEUES.map((q) => q.key),
  });
  return new Map(
    rows.map((r) => [
      r.queue,
      {
        counters: r.buckets[0]!,
        waiting: r.waitingAtEnd.at(-1)!.waiting,
        oldest: r.waitingAtEnd.at(-1)!.oldestSinceMs,
      },
    ]),
  );
}

describe('live metrics equal historical metrics on a replayed stream', () => {
  it('at every checkpoint, for every counter, queue, window and "today"', async () => {
    const { last, agents } = await record(20261123);
    const live = new LiveQueueMetrics({ windowSeconds: WINDOW, retentionSeconds: 7200 });
    live.setTargets(QUEUES.map((q) => ({ ...q, targetPercent: 80 })));
    const projector = new MetricFactProjector(live);
    const handles = new AgentHandles();
    const dayStart = T0 + 3 * 3_600_000;
    live.setDayStart(dayStart);

    // Read back through the tail the router uses, then feed in time order up to each checkpoint.
    const logged: LoggedMetricEvent[] = [];
    for (let batch = await readEventsAfter(db.manager, 0, 5000); batch.length > 0;) {
      logged.push(...batch);
      batch = await readEventsAfter(db.manager, batch.at(-1)!.id, 5000);
    }
    expect(new Set(logged.map((e) => e.ticketId)).size).toBe(TICKETS);
    const kinds = new Set(logged.map((e) => e.type));
    for (const k of [
      'ticket.abandoned',
      'ticket.transferred',
      'ticket.reopened',
      'ticket.repeat_contact',
      'ticket.csat_recorded',
      'ticket.survey_offered',
    ])
      expect(kinds).toContain(k);

    const checkpoints = [
      T0 + 1_800_000,
      T0 + 3 * 3_600_000 + 7,
      T0 + 4 * 3_600_000 + 123,
      (T0 + last) / 2 + 0.5,
      last + 1,
      last + 3_600_000,
    ]
      .map(Math.floor)
      .sort((a, b) => a - b);
    let next = 0;
    let compared = 0;
    let busyCheckpoints = 0;
    for (const asOf of checkpoints) {
      while (next < logged.length && logged[next]!.atMs < asOf) {
        projector.apply(logged[next]!);
        handles.apply(logged[next++]!);
      }
      live.advance(asOf);
      // Agents' handled, AHT and occupancy: from the engine's own handles, as from the log.
      const agentWindow = { fromMs: asOf - WINDOW * 1000, asOfMs: asOf };
      handles.prune(agentWindow.fromMs);
      const [fromHandles, fromLog] = await Promise.all([
        loadAgentMetrics(db.manager, agentWindow, undefined, handles.intervals(agentWindow.fromMs, asOf)),
        loadAgentMetrics(db.manager, agentWindow),
      ]);
      expect({ at: asOf, agents: fromHandles }).toEqual({ at: asOf, agents: fromLog });
      if (fromLog.some((a) => a.handled > 0) && fromLog.some((a) => a.currentTicketIds.length === 0)) busyCheckpoints++;
      expect(fromLog.map((a) => a.agentId).sort()).toEqual([...agents].sort());
      const [window, hour, today] = await Promise.all([
        historical(asOf - WINDOW * 1000, asOf),
        historical(asOf - 3600 * 1000, asOf),
        asOf > dayStart ? historical(dayStart, asOf) : Promise.resolve(null),
      ]);
      for (const q of QUEUES) {
        const expected = window.get(q.key)!;
        expect({ at: asOf, queue: q.key, counters: live.windowCounters(q.key) }).toEqual({
          at: asOf,
          queue: q.key,
          counters: expected.counters,
        });
        expect({ at: asOf, queue: q.key, counters: live.countersFor(q.key, 3600) }).toEqual({
          at: asOf,
          queue: q.key,
          counters: hour.get(q.key)!.counters,
        });
        if (today)
          expect({ at: asOf, queue: q.key, today: live.todayCounters(q.key) }).toEqual({
            at: asOf,
            queue: q.key,
            today: today.get(q.key)!.counters,
          });
        const waiting = projector.waitingSummary(q.key, asOf);
        expect({ at: asOf, queue: q.key, waiting: waiting.waiting }).toEqual({
          at: asOf,
          queue: q.key,
          waiting: expected.waiting,
        });
        if (expected.oldest !== null)
          expect(waiting.longestWaitSeconds).toBeCloseTo((asOf - expected.oldest) / 1000, 3);
        compared++;
      }
    }
    expect(compared).toBe(checkpoints.length * QUEUES.length);
    expect(busyCheckpoints).toBeGreaterThan(1);
    // The stream is not trivial: every kind of counter moved somewhere.
    const totals = await historical(T0, last + 1);
    const sum = Object.fromEntries(
      COUNTER_KEYS.map((k) => [k, [...totals.values()].reduce((s, r) => s + r.counters[k], 0)]),
    );
    for (const k of COUNTER_KEYS) expect({ [k]: sum[k]! > 0 }).toEqual({ [k]: true });
    expect(sum.entered).toBeGreaterThan(TICKETS);
  }, 120_000);
});
