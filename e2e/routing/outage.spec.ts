/**
 * Dependencies that go away under traffic. One api and one router on a PostgreSQL and a Redis of
 * this test's own; tickets arrive at 10 a second while agents take and resolve them. PostgreSQL
 * is killed (kill -9) for 5 s, then Redis is killed and comes back empty 5 s later. Throughout:
 * no answer is a 500 (an outage is a 503 with Retry-After, and health names what is down), both
 * processes stay up and recover by themselves, every ticket the clients posted exists once and
 * is resolved, and no log line holds a customer's data.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The same embedded PostgreSQL npm start runs, started here so this test can kill it.
// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is no project; its helper is what npm start runs
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/lib/services.mjs';
import { Stack, waitFor } from '../support/stack.js';
import {
  createAgents,
  expectCleanHistories,
  queueBody,
  resolvedCount,
  setStatus,
  type SimulatedAgent,
} from './agents.js';

const RATE_PER_SECOND = 10;
const TRAFFIC_SECONDS = 26;
const QUEUE = 'outage';
/** A marker in every customer's name and phone: it must never appear in a log. */
const MARKER = `Zq${randomBytes(3).toString('hex')}`;

let postgres: EmbeddedServer;
let dataDir: string;
let stack: Stack;

beforeAll(async () => {
  const port = 41_000 + Math.floor(Math.random() * 9_000);
  dataDir = join(tmpdir(), `sb-outage-${port}`);
  postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'data'), port, database: 'postgres', log: () => {} });
  stack = await Stack.start('outage', {
    adminDatabaseUrl: postgres.url,
    ownRedis: true,
    env: {
      RECONCILE_INTERVAL_SECONDS: '2',
      ROUTING_RECHECK_SECONDS: '3',
      LOG_LEVEL: 'info',
      // Wrong passwords and retries at 10 a second must not be what is measured here.
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The postgres process: killed as a crash would. */
function postmaster(): ChildProcess {
  return (postgres.server as unknown as { process: ChildProcess }).process;
}

async function killPostgres(): Promise<void> {
  const proc = postmaster();
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
  (postgres.server as unknown as { process?: ChildProcess }).process = undefined;
}

function redisPort(): number {
  return Number(new URL(stack.env.REDIS_URL!).port);
}

async function killRedis(): Promise<void> {
  const proc = stack.ownRedis!;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

/** Redis back on the same port with nothing in it (no persistence): everything it held is gone. */
function startRedis(): void {
  stack.ownRedis = spawn(
    'redis-server',
    ['--port', String(redisPort()), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

async function call(method: string, path: string, token: string | null, body?: unknown, key?: string): Promise<Answer> {
  try {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  } catch (error) {
    // The api did not answer at all (it would be down): recorded as status 0.
    return { status: 0, retryAfter: null, body: String(error) };
  }
}

/**
 * Accepts each offer and resolves the ticket shortly after, as a desk does: a 503 is tried again
 * after Retry-After; a 409 means the offer was taken back meanwhile (it will come again).
 */
function workLikeAnAgent(agent: SimulatedAgent, failures: string[]): void {
  const persist = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    for (;;) {
      const answer = await call(method, path, agent.token, body);
      if (answer.status !== 503 && answer.status !== 0) return answer;
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  agent.socket.on('offer.created', (offer) => {
    void (async () => {
      const accepted = await persist('POST', `/api/offers/${offer.offerId}/accept`);
      if (accepted.status === 409) return;
      if (accepted.status !== 200) return void failures.push(`accept ${accepted.status} ${accepted.body}`);
      await new Promise((r) => setTimeout(r, 100));
      const resolved = await persist('POST', `/api/tickets/${offer.ticketId}/resolve`, { resolutionCode: 'fixed' });
      if (resolved.status !== 200) failures.push(`resolve ${resolved.status} ${resolved.body}`);
    })();
  });
}

it('rides out PostgreSQL and Redis going away under traffic, and loses nothing', async () => {
  const admin = JSON.parse(
    (await call('POST', '/api/auth/login', null, { email: 'admin@switchboard.local', password: 'switchboard' })).body,
  ).accessToken as string;
  const integration = JSON.parse(
    (await call('POST', '/api/auth/login', null, { email: 'integration@switchboard.local', password: 'switchboard' }))
      .body,
  ).accessToken as string;
  const supervisor = JSON.parse(
    (await call('POST', '/api/auth/login', null, { email: 'supervisor@switchboard.local', password: 'switchboard' }))
      .body,
  ).accessToken as string;
  expect((await stack.call('POST', '/api/queues', admin, queueBody(QUEUE, { offerTimeoutSeconds: 5 }))).status).toBe(
    201,
  );
  const agents = await createAgents(stack, admin, QUEUE, 3, 'out');
  const failures: string[] = [];
  agents.forEach((a) => workLikeAnAgent(a, failures));
  for (const a of agents) await setStatus(stack, a, 'available');

  const answers: Answer[] = [];
  const posted = new Set<string>();
  /** Posts one ticket like a well-behaved connector: the same key until it is answered 200/201. */
  const postTicket = async (n: number) => {
    const key = `outage-${n}`;
    const body = {
      channel: 'voice',
      queue: QUEUE,
      subject: `Outage ticket ${n}`,
      customer: {
        externalId: `out-${n}`,
        name: `${MARKER} Customer ${n}`,
        phone: `+90 532 ${MARKER.length}${String(n).padStart(6, '0')}`,
      },
    };
    let last: Answer | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      const answer = await call('POST', '/api/tickets', integration, body, key);
      answers.push(answer);
      last = answer;
      if (answer.status === 201 || answer.status === 200) {
        posted.add(JSON.parse(answer.body).id as string);
        return;
      }
      // 503 says when to come back; a connection refused means try again soon.
      await new Promise((r) => setTimeout(r, Math.min(1000, Number(answer.retryAfter ?? 1) * 200)));
    }
    failures.push(`ticket ${n} never accepted (last: ${last?.status} ${last?.body.slice(0, 200)})`);
  };

  const health: { phase: string; status: number; body: string }[] = [];
  const reads: Answer[] = [];
  const probe = async (phase: string) => {
    const h = await call('GET', '/api/health', null);
    health.push({ phase, status: h.status, body: h.body });
    reads.push(await call('GET', `/api/tickets?q=${MARKER}&limit=5`, supervisor));
  };

  const started = Date.now();
  const traffic = (async () => {
    const inFlight: Promise<void>[] = [];
    for (let n = 0; n < RATE_PER_SECOND * TRAFFIC_SECONDS; n++) {
      const due = started + (n * 1000) / RATE_PER_SECOND;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      inFlight.push(postTicket(n));
    }
    await Promise.all(inFlight);
  })();

  const at = (seconds: number) => new Promise((r) => setTimeout(r, Math.max(0, started + seconds * 1000 - Date.now())));
  await at(4);
  await killPostgres();
  await at(6);
  await probe('postgres down');
  await at(9);
  await postgres.server.start();
  await at(13);
  await probe('both up');
  await killRedis();
  await at(15);
  await probe('redis down');
  await at(18);
  startRedis();
  await traffic;

  // Every ticket a client was told exists is routed and resolved once, repaired by the reconciler.
  await waitFor(
    async () => (await resolvedCount(stack, QUEUE)) === posted.size,
    120_000,
    () =>
      // Each process's last lines: an api that died shows why here, not under the router's.
      [
        ...failures,
        `resolved ${posted.size}`,
        ...stack.processes.map((p) => `--- ${p.name} (exit ${p.child.exitCode})\n${p.output().slice(-3000)}`),
      ].join('\n'),
  );
  await probe('after');

  const api = stack.processes.find((p) => p.name === 'api')!;
  const router = stack.processes.find((p) => p.name.startsWith('router'))!;
  expect({ api: api.child.exitCode, router: router.child.exitCode }).toEqual({ api: null, router: null });

  const statuses = [...answers, ...reads].reduce<Record<number, number>>((acc, a) => {
    acc[a.status] = (acc[a.status] ?? 0) + 1;
    return acc;
  }, {});
  const serverErrors = [...answers, ...reads].filter((a) => a.status >= 500 && a.status !== 503);
  expect(serverErrors.map((a) => `${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
  expect(statuses[0] ?? 0).toBe(0); // the api always answered
  expect(statuses[503] ?? 0).toBeGreaterThan(0); // the outage was seen, as 503s
  for (const a of [...answers, ...reads].filter((x) => x.status === 503))
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
  expect(failures).toEqual([]);

  // Health names what is down.
  const byPhase = Object.fromEntries(health.map((h) => [h.phase, h]));
  expect(byPhase['postgres down']).toMatchObject({ status: 503 });
  expect(JSON.parse(byPhase['postgres down']!.body).error).toHaveProperty('postgres');
  expect(byPhase['redis down']).toMatchObject({ status: 503 });
  expect(JSON.parse(byPhase['redis down']!.body).error).toHaveProperty('redis');
  expect(byPhase['after']).toMatchObject({ status: 200 });

  // Every ticket exists once (retried posts were answered with the same ticket) and ended well.
  expect(posted.size).toBe(RATE_PER_SECOND * TRAFFIC_SECONDS);
  const [{ n }] = await stack.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE q.key = $1`,
    [QUEUE],
  );
  expect(n).toBe(posted.size);
  await expectCleanHistories(stack, QUEUE);

  // Nothing a customer sent, nor a password hash, reached a log line.
  const logs = stack.logs();
  expect(logs).not.toContain(MARKER);
  expect(logs).not.toMatch(/\$argon2id\$/);
  expect(logs).toMatch(/unreachable/); // the outages were logged, as outages
  console.log(JSON.stringify({ statuses, tickets: posted.size, seconds: Math.round((Date.now() - started) / 1000) }));
}, 300_000);
