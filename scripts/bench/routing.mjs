#!/usr/bin/env node
/**
 * Routing benchmark: `npm run bench:routing` (compiles first; run the script directly only with a
 * current dist/). BENCH_ROOT=<checkout> starts that checkout's apps/api/dist and apps/router/dist
 * instead of this one's: the same script then measures "before" and "after".
 *
 * One run starts a private stack (lib.mjs's benchStack: its own PostgreSQL database and Redis
 * prefix, one api, one router) and measures, every time on this process's own clock (`wall()`):
 *
 *   1. Route latency at 50/s and at 100/s (BENCH_RATES). BENCH_AGENTS (20) voice agents of a
 *      queue with wrap-up 0 and a 30 s offer timeout accept every offer and resolve it at once.
 *      Tickets are posted open-loop (on a fixed schedule, never waiting for answers) for
 *      BENCH_SECONDS (15), after a BENCH_WARMUP_SECONDS (3) warm-up at the same rate that is
 *      drained first. Route latency = POST sent → that ticket's `offer.created` received on an
 *      agent's socket (not from the 201: the offer often arrives before it). Also: tickets without
 *      an offer when posting ended, the drain (last POST → last offer) and tickets never offered
 *      within BENCH_DRAIN_SECONDS (120; abandoned then, so the next phase starts clean).
 *      Target: p99 ≤ 50 ms.
 *   2. Highest sustained full-lifecycle rate. A closed loop keeps N tickets in flight; a
 *      lifecycle is intake POST → `offer.created` → accept → resolve (wrap-up 0: the agent is free
 *      again at once), and when one ends the next ticket is posted. A closed loop cannot build a
 *      backlog, so whatever rate it completes is sustained by construction; its rate grows with N
 *      until the stack saturates, then stays flat while lifecycle latency grows (Little's law:
 *      rate = N / lifecycle time), or falls if waiting tickets cost work of their own. An agent
 *      holds one voice call at a time: N = 20 is one ticket per agent, N = 40 and 80 keep tickets
 *      waiting for every agent that frees up (more is only a longer queue). Each N of
 *      BENCH_LIFECYCLE_CONCURRENCY (20,40,80) gets a BENCH_WARMUP_SECONDS warm-up, then a
 *      BENCH_LIFECYCLE_SECONDS (15) window; lifecycles completed in the window ÷ its length is the
 *      rate. If the fewest in flight did best, the peak may lie lower: N is halved (10, 5, …) for
 *      as long as the rate improves. The best N is reported, with its lifecycle latency (POST sent
 *      → resolve answered) p50/p99. Target: ≥ 200/s.
 *   3. Per lifecycle, over that best window: CPU ms of api, router, the PostgreSQL processes of
 *      the bench's database (/proc/<pid>/stat, sampled every second: client backends split by
 *      application_name, and autovacuum workers; the server's shared WAL writer, checkpointer …
 *      are reported apart), Redis (INFO cpu: a shared server, others' commands count too) and
 *      this process (agents and clients); and the SQL statements api and router sent. Target: ≤ 10 ms of CPU across api +
 *      router + PostgreSQL + Redis. Statements are counted in the processes: pg_stat_statements
 *      needs shared_preload_libraries (a server restart), so api and router load a preload
 *      (written into tmp/, --import) that wraps pg's Client#query — what TypeORM, pools and
 *      transactions all go through, BEGIN and COMMIT included — with a counter increment: a few
 *      nanoseconds per statement, so it is always on. SIGWINCH makes it write the count to a file
 *      (not SIGUSR2: Nest's shutdown hooks take that as a request to stop).
 *   4. BullMQ floor: a bare Queue + Worker (concurrency 16, the router's default) on the same
 *      Redis under the stack's prefix, BENCH_FLOOR_JOBS (500) jobs added at the first rate (50/s);
 *      add() called → processor started. Route latency at 50/s is reported as a multiple of it.
 *   5. Intake alone: a queue without agents, BENCH_INTAKE_CONCURRENCY (32) POSTs in flight (closed
 *      loop) for BENCH_INTAKE_SECONDS (10): tickets/s and POST latency p50/p99. Target ≥ 500/s.
 *      Last, because the router would keep re-checking the tickets it leaves waiting.
 *
 * Prints the machine (with load averages: the machine may be shared), a table of each target and
 * whether it is met, and writes tmp/bench-routing.json. BENCH_PROFILE=1 also runs api and router
 * with --cpu-prof (into tmp/prof/), times every statement, and prints the top self-time functions
 * and the statements per lifecycle by text.
 *
 * BENCH_ONLY=intake (or route, lifecycle, floor, comma-separated) runs only those phases and prints
 * their results as JSON, for working on one path.
 *
 * BENCH_KEEP_DATABASE=1 leaves the run's PostgreSQL database in place (its name is printed) to look
 * into afterwards, e.g. each ticket's wait for its first offer.
 *
 * Env: BENCH_ROOT, BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 900), and the
 * settings above. Everything it made (processes, database, Redis keys, its files in tmp/ but the
 * results) is removed at the end, also on failure, Ctrl-C and the timeout.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  agentSocket,
  benchStack,
  demoLogin,
  CLK_TCK,
  expectStatus,
  fmt,
  log,
  num,
  procCpuMs,
  sleep,
  summary,
  wall,
} from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'tmp');
const PROF_DIR = join(TMP, 'prof');
const RESULT_FILE = join(TMP, 'bench-routing.json');
/** This run's own files (the preload, statement counts): removed when the process exits. */
const RUN_DIR = join(TMP, `bench-routing-${randomBytes(4).toString('hex')}`);

const numbers = (name, fallback) =>
  (process.env[name] || fallback).split(',').map((v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must list positive numbers, got '${v}'`);
    return n;
  });

const CFG = {
  root: resolve(process.env.BENCH_ROOT || ROOT),
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  rates: numbers('BENCH_RATES', '50,100'),
  seconds: num('BENCH_SECONDS', 15),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 120),
  agents: Math.round(num('BENCH_AGENTS', 20)),
  lifecycleConcurrency: numbers('BENCH_LIFECYCLE_CONCURRENCY', '20,40,80').map(Math.round),
  lifecycleSeconds: num('BENCH_LIFECYCLE_SECONDS', 15),
  floorJobs: Math.round(num('BENCH_FLOOR_JOBS', 500)),
  intakeConcurrency: Math.round(num('BENCH_INTAKE_CONCURRENCY', 32)),
  intakeSeconds: num('BENCH_INTAKE_SECONDS', 10),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 900),
  profile: ['1', 'true', 'yes'].includes(process.env.BENCH_PROFILE ?? ''),
  /** Only these phases (route, lifecycle, floor, intake), printed as JSON without the report. */
  only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((p) => p.trim()) : null,
};
const TARGETS = { routeP99Ms: 50, lifecyclesPerSecond: 200, intakePerSecond: 500, stackCpuMsPerLifecycle: 10 };
const OFFER_TIMEOUT_SECONDS = 30;
/** The router's default worker concurrency (ROUTER_CONCURRENCY), used by the BullMQ floor too. */
const ROUTER_CONCURRENCY = Number(process.env.ROUTER_CONCURRENCY) || 16;
/** A lifecycle not over after this long is counted as stuck; its slot moves on. */
const LIFECYCLE_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------------------------
// The stack, and everything the benchmark opens itself (closed before the processes stop).

const opened = { sockets: [], closers: [] };
const stack = benchStack({
  root: CFG.root,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  // The agents' tokens must outlive a slow run (a drain can take minutes); nothing else changes.
  env: { JWT_TTL_SECONDS: '3600' },
  nodeArgs: (name) => [
    `--import=${pathToFileURL(join(RUN_DIR, 'preload.mjs'))}?name=${name}`,
    ...(CFG.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : []),
  ],
  beforeStop: async () => {
    for (const socket of opened.sockets) socket.close();
    for (const close of opened.closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => {});
  },
});
process.on('exit', () => rmSync(RUN_DIR, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Statement counting inside api and router

/** Loaded into api and router with --import (see the header). Their `pg` is the checkout's own. */
function preloadSource() {
  return `// Written by scripts/bench/routing.mjs for one run; removed when the run ends.
import { createRequire } from 'node:module';
import { renameSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const name = new URL(import.meta.url).searchParams.get('name');
const dir = ${JSON.stringify(RUN_DIR)};
const detail = ${CFG.profile};
const { Client } = createRequire(${JSON.stringify(join(CFG.root, 'package.json'))})('pg');
const query = Client.prototype.query;
let calls = 0;
const bySql = new Map();

// Always: one increment per statement.
function countedQuery(...args) {
  calls++;
  return query.apply(this, args);
}

// BENCH_PROFILE only: also time each statement and group by its text.
function timedQuery(config, values, callback) {
  calls++;
  const key = ((typeof config === 'string' ? config : config && config.text) || '?').replace(/\\s+/g, ' ').trim().slice(0, 160);
  const t0 = performance.now();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const e = bySql.get(key) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += performance.now() - t0;
    bySql.set(key, e);
  };
  if (typeof values === 'function') {
    const cb = values;
    values = function (...a) { end(); return cb.apply(this, a); };
  } else if (typeof callback === 'function') {
    const cb = callback;
    callback = function (...a) { end(); return cb.apply(this, a); };
  }
  const result = query.call(this, config, values, callback);
  if (result && typeof result.then === 'function') result.then(end, end);
  return result;
}
Client.prototype.query = detail ? timedQuery : countedQuery;

let dumps = 0;
process.on('SIGWINCH', () => {
  const file = dir + '/stmts-' + name + '-' + dumps++ + '.json';
  writeFileSync(file + '.part', JSON.stringify({ calls, bySql: detail ? Object.fromEntries(bySql) : undefined }));
  renameSync(file + '.part', file);
});

// BENCH_PROFILE only: Nest re-raises SIGTERM after closing, which would kill the process before
// it writes its CPU profile; exit normally instead.
if (detail) {
  let terms = 0;
  process.on('SIGTERM', () => {
    if (++terms > 1) process.exit(0);
    setTimeout(() => process.exit(0), 8000).unref();
  });
}
`;
}

const dumpsSent = new Map();
/** The statement count of api or router now: { calls, bySql? }, or null if it does not answer. */
async function statementCount(proc) {
  if (proc.child.exitCode !== null) return null;
  const n = dumpsSent.get(proc.name) ?? 0;
  dumpsSent.set(proc.name, n + 1);
  const file = join(RUN_DIR, `stmts-${proc.name}-${n}.json`);
  proc.child.kill('SIGWINCH');
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    await sleep(2);
  }
  log(`warning: ${proc.name} did not report its statement count`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Tickets and agents. Every ticket's progress, as the agents see it, on this process's clock.

/** ticketId → { offeredAt, offers, resolvedAt, failed, onEnd } */
const tickets = new Map();
const ticket = (id) => {
  let t = tickets.get(id);
  if (!t) tickets.set(id, (t = { offeredAt: null, offers: 0, resolvedAt: null, failed: null, onEnd: null }));
  return t;
};
/** What went wrong on the agents' side: message → count. */
const trouble = new Map();
const note = (what) => trouble.set(what, (trouble.get(what) ?? 0) + 1);

let integrationToken;
let ticketSeq = 0;
const RUN_TAG = randomBytes(3).toString('hex');
function ticketBody(queue) {
  const n = ++ticketSeq;
  return { channel: 'voice', queue, subject: `Bench ticket ${n}`, customer: { externalId: `bench-${RUN_TAG}-${n}` } };
}

/** One intake POST: { status, id, sent, done } (sent: when the request was issued). */
async function postTicket(queue) {
  try {
    const r = await stack.call('POST', '/api/tickets', integrationToken, ticketBody(queue));
    return { status: r.status, id: r.status === 201 ? r.body.id : null, sent: r.sent, done: r.done };
  } catch (error) {
    return { status: 0, id: null, error: error.message, sent: NaN, done: NaN };
  }
}

/** Resolves with the wall time a ticket's resolve was answered, or null (failed or timed out). */
function lifecycleEnd(id, timeoutMs) {
  const t = ticket(id);
  if (t.resolvedAt !== null || t.failed) return Promise.resolve(t.resolvedAt);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      t.onEnd = null;
      done(null);
    }, timeoutMs);
    t.onEnd = () => {
      clearTimeout(timer);
      done(t.resolvedAt);
    };
  });
}

function endTicket(t, failure) {
  if (failure) {
    t.failed = failure;
    note(failure);
  }
  t.onEnd?.();
  t.onEnd = null;
}

/** An agent works every offer at once: accept, then resolve (wrap-up 0 frees them again). */
async function work(token, offer) {
  const t = ticket(offer.ticketId);
  const accepted = await stack.call('POST', `/api/offers/${offer.offerId}/accept`, token);
  // Taken back meanwhile: the ticket is offered again, to this agent or another.
  if (accepted.status === 409) return void note('accept: 409 (offer no longer pending)');
  if (accepted.status !== 200) return endTicket(t, `accept: HTTP ${accepted.status}`);
  const resolved = await stack.call('POST', `/api/tickets/${offer.ticketId}/resolve`, token, {
    resolutionCode: 'fixed',
  });
  if (resolved.status !== 200) return endTicket(t, `resolve: HTTP ${resolved.status}`);
  t.resolvedAt = resolved.done;
  endTicket(t);
}

async function createAgent(adminToken, i) {
  const email = `bench${i}@agents.test`;
  const password = 'bench-agent-password';
  await expectStatus(
    stack.call('POST', '/api/agents', adminToken, {
      name: `Bench ${i}`,
      email,
      password,
      queues: ['bench'],
      capacity: { voice: 1 },
    }),
    201,
    `create agent ${email}`,
  );
  const { accessToken: token } = await expectStatus(
    stack.call('POST', '/api/auth/login', undefined, { email, password }),
    200,
    `login ${email}`,
  );
  const socket = await agentSocket(stack.base, token, email);
  opened.sockets.push(socket);
  socket.on('offer.created', (offer) => {
    const t = ticket(offer.ticketId);
    t.offeredAt ??= wall();
    t.offers++;
    work(token, offer).catch((e) => endTicket(t, `agent: ${e.message}`));
  });
  socket.on('offer.rescinded', (e) => note(`offer rescinded: ${e.reason}`));
  socket.on('session.ended', (e) => note(`agent session ended: ${e.reason}`));
  socket.on('disconnect', (reason) => note(`agent socket closed: ${reason}`));
  await expectStatus(
    stack.call('PUT', '/api/agents/me/status', token, { status: 'available' }),
    200,
    `${email} available`,
  );
}

// ---------------------------------------------------------------------------------------------
// Measuring: CPU per process, statements, the benchmark's own event loop

/** CPU ms the whole machine spent busy since boot (all processes, all cores), from /proc/stat. */
function machineBusyMs() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return ((f.slice(0, 8).reduce((a, b) => a + b, 0) - f[3] - (f[4] ?? 0)) * 1000) / CLK_TCK; // less idle, iowait
  } catch {
    return null;
  }
}

async function redisCpuMs(redis) {
  const info = await redis.info('cpu');
  const f = (k) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (f('used_cpu_sys') + f('used_cpu_user')) * 1000;
}

const PG_CLIENTS = { 'switchboard-api': 'api', 'switchboard-router': 'router', 'switchboard-bench': 'bench' };

/** Whom a PostgreSQL process works for: a client by application_name, autovacuum, or the whole server. */
function pgRole({ datname, backend_type: type, application_name: app }) {
  if (datname === null) return 'server'; // WAL writer, checkpointer, background writer: shared by every database
  if (type === 'autovacuum worker') return 'autovacuum';
  return (type === 'client backend' && PG_CLIENTS[app]) || 'other';
}

async function snapshot(ctx) {
  const [api, router] = await Promise.all([statementCount(ctx.api), statementCount(ctx.router)]);
  const redis = await redisCpuMs(ctx.redis);
  return {
    at: wall(),
    api: procCpuMs(ctx.api.child.pid),
    router: procCpuMs(ctx.router.child.pid),
    redis,
    bench: process.cpuUsage(),
    machine: machineBusyMs(),
    statements: { api, router },
  };
}

/**
 * Starts measuring what a window of work costs; `stop()` returns the usage. PostgreSQL processes
 * of the bench's database (and the server's shared ones, reported apart) are sampled every
 * second: one that ends inside the window keeps its last sample, one that starts inside it
 * counts from zero (an autovacuum worker living less than a second can be missed).
 */
async function startMeter(ctx) {
  const backends = new Map(); // pid → { role, first, last }
  let started = false;
  const sampleBackends = async () => {
    const { rows } = await ctx.monitor.query(
      `SELECT pid, datname, backend_type, application_name FROM pg_stat_activity WHERE datname = $1 OR datname IS NULL`,
      [stack.database],
    );
    for (const row of rows) {
      const ms = procCpuMs(row.pid);
      if (ms === null) continue;
      const b = backends.get(row.pid);
      if (b) b.last = ms;
      else backends.set(row.pid, { role: pgRole(row), first: started ? 0 : ms, last: ms });
    }
  };
  const from = await snapshot(ctx);
  await sampleBackends();
  started = true;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sampleBackends).catch(() => {});
  }, 1_000);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      const to = await snapshot(ctx);
      await sampleBackends();
      loopDelay.disable();
      return usage(from, to, backends, loopDelay);
    },
  };
}

const round = (v, digits = 2) =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

function usage(from, to, backends, loopDelay) {
  const wallMs = to.at - from.at;
  const postgresByClient = { api: 0, router: 0, bench: 0, autovacuum: 0, other: 0, server: 0 };
  for (const b of backends.values()) postgresByClient[b.role] += b.last - b.first;
  const bench = process.cpuUsage(from.bench);
  const cpuMs = {
    api: to.api - from.api,
    router: to.router - from.router,
    // The bench database's own processes; the shared server processes are `postgresServer`.
    postgres: Object.values(postgresByClient).reduce((a, b) => a + b, 0) - postgresByClient.server,
    redis: to.redis - from.redis,
    bench: (bench.user + bench.system) / 1000,
    postgresServer: postgresByClient.server,
  };
  cpuMs.stack = cpuMs.api + cpuMs.router + cpuMs.postgres + cpuMs.redis;
  const mine = cpuMs.stack + cpuMs.bench + cpuMs.postgresServer;
  const delta = (p) =>
    from.statements[p] && to.statements[p] ? to.statements[p].calls - from.statements[p].calls : null;
  return {
    from: from.at,
    to: to.at,
    seconds: round(wallMs / 1000),
    cpuMs: Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, round(v, 0)])),
    postgresCpuMsByClient: Object.fromEntries(Object.entries(postgresByClient).map(([k, v]) => [k, round(v, 0)])),
    coresBusy: round(mine / wallMs),
    // Everything else on the machine meanwhile (someone else's work, the OS): the noise.
    othersCoresBusy:
      from.machine === null || to.machine === null
        ? null
        : round(Math.max(0, to.machine - from.machine - mine) / wallMs),
    statements: { api: delta('api'), router: delta('router') },
    bySql: CFG.profile ? { api: sqlDelta(from, to, 'api'), router: sqlDelta(from, to, 'router') } : undefined,
    benchEventLoopDelayMs: {
      p50: round(loopDelay.percentile(50) / 1e6),
      p99: round(loopDelay.percentile(99) / 1e6),
      max: round(loopDelay.max / 1e6),
    },
  };
}

function sqlDelta(from, to, p) {
  const a = from.statements[p]?.bySql ?? {};
  return Object.entries(to.statements[p]?.bySql ?? {})
    .map(([sql, e]) => ({ sql, calls: e.calls - (a[sql]?.calls ?? 0), ms: e.ms - (a[sql]?.ms ?? 0) }))
    .filter((e) => e.calls > 0);
}

/** A window's usage divided by the work done in it (lifecycles, intakes). */
function perUnit(u, n) {
  if (!n) return null;
  const per = (v) => (v === null ? null : round(v / n));
  return {
    cpuMs: Object.fromEntries(Object.entries(u.cpuMs).map(([k, v]) => [k, per(v)])),
    postgresCpuMsByClient: Object.fromEntries(Object.entries(u.postgresCpuMsByClient).map(([k, v]) => [k, per(v)])),
    statements: { api: per(u.statements.api), router: per(u.statements.router) },
    topSql: u.bySql
      ? Object.fromEntries(
          Object.entries(u.bySql).map(([p, rows]) => [
            p,
            rows
              .sort((x, y) => y.calls - x.calls || y.ms - x.ms)
              .slice(0, 25)
              .map((e) => ({ perUnit: per(e.calls), avgMs: round(e.ms / e.calls), sql: e.sql })),
          ]),
        )
      : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 1: route latency, open loop

/** POSTs at `rate`/s on a fixed schedule, never waiting for answers; resolves when all answered. */
async function openLoop(queue, rate, seconds) {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending = [];
  let lagMaxMs = 0;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    lagMaxMs = Math.max(lagMaxMs, performance.now() - due);
    pending.push(postTicket(queue));
  }
  return { posts: await Promise.all(pending), scheduleLagMaxMs: round(lagMaxMs, 1) };
}

/** Waits until every ticket is resolved (or failed), at most `limitMs`; returns those still open. */
async function settle(ids, limitMs) {
  const open = () => ids.filter((id) => !(tickets.get(id)?.resolvedAt || tickets.get(id)?.failed));
  const deadline = performance.now() + limitMs;
  while (open().length > 0 && performance.now() < deadline) await sleep(50);
  return open();
}

/**
 * Drains what a phase left: waits for every ticket to be offered and resolved; tickets still
 * without an offer after BENCH_DRAIN_SECONDS are abandoned (the customer hung up) so the next
 * phase starts from idle agents and an empty queue. Returns the ids never offered.
 */
async function drain(ctx, ids) {
  const open = await settle(ids, CFG.drainSeconds * 1000);
  const neverOffered = open.filter((id) => !tickets.get(id)?.offeredAt);
  if (neverOffered.length > 0) {
    log(`warning: ${neverOffered.length} tickets not offered after ${CFG.drainSeconds} s: abandoning them`);
    for (const id of neverOffered) {
      const r = await stack.call('POST', `/api/tickets/${id}/abandon`, integrationToken, { reason: 'bench-drain' });
      if (r.status !== 200 && r.status !== 409) note(`abandon: HTTP ${r.status}`);
    }
    const offeredButOpen = open.filter((id) => !neverOffered.includes(id));
    await settle(offeredButOpen, 30_000);
  }
  const waiting = await openTickets(ctx, 'bench');
  if (waiting > 0) log(`warning: ${waiting} tickets of queue bench still open after the drain`);
  return neverOffered;
}

async function openTickets(ctx, queueKey) {
  const { rows } = await ctx.db.query(
    `SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id
      WHERE q.key = $1 AND t.status NOT IN ('resolved', 'abandoned')`,
    [queueKey],
  );
  return rows[0].n;
}

async function routeLatencyPhase(ctx, rate) {
  log(`route latency at ${rate}/s: ${CFG.warmupSeconds} s warm-up (not measured), drained`);
  const warm = await openLoop('bench', rate, CFG.warmupSeconds);
  await drain(
    ctx,
    warm.posts.filter((p) => p.id).map((p) => p.id),
  );

  log(`route latency at ${rate}/s: ${CFG.seconds} s, ${CFG.agents} agents`);
  const loadavg = os.loadavg().map((l) => round(l));
  const meter = await startMeter(ctx);
  const run = await openLoop('bench', rate, CFG.seconds);
  const window = await meter.stop();
  const created = run.posts.filter((p) => p.id);
  const lastSent = Math.max(...run.posts.map((p) => p.sent).filter(Number.isFinite));
  const notOfferedWhenPostingEnded = created.filter((p) => !(tickets.get(p.id)?.offeredAt <= lastSent)).length;
  const drainStart = performance.now();
  const neverOffered = await drain(
    ctx,
    created.map((p) => p.id),
  );
  const offered = created.filter((p) => tickets.get(p.id)?.offeredAt);
  const latency = offered.map((p) => tickets.get(p.id).offeredAt - p.sent);
  const lastOffer = Math.max(lastSent, ...offered.map((p) => tickets.get(p.id).offeredAt));
  const routeLatencyMs = summary(latency);
  return {
    rate,
    seconds: CFG.seconds,
    agents: CFG.agents,
    loadavgAtStart: loadavg,
    posted: run.posts.length,
    created: created.length,
    postErrors: statusCounts(run.posts.filter((p) => !p.id)),
    offered: offered.length,
    notOfferedWhenPostingEnded,
    drainSeconds: round((lastOffer - lastSent) / 1000),
    drainWaitSeconds: round((performance.now() - drainStart) / 1000),
    neverOffered: neverOffered.length,
    negativeLatencies: latency.filter((v) => v < 0).length,
    reoffered: offered.filter((p) => tickets.get(p.id).offers > 1).length,
    scheduleLagMaxMs: run.scheduleLagMaxMs,
    routeLatencyMs,
    postLatencyMs: summary(created.map((p) => p.done - p.sent)),
    usage: window,
    targetMet:
      routeLatencyMs.p99 !== null &&
      routeLatencyMs.p99 <= TARGETS.routeP99Ms &&
      neverOffered.length === 0 &&
      created.length === run.posts.length,
  };
}

function statusCounts(posts) {
  const out = {};
  for (const p of posts) {
    const k = p.status === 0 ? `error: ${p.error}` : `HTTP ${p.status}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phase 2: the full lifecycle, closed loop

async function lifecyclePhase(ctx, concurrency) {
  log(`full lifecycle, ${concurrency} in flight: ${CFG.warmupSeconds} s warm-up, ${CFG.lifecycleSeconds} s measured`);
  const loadavg = os.loadavg().map((l) => round(l));
  const completed = []; // { sent, end }
  const failures = [];
  const stuck = [];
  let stopping = false;
  const slot = async () => {
    while (!stopping) {
      const post = await postTicket('bench');
      if (!post.id) {
        failures.push(post);
        await sleep(20);
        continue;
      }
      const end = await lifecycleEnd(post.id, LIFECYCLE_TIMEOUT_MS);
      if (end === null) stuck.push(post.id);
      else completed.push({ sent: post.sent, end });
    }
  };
  const slots = Array.from({ length: concurrency }, slot);
  await sleep(CFG.warmupSeconds * 1000);
  const meter = await startMeter(ctx);
  await sleep(CFG.lifecycleSeconds * 1000);
  const window = await meter.stop();
  stopping = true;
  await Promise.all(slots); // the ones in flight finish; none is posted after the window
  const neverOffered = await drain(ctx, stuck);
  const inWindow = completed.filter((c) => c.end >= window.from && c.end < window.to);
  const rate = inWindow.length / (window.seconds || 1);
  return {
    concurrency,
    loadavgAtStart: loadavg,
    seconds: window.seconds,
    lifecycles: inWindow.length,
    lifecyclesPerSecond: round(rate, 1),
    lifecycleLatencyMs: summary(inWindow.map((c) => c.end - c.sent)),
    postErrors: statusCounts(failures),
    stuck: stuck.length,
    neverOffered: neverOffered.length,
    usage: window,
    perLifecycle: perUnit(window, inWindow.length),
  };
}

/** A lifecycle phase at each N; when the fewest in flight did best, N is halved while the rate improves. */
async function lifecycleLevels(ctx) {
  const levels = [];
  for (const n of CFG.lifecycleConcurrency) levels.push(await lifecyclePhase(ctx, n));
  const best = () => levels.reduce((a, b) => (b.lifecyclesPerSecond > a.lifecyclesPerSecond ? b : a));
  let lowest = levels.reduce((a, b) => (b.concurrency < a.concurrency ? b : a));
  while (best() === lowest && lowest.concurrency >= 2) {
    lowest = await lifecyclePhase(ctx, Math.floor(lowest.concurrency / 2));
    levels.push(lowest);
  }
  return { levels, best: best() };
}

// ---------------------------------------------------------------------------------------------
// Phase 4: the BullMQ floor

function bullConnection(redisUrl) {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

async function floorPhase(rate) {
  const connection = bullConnection(CFG.redisUrl);
  const prefix = `${stack.prefix}:bullfloor`; // under the stack's prefix: deleted with it
  const started = new Map();
  const queue = new Queue('floor', { connection, prefix });
  const worker = new Worker('floor', async (job) => void started.set(job.data.i, performance.now()), {
    connection,
    prefix,
    concurrency: ROUTER_CONCURRENCY,
  });
  opened.closers.push(
    () => worker.close(true),
    () => queue.close(),
  );
  await Promise.all([worker.waitUntilReady(), queue.waitUntilReady()]);
  // Unmeasured jobs first: connections opened, Lua scripts loaded.
  for (let i = 0; i < 20; i++) await queue.add('warm', { i: -1 - i }, { removeOnComplete: true });
  await sleep(300);

  log(`BullMQ floor: ${CFG.floorJobs} jobs at ${rate}/s, worker concurrency ${ROUTER_CONCURRENCY}`);
  const added = new Map();
  const adds = [];
  const start = performance.now();
  for (let i = 0; i < CFG.floorJobs; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    added.set(i, performance.now());
    adds.push(queue.add('job', { i }, { removeOnComplete: true, removeOnFail: true }));
  }
  await Promise.all(adds);
  const deadline = performance.now() + 20_000; // every job (and the 20 warm-up ones) started, or give up
  while (started.size < CFG.floorJobs + 20 && performance.now() < deadline) await sleep(20);
  await worker.close();
  await queue.close();
  const latency = [...added].filter(([i]) => started.has(i)).map(([i, t]) => started.get(i) - t);
  return { jobs: CFG.floorJobs, rate, concurrency: ROUTER_CONCURRENCY, addToStartMs: summary(latency) };
}

// ---------------------------------------------------------------------------------------------
// Phase 5: intake alone

async function intakePhase(ctx) {
  log(`intake alone: ${CFG.intakeConcurrency} POSTs in flight for ${CFG.intakeSeconds} s, no agents`);
  const loadavg = os.loadavg().map((l) => round(l));
  const accepted = [];
  const failures = [];
  const meter = await startMeter(ctx);
  const end = performance.now() + CFG.intakeSeconds * 1000;
  const slot = async () => {
    while (performance.now() < end) {
      const post = await postTicket('bench-idle');
      if (post.id) accepted.push(post);
      else {
        failures.push(post);
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: CFG.intakeConcurrency }, slot));
  const window = await meter.stop();
  const inWindow = accepted.filter((p) => p.done <= window.to);
  // Tickets accepted in each whole second: shows whether intake slows down as its queue fills.
  const perSecond = new Array(Math.floor(window.seconds)).fill(0);
  for (const p of inWindow) {
    const second = Math.floor((p.done - window.from) / 1000);
    if (second < perSecond.length) perSecond[second]++;
  }
  return {
    concurrency: CFG.intakeConcurrency,
    loadavgAtStart: loadavg,
    seconds: window.seconds,
    accepted: inWindow.length,
    ticketsPerSecond: round(inWindow.length / window.seconds, 1),
    postLatencyMs: summary(inWindow.map((p) => p.done - p.sent)),
    postErrors: statusCounts(failures),
    usage: window,
    perSecond,
    perIntake: perUnit(window, inWindow.length),
  };
}

// ---------------------------------------------------------------------------------------------
// What api and router logged: every warning and error line, counted by message

function watchLogs(proc) {
  const seen = { warn: 0, error: 0, other: 0, messages: new Map() };
  const classify = (line) => {
    if (!line.trim()) return;
    let level = 'other';
    // eslint-disable-next-line no-control-regex -- colours of a pretty-printed line
    let message = line.replace(/\u001b\[[0-9;]*m/g, '').slice(0, 200);
    try {
      const entry = JSON.parse(line);
      const l = entry.level;
      level = l >= 50 || l === 'error' || l === 'fatal' ? 'error' : l >= 40 || l === 'warn' ? 'warn' : 'info';
      message = String(entry.msg ?? entry.message ?? '').slice(0, 160);
      if (entry.err?.message) message += ` — ${String(entry.err.message).slice(0, 160)}`;
    } catch {
      // not a JSON log line (a Node warning, a stack trace): counted as it is
    }
    if (level === 'info') return;
    seen[level]++;
    const key = `${level}: ${message}`;
    if (seen.messages.has(key) || seen.messages.size < 20) seen.messages.set(key, (seen.messages.get(key) ?? 0) + 1);
  };
  let partial = '';
  const onData = (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    lines.forEach(classify);
  };
  proc.output().split('\n').forEach(classify); // what it printed before this listened
  proc.child.stdout.on('data', onData);
  proc.child.stderr.on('data', onData);
  return () => ({ warn: seen.warn, error: seen.error, other: seen.other, messages: Object.fromEntries(seen.messages) });
}

// ---------------------------------------------------------------------------------------------
// BENCH_PROFILE: where the CPU went (whole run), from the .cpuprofile files

function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const fns = new Map();
  const pkgs = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const where = url.replace(/^file:\/\//, '').replace(`${CFG.root}/`, '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const pkg = category(where, functionName);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: round((us / total) * 100, 1) }));
  return { busyMs: Math.round(total / 1000), functions: top(fns, 25), packages: top(pkgs, 15) };
}

function category(where, functionName) {
  if (!where) return functionName; // (garbage collector), (program), native
  const nm = where.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = where.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (where.startsWith('node:')) return where.split('/').slice(0, 2).join('/');
  const m = /^(apps|libs)\/([^/]+)/.exec(where);
  return m ? `${m[1]}/${m[2]} (ours)` : where;
}

/** Stops api and router with time to write their profiles (the clean-up would kill them after 5 s). */
async function collectProfiles(ctx) {
  log('stopping api and router so they write their CPU profiles');
  for (const socket of opened.sockets) socket.close();
  await Promise.all(
    [ctx.api, ctx.router].map(
      ({ child }) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
        }),
    ),
  );
  const out = {};
  for (const name of ['api', 'router']) {
    const file = join(PROF_DIR, `${name}.cpuprofile`);
    out[name] = existsSync(file) ? { file, ...summariseProfile(file) } : { missing: file };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavgBefore: os.loadavg().map((l) => round(l)),
  };
}

const yes = (ok) => (ok ? 'yes' : 'NO');
const slash = (...v) => v.map((x) => fmt(x)).join(' / ');

function printReport(r) {
  const m = r.machine;
  const [L50] = r.routeLatency;
  const best = r.lifecycle.best;
  const per = best?.perLifecycle;
  const I = r.intake;
  const F = r.floor.addToStartMs;
  const rows = [];
  for (const L of r.routeLatency) {
    const s = L.routeLatencyMs;
    rows.push([
      `route latency at ${L.rate}/s, ${L.agents} agents: p50 / p90 / p99 / max (ms)`,
      slash(s.p50, s.p90, s.p99, s.max),
      `p99 ≤ ${TARGETS.routeP99Ms}`,
      yes(L.targetMet),
    ]);
    rows.push([
      `  ${L.created} tickets: no offer when posting ended; drain; never offered`,
      `${L.notOfferedWhenPostingEnded}; ${fmt(L.drainSeconds, 2)} s; ${L.neverOffered}`,
      'never offered 0',
      yes(L.neverOffered === 0),
    ]);
  }
  rows.push([
    `highest sustained full-lifecycle rate (lifecycles/s), ${best ? `at ${best.concurrency} in flight` : ''}`,
    fmt(best?.lifecyclesPerSecond),
    `≥ ${TARGETS.lifecyclesPerSecond}`,
    yes(r.targets.lifecycleMet),
  ]);
  rows.push([
    `  lifecycle latency p50 / p99 (ms)`,
    slash(best?.lifecycleLatencyMs.p50, best?.lifecycleLatencyMs.p99),
    '',
    '',
  ]);
  rows.push([
    `intake alone, ${I.concurrency} in flight (tickets/s)`,
    fmt(I.ticketsPerSecond),
    `≥ ${TARGETS.intakePerSecond}`,
    yes(r.targets.intakeMet),
  ]);
  rows.push([`  POST latency p50 / p99 (ms)`, slash(I.postLatencyMs.p50, I.postLatencyMs.p99), '', '']);
  rows.push([
    'CPU per lifecycle, api + router + PostgreSQL + Redis (ms)',
    fmt(per?.cpuMs.stack, 2),
    `≤ ${TARGETS.stackCpuMsPerLifecycle}`,
    yes(r.targets.cpuMet),
  ]);
  rows.push([
    '  api / router / PostgreSQL / Redis; benchmark clients',
    per
      ? `${slash(per.cpuMs.api, per.cpuMs.router, per.cpuMs.postgres, per.cpuMs.redis)}; ${fmt(per.cpuMs.bench)}`
      : '–',
    '',
    '',
  ]);
  rows.push([
    '  PostgreSQL for api / router / autovacuum / other; shared server processes',
    per
      ? `${slash(
          per.postgresCpuMsByClient.api,
          per.postgresCpuMsByClient.router,
          per.postgresCpuMsByClient.autovacuum,
          per.postgresCpuMsByClient.bench + per.postgresCpuMsByClient.other,
        )}; ${fmt(per.postgresCpuMsByClient.server)}`
      : '–',
    '',
    '',
  ]);
  rows.push([
    'SQL statements per lifecycle, api / router',
    per ? slash(per.statements.api, per.statements.router) : '–',
    '',
    '',
  ]);
  rows.push([
    `BullMQ floor at ${r.floor.rate}/s, add → start p50 / p99 (ms)`,
    `${fmt(F.p50, 2)} / ${fmt(F.p99, 2)}`,
    '',
    '',
  ]);
  rows.push([
    `route latency at ${L50.rate}/s ÷ floor, p50 ; p99`,
    `${fmt(r.ratio.p50)}× ; ${fmt(r.ratio.p99)}×`,
    '',
    '',
  ]);

  const out = [''];
  out.push(`routing benchmark — ${r.root}`);
  out.push(`machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
  out.push(`load average (1/5/15 min) before: ${m.loadavgBefore.join(' ')}; after: ${r.loadavgAfter.join(' ')}`);
  out.push('');
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), 15, 3];
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  out.push(line(['measure', 'value', 'target', 'met']));
  out.push(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const row of rows) out.push(line(row));

  out.push('');
  out.push('route latency phases (open loop):');
  for (const L of r.routeLatency) {
    const u = L.usage;
    out.push(
      `  ${L.rate}/s: posted ${L.posted}, errors ${JSON.stringify(L.postErrors)}, re-offered ${L.reoffered}, negative ${L.negativeLatencies}, POST p50/p99 ${fmt(L.postLatencyMs.p50)}/${fmt(L.postLatencyMs.p99)} ms, drain waited ${fmt(L.drainWaitSeconds)} s; cores busy ${fmt(u.coresBusy, 2)} (others ${fmt(u.othersCoresBusy, 2)}), bench event-loop delay p99 ${fmt(u.benchEventLoopDelayMs.p99)} ms, schedule lag max ${fmt(L.scheduleLagMaxMs)} ms, load ${L.loadavgAtStart.join(' ')}`,
    );
  }
  out.push('full lifecycle (closed loop):');
  out.push(
    `  ${'in flight'.padEnd(10)} ${'per s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms/lc'.padStart(10)} ${'stmts api/router'.padStart(17)} ${'cores'.padStart(6)} ${'others'.padStart(7)}  stuck, errors`,
  );
  for (const p of [...r.lifecycle.levels].sort((a, b) => a.concurrency - b.concurrency)) {
    out.push(
      `  ${String(p.concurrency).padEnd(10)} ${fmt(p.lifecyclesPerSecond).padStart(7)} ${fmt(p.lifecycleLatencyMs.p50).padStart(8)} ${fmt(p.lifecycleLatencyMs.p99).padStart(8)} ${fmt(p.perLifecycle?.cpuMs.stack, 2).padStart(10)} ${`${fmt(p.perLifecycle?.statements.api)}/${fmt(p.perLifecycle?.statements.router)}`.padStart(17)} ${fmt(p.usage.coresBusy, 2).padStart(6)} ${fmt(p.usage.othersCoresBusy, 2).padStart(7)}  ${p.stuck}, ${JSON.stringify(p.postErrors)}`,
    );
  }
  out.push(`intake alone, tickets per second: ${I.perSecond.join(' ')}`);
  if (I.perIntake) {
    out.push(
      `intake alone: CPU ms per intake api / router / PostgreSQL / Redis ${slash(I.perIntake.cpuMs.api, I.perIntake.cpuMs.router, I.perIntake.cpuMs.postgres, I.perIntake.cpuMs.redis)}; statements api / router ${slash(I.perIntake.statements.api, I.perIntake.statements.router)}; errors ${JSON.stringify(I.postErrors)}; cores busy ${fmt(I.usage.coresBusy, 2)} (others ${fmt(I.usage.othersCoresBusy, 2)})`,
    );
  }
  out.push(`agents' trouble: ${JSON.stringify(r.agentTrouble)}`);
  for (const [name, logs] of Object.entries(r.logs)) {
    out.push(`${name} logged ${logs.error} errors, ${logs.warn} warnings, ${logs.other} other lines`);
    for (const [msg, n] of Object.entries(logs.messages).slice(0, 8)) out.push(`  ${String(n).padStart(5)} × ${msg}`);
  }
  console.log(out.join('\n'));
}

function printProfile(r) {
  if (!r.profile) return;
  const out = [''];
  for (const [name, p] of Object.entries(r.profile)) {
    if (p.missing) {
      out.push(`${name}: no CPU profile (${p.missing})`);
      continue;
    }
    out.push(`${name}: ${p.busyMs} ms busy (whole run), top self time:`);
    for (const f of p.functions.slice(0, 15))
      out.push(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(6)} ms  ${f.name}`);
    out.push(`  by package: ${p.packages.map((x) => `${x.name} ${x.pct}%`).join(', ')}`);
  }
  const top = r.lifecycle?.best?.perLifecycle?.topSql;
  for (const [name, rows] of Object.entries(top ?? {})) {
    out.push(`${name} statements per lifecycle (best window), by text:`);
    for (const e of rows.slice(0, 20))
      out.push(`  ${String(e.perUnit).padStart(6)} × ${String(e.avgMs).padStart(6)} ms  ${e.sql}`);
  }
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function setUp() {
  for (const app of ['api', 'router']) {
    if (!existsSync(join(CFG.root, `apps/${app}/dist/main.js`))) {
      throw new Error(`${CFG.root}/apps/${app}/dist is missing: build that checkout first`);
    }
  }
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(join(RUN_DIR, 'preload.mjs'), preloadSource());
  if (CFG.profile) {
    rmSync(PROF_DIR, { recursive: true, force: true });
    mkdirSync(PROF_DIR, { recursive: true });
  }
  log(`stack from ${CFG.root}: database ${stack.database}, Redis prefix ${stack.prefix}`);
  const { api, router } = await stack.start();
  // The router logs nothing at warn when it starts: give it a moment and check it stayed up.
  await sleep(1_500);
  if (router.child.exitCode !== null) throw new Error(`router exited:\n${router.output()}`);
  const logs = { api: watchLogs(api), router: watchLogs(router) };

  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2, application_name: 'switchboard-bench' });
  db.on('error', () => {});
  // Reads pg_stat_activity from the admin database, so its own backend is not one of the bench's.
  const monitor = new pg.Client({
    connectionString: CFG.adminDatabaseUrl,
    application_name: 'switchboard-bench-monitor',
  });
  monitor.on('error', () => {});
  await monitor.connect();
  const redis = new Redis(CFG.redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', () => {});
  opened.closers.push(
    () => db.end(),
    () => monitor.end(),
    () => redis.disconnect(),
  );
  const ctx = { api, router, db, monitor, redis, logs };

  if ((await statementCount(api)) === null) throw new Error('the statement-counting preload did not load in the api');
  const login = (email) => demoLogin(stack, email);
  const admin = await login('admin@switchboard.local');
  integrationToken = await login('integration@switchboard.local');
  for (const key of ['bench', 'bench-idle']) {
    await expectStatus(
      stack.call('POST', '/api/queues', admin, {
        key,
        name: key,
        serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
        offerTimeoutSeconds: OFFER_TIMEOUT_SECONDS,
        wrapUpSeconds: 0,
      }),
      201,
      `queue ${key}`,
    );
  }
  log(`creating ${CFG.agents} agents (a password hash and a sign-in each)`);
  for (let i = 0; i < CFG.agents; i += 2) {
    await Promise.all([i, i + 1].filter((n) => n < CFG.agents).map((n) => createAgent(admin, n)));
  }
  return ctx;
}

async function main() {
  const result = { startedAt: new Date().toISOString(), root: CFG.root, machine: machine(), config: { ...CFG } };
  delete result.config.adminDatabaseUrl;
  const ctx = await setUp();

  if (CFG.only) {
    // A partial run while working on one path: its phases' results as they are, no report.
    if (CFG.only.includes('route')) result.routeLatency = [];
    for (const rate of CFG.only.includes('route') ? CFG.rates : [])
      result.routeLatency.push(await routeLatencyPhase(ctx, rate));
    if (CFG.only.includes('lifecycle')) result.lifecycle = await lifecycleLevels(ctx);
    if (CFG.only.includes('floor')) result.floor = await floorPhase(CFG.rates[0]);
    if (CFG.only.includes('intake')) result.intake = await intakePhase(ctx);
    if (CFG.profile) result.profile = await collectProfiles(ctx);
    mkdirSync(TMP, { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
    const brief = (phase) => {
      const { usage: _usage, levels, ...rest } = phase ?? {};
      return levels ? { ...rest, levels: levels.map(brief) } : rest;
    };
    console.log(
      JSON.stringify(
        {
          route: result.routeLatency?.map(brief),
          lifecycle: result.lifecycle && brief(result.lifecycle.best),
          floor: result.floor,
          intake: brief(result.intake),
        },
        null,
        1,
      ),
    );
    if (CFG.profile) printProfile(result);
    console.log(`\nresults: ${RESULT_FILE}`);
    return;
  }

  result.routeLatency = [];
  for (const rate of CFG.rates) result.routeLatency.push(await routeLatencyPhase(ctx, rate));

  result.lifecycle = await lifecycleLevels(ctx);
  const best = result.lifecycle.best;

  result.floor = await floorPhase(CFG.rates[0]);
  result.intake = await intakePhase(ctx);
  result.loadavgAfter = os.loadavg().map((l) => round(l));

  const L = result.routeLatency[0].routeLatencyMs;
  const F = result.floor.addToStartMs;
  result.ratio = {
    rate: CFG.rates[0],
    p50: F.p50 > 0 && L.p50 !== null ? round(L.p50 / F.p50, 1) : null,
    p99: F.p99 > 0 && L.p99 !== null ? round(L.p99 / F.p99, 1) : null,
  };
  result.targets = {
    ...TARGETS,
    routeMet: result.routeLatency.every((p) => p.targetMet),
    lifecycleMet: (best?.lifecyclesPerSecond ?? 0) >= TARGETS.lifecyclesPerSecond,
    intakeMet: result.intake.ticketsPerSecond >= TARGETS.intakePerSecond,
    cpuMet: (best?.perLifecycle?.cpuMs.stack ?? Infinity) <= TARGETS.stackCpuMsPerLifecycle,
  };
  result.agentTrouble = Object.fromEntries(trouble);
  result.logs = { api: ctx.logs.api(), router: ctx.logs.router() };
  if (CFG.profile) result.profile = await collectProfiles(ctx);

  mkdirSync(TMP, { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  printReport(result);
  printProfile(result);
  console.log(`\nresults: ${RESULT_FILE}`);
}

main()
  .then(() => stack.cleanup())
  .then(() => process.exit(0))
  .catch((error) => stack.fail(error.stack ?? String(error), 1));
