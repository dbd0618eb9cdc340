/**
 * Queueing sanity: is routing work-conserving and fast? Poisson arrivals and exponential handle
 * times are drawn up front and pushed through the real API to simulated agents that always
 * accept and hold each ticket for its drawn time. The same arrival times and the busy times the
 * agents measured are then replayed through an ideal first-come-first-served N-agent queue: our
 * waits may exceed the ideal ones only by routing overhead. The server's own ASA and service
 * level must agree with what the clients measured.
 *
 * Clock: every process runs on this machine, so the api's timestamps and the test's Date.now()
 * are one clock.
 */
import type { CreateTicketResponse, QueueMetrics } from '@switchboard/contracts';
import { Stack, waitFor } from '../support/stack.js';
import { createAgents, queueBody, resolvedCount, setStatus, ticketBody } from '../routing/agents.js';

const AGENTS = 4;
const TICKETS = 200;
const MEAN_HANDLE_MS = 1_000;
/** Offered load ρ = λ·h/N = 0.85: long enough queues that most tickets wait for a busy agent. */
const ARRIVALS_PER_SECOND = 3.4;
const SL_THRESHOLD_SECONDS = 1;
const SEED = 7;

/** mulberry32: a small seeded generator, so every run draws the same traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const exponential = (next: () => number, mean: number) => -Math.log(1 - next()) * mean;

/** Waits in an ideal FCFS queue with `servers` identical agents and no overhead at all. */
function idealFcfsWaits(arrivals: number[], busy: number[], servers: number): number[] {
  const freeAt = Array<number>(servers).fill(-Infinity);
  return arrivals.map((at, i) => {
    const k = freeAt.indexOf(Math.min(...freeAt));
    const start = Math.max(at, freeAt[k]!);
    freeAt[k] = start + busy[i]!;
    return start - at;
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1]!;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

interface Measured {
  postedAt?: number; // client: POST sent
  ticketId?: string;
  queuedAt?: number; // server: the ticket joined the queue
  offeredAt?: number; // client: offer.created received; the agent is taken from here on
  acceptedAt?: number; // client: accept's 200 received
  freedAt?: number; // client: resolve's 200 received (queue wrap-up 0: routable again)
}

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start('queueing');
}, 120_000);
afterAll(() => stack?.stop());

it('waits exceed an ideal FCFS queue only by routing overhead; server ASA and SL match the clients', async () => {
  const next = random(SEED);
  const gaps = Array.from({ length: TICKETS }, () => exponential(next, 1000 / ARRIVALS_PER_SECOND));
  const holds = Array.from({ length: TICKETS }, () => exponential(next, MEAN_HANDLE_MS));

  const admin = (await stack.login('admin@switchboard.local')).accessToken;
  const integration = (await stack.login('integration@switchboard.local')).accessToken;
  const queue = queueBody('erlang', {
    serviceLevel: { thresholdSeconds: SL_THRESHOLD_SECONDS, targetPercent: 80 },
    offerTimeoutSeconds: 60,
    wrapUpSeconds: 0,
  });
  expect((await stack.call('POST', '/api/queues', admin, queue)).status).toBe(201);
  const agents = await createAgents(stack, admin, 'erlang', AGENTS, 'erl');

  const measured: Measured[] = [];
  const failures: string[] = [];
  for (const agent of agents) {
    agent.socket.on('offer.created', (offer) => {
      const offeredAt = Date.now();
      void (async () => {
        const accepted = await stack.call('POST', `/api/offers/${offer.offerId}/accept`, agent.token);
        if (accepted.status !== 200) return void failures.push(`accept ${accepted.status}`);
        const acceptedAt = Date.now();
        // The ticket's number is in its subject; its hold time was drawn with its arrival.
        const n = Number(/(\d+)$/.exec(offer.ticket.subject)?.[1]);
        await new Promise((r) => setTimeout(r, holds[n]));
        const resolved = await stack.call('POST', `/api/tickets/${offer.ticketId}/resolve`, agent.token, {
          resolutionCode: 'fixed',
        });
        if (resolved.status !== 200) return void failures.push(`resolve ${resolved.status}`);
        // The offer may overtake the POST's own response: measured[n] may not exist yet.
        measured[n] = { ...measured[n]!, offeredAt, acceptedAt, freedAt: Date.now() };
      })();
    });
  }
  for (const agent of agents) await setStatus(stack, agent, 'available');

  // Open loop: each ticket is posted at its drawn time, whatever happened to the ones before.
  const start = Date.now() + 500;
  let due = start;
  const posts = gaps.map((gap, n) => {
    due += gap;
    const at = due;
    return new Promise<void>((resolve) =>
      setTimeout(
        async () => {
          const postedAt = Date.now();
          const res = await stack.call<CreateTicketResponse>(
            'POST',
            '/api/tickets',
            integration,
            ticketBody('erlang', n),
          );
          if (res.status !== 201) failures.push(`post ${res.status} ${JSON.stringify(res.body)}`);
          else measured[n] = { ...measured[n], postedAt, ticketId: res.body.id };
          resolve();
        },
        Math.max(0, at - Date.now()),
      ),
    );
  });
  await Promise.all(posts);
  await waitFor(
    async () =>
      (await resolvedCount(stack, 'erlang')) === TICKETS &&
      measured.filter((m) => m.freedAt !== undefined && m.postedAt !== undefined).length === TICKETS,
    120_000,
    () => failures.join('\n') + stack.logs(),
  );
  expect(failures).toEqual([]);
  // Arrival: the moment the ticket joined the queue (its queued event), the order routing serves.
  const queued = await stack.query<{ id: string; enqueued_at: Date }>(`SELECT id, enqueued_at FROM tickets`);
  const queuedAt = new Map(queued.map((t) => [t.id, t.enqueued_at.getTime()]));
  for (const m of measured) m.queuedAt = queuedAt.get(m.ticketId!);

  // Ours: ticket queued → offer on the agent's screen. Busy: offer → agent routable again.
  const arrivals = measured.map((m) => m.queuedAt!);
  const ours = measured.map((m) => m.offeredAt! - m.queuedAt!);
  const busy = measured.map((m) => m.freedAt! - m.offeredAt!);
  const order = arrivals.map((_, i) => i).sort((a, b) => arrivals[a]! - arrivals[b]!);
  const idealSorted = idealFcfsWaits(
    order.map((i) => arrivals[i]!),
    order.map((i) => busy[i]!),
    AGENTS,
  );
  const ideal: number[] = [];
  order.forEach((i, k) => (ideal[i] = idealSorted[k]!));
  const excess = ours.map((w, i) => w - ideal[i]!);
  const report = {
    oursMeanMs: Math.round(mean(ours)),
    idealMeanMs: Math.round(mean(ideal)),
    excessMeanMs: +mean(excess).toFixed(1),
    excessP50Ms: quantile(excess, 0.5),
    excessP99Ms: quantile(excess, 0.99),
    waitedShare: ideal.filter((w) => w > 0).length / TICKETS,
  };
  // The traffic must make agents busy enough that routing has to queue.
  expect(report.waitedShare).toBeGreaterThan(0.3);
  // QUEUEING_DUMP=<file> keeps the raw timings, event log and routing jobs for a closer look.
  if (process.env.QUEUEING_DUMP) {
    const { writeFileSync } = await import('node:fs');
    const events = await stack.query(`SELECT ticket_id, type, at, data FROM ticket_events ORDER BY at`);
    const redis = stack.redis();
    const ids = await redis.zrange(`${stack.prefix}:routing:completed`, 0, -1);
    const jobs = [];
    for (const id of ids) jobs.push({ id, ...(await redis.hgetall(`${stack.prefix}:routing:${id}`)) });
    redis.disconnect();
    const agentEvents = await stack.query(`SELECT * FROM agent_events ORDER BY at`).catch(() => []);
    writeFileSync(process.env.QUEUEING_DUMP, JSON.stringify({ measured, ideal, events, agentEvents, jobs }));
  }
  // Failures print every figure: the diff shows the whole object. The mean holds the hot path's
  // target (≤ 10 ms); the p99 gets room for the rest of the suite sharing the two cores (alone
  // it measures 9 ms, beside another test file up to 89 ms; see docs/benchmarks.md).
  const verdict = { ...report, meanOk: report.excessMeanMs <= 10, p99Ok: report.excessP99Ms <= 100 };
  expect(verdict).toEqual({ ...verdict, meanOk: true, p99Ok: true });

  // What the customers experienced, as the clients measured it: POST sent → answered.
  const answerMs = measured.map((m) => m.acceptedAt! - m.postedAt!);
  const clientAsa = mean(answerMs) / 1000;
  const clientSl = (100 * answerMs.filter((w) => w <= SL_THRESHOLD_SECONDS * 1000).length) / TICKETS;
  let server: QueueMetrics | undefined;
  await waitFor(
    async () => {
      const res = await stack.call<QueueMetrics[]>('GET', '/api/metrics/queues', admin);
      server = res.body.find((q) => q.queue === 'erlang');
      return server?.answered === TICKETS;
    },
    10_000,
    () => JSON.stringify(server),
  );
  const figures = { clientAsa, serverAsa: server!.asaSeconds, clientSl, serverSl: server!.serviceLevelPercent, report };
  const agreement = {
    ...figures,
    asaOk: Math.abs(server!.asaSeconds! - clientAsa) <= 0.1 * clientAsa,
    slOk: Math.abs(server!.serviceLevelPercent! - clientSl) <= 3,
  };
  expect(agreement).toEqual({ ...agreement, asaOk: true, slOk: true });
  console.log(JSON.stringify(figures));
}, 240_000);
