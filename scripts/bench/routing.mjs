#!/usr/bin/env node
/**
 * Routing benchmark: `npm run bench:routing` (compiles first; run the script directly only with a current dist/).
 *
 * Starts a private stack (own PostgreSQL database, own Redis prefix, one api and one router
 * process from apps/{api,router}/dist), then measures, from this process's clock:
 *
 *   1. route latency: tickets POSTed open-loop at BENCH_RATE/s (default 50) for BENCH_SECONDS
 *      (default 20) to a queue with BENCH_AGENTS (default 20) idle voice agents that accept and
 *      resolve every offer at once. Per ticket: POST's 201 response received → `offer.created`
 *      for that ticket received on the agent's socket. Also a server-side breakdown of the same
 *      tickets from the timestamps the stack itself recorded (same machine clock).
 *   2. BullMQ floor: a bare Queue + Worker on the same Redis (its own prefix), jobs added at the
 *      same rate; add() called → processor started. The route latency is reported against it.
 *   3. serial intake: BENCH_SERIAL_TICKETS (default 200) POSTs one at a time to a queue without
 *      agents: the unloaded cost of one intake.
 *   4. sustained intake: a closed loop of BENCH_INTAKE_CONCURRENCY (default 32) POSTs in flight
 *      for BENCH_INTAKE_SECONDS (default 10); the agents keep working meanwhile.
 *
 * Prints the machine, a result table and CPU time per process, and writes tmp/bench-routing.json.
 * BENCH_PROFILE=1 also runs api and router with --cpu-prof (into tmp/prof/) and counts their
 * PostgreSQL queries, then prints the top self-time functions and the queries per ticket.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 300).
 * Everything it made (processes, database, Redis keys) is removed at the end, also on failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io } from 'socket.io-client';
import {
  CLK_TCK,
  closeHttp,
  deleteRedisPrefix,
  expectStatus,
  fmt,
  log,
  num,
  procCpuMs,
  request,
  sleep,
  stackEnv,
  summary,
  wall,
} from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'tmp');
const PROF_DIR = join(TMP, 'prof');
const RESULT_FILE = join(TMP, 'bench-routing.json');

const CFG = {
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  rate: num('BENCH_RATE', 50),
  /** Lower open-loop rates measured after BENCH_RATE, to find the highest one the stack sustains. */
  lowerRates: (process.env.BENCH_LOWER_RATES ?? '25,15,10')
    .split(',')
    .filter((v) => v.trim() !== '')
    .map((v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`BENCH_LOWER_RATES must list positive numbers, got '${v}'`);
      return n;
    }),
  seconds: num('BENCH_SECONDS', 20),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  agents: Math.round(num('BENCH_AGENTS', 20)),
  floorJobs: Math.round(num('BENCH_FLOOR_JOBS', 500)),
  serialTickets: Math.round(num('BENCH_SERIAL_TICKETS', 200)),
  intakeConcurrency: Math.round(num('BENCH_INTAKE_CONCURRENCY', 32)),
  intakeSeconds: num('BENCH_INTAKE_SECONDS', 10),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 300),
  profile: ['1', 'true', 'yes'].includes(process.env.BENCH_PROFILE ?? ''),
};
const TARGETS = { routeP99Ms: 50, intakePerSecond: 500 };
/** A rate counts as sustained when every ticket was offered and route latency p99 stayed under this. */
const SUSTAINED_P99_MS = 1_000;
const OFFER_TIMEOUT_SECONDS = 30;
const ROUTER_CONCURRENCY_DEFAULT = 16;

const RUN = randomBytes(4).toString('hex');
const DATABASE = `sb_bench_${RUN}`;
const PREFIX = `sbbench:${RUN}`;
const JWT_SECRET = `bench-${randomBytes(24).toString('hex')}`;
const DATABASE_URL = Object.assign(new URL(CFG.adminDatabaseUrl), { pathname: `/${DATABASE}` }).toString();

// ---------------------------------------------------------------------------------------------
// Statistics

// ---------------------------------------------------------------------------------------------
// Everything to clean up, and the clean-up itself (idempotent, bounded).

const state = {
  children: [],
  sockets: [],
  closers: [],
  databaseCreated: false,
  cleaning: null,
};

function cleanup() {
  state.cleaning ??= (async () => {
    for (const s of state.sockets) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    for (const close of state.closers.reverse())
      await withTimeout(Promise.resolve().then(close), 5_000).catch(() => {});
    await Promise.all(state.children.map((c) => stopChild(c)));
    if (state.databaseCreated) {
      await withTimeout(
        (async () => {
          const admin = new pg.Client({ connectionString: CFG.adminDatabaseUrl });
          await admin.connect();
          try {
            await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
          } finally {
            await admin.end();
          }
        })(),
        15_000,
      ).catch((e) => console.error(`[bench] could not drop database ${DATABASE}: ${e.message}`));
    }
    await withTimeout(deleteRedisPrefix(CFG.redisUrl, PREFIX), 15_000).catch((e) =>
      console.error(`[bench] could not delete Redis keys ${PREFIX}:*: ${e.message}`),
    );
    closeHttp();
  })();
  return state.cleaning;
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function stopChild(c) {
  return new Promise((resolve) => {
    if (c.child.exitCode !== null || c.child.signalCode !== null) return resolve();
    c.child.once('exit', () => resolve());
    c.child.kill('SIGTERM');
    // With --cpu-prof the process must exit by itself to write its profile: allow it longer.
    setTimeout(() => c.child.kill('SIGKILL'), CFG.profile ? 15_000 : 5_000).unref();
  });
}

let exiting = false;
async function fail(message, code) {
  if (exiting) return;
  exiting = true;
  console.error(`[bench] ${message}`);
  for (const c of state.children) {
    const out = c.output().trim();
    if (out) console.error(`--- ${c.name} (last output)\n${out.slice(-3000)}`);
  }
  await cleanup();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void fail(`${signal}: stopping`, 130));
const hardTimeout = setTimeout(
  () => void fail(`hard timeout: the run took longer than ${CFG.timeoutSeconds} s`, 124),
  CFG.timeoutSeconds * 1000,
);
hardTimeout.unref();

// ---------------------------------------------------------------------------------------------
// HTTP

let base = '';
const call = (method, path, token, body) => request(`${base}${path}`, method, token, body);

// ---------------------------------------------------------------------------------------------
// The stack

/**
 * Profile mode only: loaded into api and router with --import. Lets SIGTERM end the process
 * normally (Nest re-raises the signal after closing, which would skip writing the CPU profile)
 * and counts PostgreSQL queries by statement text; SIGWINCH writes the counts to a file (not SIGUSR2:
 * Nest's shutdown hooks treat that one as a request to stop).
 */
const PROFILE_PRELOAD = `
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const { Client } = require('pg');
const stats = { calls: 0, ms: 0, bySql: new Map() };
const original = Client.prototype.query;
Client.prototype.query = function (config, values, callback) {
  const text = (typeof config === 'string' ? config : config && config.text) || '?';
  const key = text.replace(/\\s+/g, ' ').trim().slice(0, 140);
  const t0 = performance.now();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const ms = performance.now() - t0;
    stats.calls++;
    stats.ms += ms;
    const e = stats.bySql.get(key) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += ms;
    stats.bySql.set(key, e);
  };
  if (typeof values === 'function') {
    const cb = values;
    values = function (...a) { end(); return cb.apply(this, a); };
  } else if (typeof callback === 'function') {
    const cb = callback;
    callback = function (...a) { end(); return cb.apply(this, a); };
  }
  const result = original.call(this, config, values, callback);
  if (result && typeof result.then === 'function') result.then(end, end);
  return result;
};
let dumps = 0;
process.on('SIGWINCH', () => {
  const file = ${JSON.stringify(PROF_DIR)} + '/pg-' + process.env.BENCH_PROC_NAME + '-' + (dumps++) + '.json';
  writeFileSync(file, JSON.stringify({ calls: stats.calls, ms: stats.ms, bySql: Object.fromEntries(stats.bySql) }));
});
let terms = 0;
process.on('SIGTERM', () => {
  if (++terms > 1) process.exit(0);
  setTimeout(() => process.exit(0), 8000).unref();
});
`;

const childEnv = stackEnv({ databaseUrl: DATABASE_URL, redisUrl: CFG.redisUrl, prefix: PREFIX, jwtSecret: JWT_SECRET });

function spawnNode(name, script, env = {}) {
  let output = '';
  const args = ['--enable-source-maps'];
  if (CFG.profile) {
    args.push(
      '--cpu-prof',
      `--cpu-prof-dir=${PROF_DIR}`,
      `--cpu-prof-name=${name}.cpuprofile`,
      `--import=data:text/javascript;base64,${Buffer.from(PROFILE_PRELOAD).toString('base64')}`,
    );
  }
  const child = spawn(process.execPath, [...args, script], {
    cwd: ROOT,
    env: { ...childEnv, BENCH_PROC_NAME: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (c) => {
    output += c;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const proc = { name, child, output: () => output };
  state.children.push(proc);
  return proc;
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function startStack() {
  if (!existsSync(join(ROOT, 'apps/api/dist/main.js')) || !existsSync(join(ROOT, 'apps/router/dist/main.js'))) {
    throw new Error('apps/*/dist is missing: run `npx tsc -b` first');
  }
  const admin = new pg.Client({ connectionString: CFG.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
    state.databaseCreated = true;
  } finally {
    await admin.end();
  }
  const prepared = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'prepare'], {
    cwd: ROOT,
    env: { ...childEnv, SEED_DEMO: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}${prepared.stdout}`);

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const api = spawnNode('api', 'apps/api/dist/main.js', { PORT: String(port) });
  base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (api.child.exitCode !== null) throw new Error(`api exited:\n${api.output()}`);
      return (await call('GET', '/api/health').catch(() => null))?.status === 200;
    },
    60_000,
    'the api to answer /api/health',
  );
  const router = spawnNode('router', 'apps/router/dist/main.js');
  // The router logs nothing at warn when it starts: give it a moment and check it stayed up.
  await sleep(1_500);
  if (router.child.exitCode !== null) throw new Error(`router exited:\n${router.output()}`);
  return { api, router };
}

async function login(email, password) {
  const body = await expectStatus(
    call('POST', '/api/auth/login', undefined, { email, password }),
    200,
    `login ${email}`,
  );
  return body.accessToken;
}

function queueBody(key) {
  return {
    key,
    name: key,
    serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
    offerTimeoutSeconds: OFFER_TIMEOUT_SECONDS,
    wrapUpSeconds: 0,
  };
}

let ticketSeq = 0;
function ticketBody(queue) {
  const n = ++ticketSeq;
  return { channel: 'voice', queue, subject: `Bench ticket ${n}`, customer: { externalId: `bench-${RUN}-${n}` } };
}

/** Offers seen by any agent: ticketId → wall time the `offer.created` arrived. */
const offersSeen = new Map();
const agentFailures = [];

async function connectAgent(token) {
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false });
  state.sockets.push(socket);
  await withTimeout(
    new Promise((resolve, reject) => {
      socket.once('session.ready', () => resolve());
      socket.once('connect_error', reject);
    }),
    15_000,
  );
  return socket;
}

async function createAgent(admin, i) {
  const email = `bench${i}@agents.test`;
  const password = 'bench-agent-password';
  const created = await expectStatus(
    call('POST', '/api/agents', admin, {
      name: `Bench ${i}`,
      email,
      password,
      queues: ['bench'],
      capacity: { voice: 1 },
    }),
    201,
    `create agent ${email}`,
  );
  const token = await login(email, password);
  const socket = await connectAgent(token);
  const agent = { id: created.id, token, socket, offers: 0 };
  socket.on('offer.created', (offer) => {
    const received = wall();
    if (!offersSeen.has(offer.ticketId)) offersSeen.set(offer.ticketId, { received, offer, agentId: agent.id });
    agent.offers++;
    void (async () => {
      const accepted = await call('POST', `/api/offers/${offer.offerId}/accept`, token);
      if (accepted.status === 409) return; // taken back meanwhile; the ticket is offered again
      if (accepted.status !== 200) return void agentFailures.push(`accept ${accepted.status}`);
      const resolved = await call('POST', `/api/tickets/${offer.ticketId}/resolve`, token, { resolutionCode: 'fixed' });
      if (resolved.status !== 200) agentFailures.push(`resolve ${resolved.status}`);
    })().catch((e) => agentFailures.push(String(e)));
  });
  await expectStatus(call('PUT', '/api/agents/me/status', token, { status: 'available' }), 200, `${email} available`);
  return agent;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: CPU ms each process used during a phase (/proc/<pid>/stat, Redis INFO).

/** CPU ms the whole machine spent busy (all processes, all cores) since boot, from /proc/stat. */
function machineBusyMs() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    return ((f.slice(0, 8).reduce((a, b) => a + b, 0) - idle) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

async function cpuSnapshot(ctx) {
  const snap = { at: performance.now(), client: process.cpuUsage() };
  snap.api = procCpuMs(ctx.api.child.pid);
  snap.router = procCpuMs(ctx.router.child.pid);
  // PostgreSQL backends serving this database (the pools keep them for the whole run).
  const rows = (await ctx.db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [DATABASE])).rows;
  snap.pg = new Map(rows.map((r) => [r.pid, procCpuMs(r.pid)]).filter(([, v]) => v !== null));
  const info = await ctx.redis.info('cpu');
  const f = (k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  snap.redis = (f('used_cpu_sys') + f('used_cpu_user')) * 1000;
  snap.machine = machineBusyMs();
  return snap;
}

function cpuDelta(a, b) {
  const wallMs = b.at - a.at;
  const client = process.cpuUsage(a.client);
  let pgMs = 0;
  for (const [pid, ms] of b.pg) pgMs += ms - (a.pg.get(pid) ?? 0); // a backend new in the phase counts from 0
  const d = {
    wallMs: Math.round(wallMs),
    api: Math.round(b.api - a.api),
    router: Math.round(b.router - a.router),
    postgres: Math.round(pgMs),
    redis: Math.round(b.redis - a.redis),
    client: Math.round((client.user + client.system) / 1000),
  };
  d.total = d.api + d.router + d.postgres + d.redis + d.client;
  d.coresBusy = Math.round((d.total / wallMs) * 100) / 100;
  // Everything else on the machine meanwhile (other people's tests, the OS): the noise.
  if (a.machine !== null && b.machine !== null) {
    d.othersCoresBusy = Math.max(0, Math.round(((b.machine - a.machine - d.total) / wallMs) * 100) / 100);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Profile mode: PostgreSQL query counts and CPU profiles

async function pgCounts(proc) {
  if (!CFG.profile) return null;
  const before = new Set(readdirSync(PROF_DIR));
  proc.child.kill('SIGWINCH');
  let file;
  await waitFor(
    () => {
      file = readdirSync(PROF_DIR).find((f) => !before.has(f) && f.startsWith(`pg-${proc.name}-`));
      return file !== undefined;
    },
    30_000,
    `${proc.name} query counts`,
  );
  await sleep(50);
  return JSON.parse(readFileSync(join(PROF_DIR, file), 'utf8'));
}

function pgDelta(a, b, per) {
  if (!a || !b) return null;
  const bySql = Object.entries(b.bySql)
    .map(([sql, e]) => ({ sql, calls: e.calls - (a.bySql[sql]?.calls ?? 0), ms: e.ms - (a.bySql[sql]?.ms ?? 0) }))
    .filter((e) => e.calls > 0)
    .sort((x, y) => y.calls - x.calls || y.ms - x.ms);
  const calls = b.calls - a.calls;
  const ms = b.ms - a.ms;
  return {
    per,
    queries: calls,
    queriesPer: Math.round((calls / per) * 10) / 10,
    dbWaitMsPer: Math.round((ms / per) * 100) / 100,
    top: bySql.slice(0, 25).map((e) => ({
      perItem: Math.round((e.calls / per) * 100) / 100,
      avgMs: Math.round((e.ms / e.calls) * 100) / 100,
      sql: e.sql,
    })),
  };
}

/** Self time per function (and per package) from a .cpuprofile. */
function summariseProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const fns = new Map();
  const pkgs = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const where = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    pkgs.set(category(where, functionName), (pkgs.get(category(where, functionName)) ?? 0) + us);
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }));
  return {
    busyMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    functions: top(fns, 25),
    packages: top(pkgs, 15),
  };
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

// ---------------------------------------------------------------------------------------------
// Phases

/** Open loop: POSTs at `rate`/s on a fixed schedule without waiting for answers. */
async function openLoop(token, queue, rate, seconds) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const results = [];
  const pending = [];
  const start = performance.now();
  let lateMax = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    lateMax = Math.max(lateMax, performance.now() - due);
    pending.push(
      call('POST', '/api/tickets', token, ticketBody(queue)).then(
        (r) => results.push(r),
        (e) => results.push({ status: 0, error: String(e) }),
      ),
    );
  }
  await Promise.all(pending);
  return { results, scheduleLagMaxMs: Math.round(lateMax * 10) / 10, elapsedMs: performance.now() - start };
}

async function routeLatencyPhase(ctx, integration, rate, warmUp) {
  if (warmUp) {
    log(`warm-up: ${CFG.warmupSeconds} s at ${rate}/s (not measured)`);
    const warm = await openLoop(integration, 'bench', rate, CFG.warmupSeconds);
    const warmIds = warm.results.filter((r) => r.status === 201).map((r) => r.body.id);
    await waitFor(() => warmIds.every((id) => offersSeen.has(id)), 30_000, 'warm-up tickets to be offered').catch((e) =>
      log(`warning: ${e.message}`),
    );
  }
  // Start from idle agents and an empty queue: the previous phase's backlog must not count here.
  await waitFor(
    async () =>
      (await ctx.db.query(`SELECT count(*)::int AS n FROM tickets WHERE status NOT IN ('resolved', 'abandoned')`))
        .rows[0].n === 0,
    60_000,
    'the previous backlog to drain',
  ).catch((e) => log(`warning: ${e.message}`));
  await sleep(500);

  log(`route latency: ${CFG.seconds} s at ${rate}/s, ${CFG.agents} agents`);
  const pgBefore = { api: await pgCounts(ctx.api), router: await pgCounts(ctx.router) };
  const cpuBefore = await cpuSnapshot(ctx);
  const run = await openLoop(integration, 'bench', rate, CFG.seconds);
  const created = run.results.filter((r) => r.status === 201);
  const ids = created.map((r) => r.body.id);
  await waitFor(() => ids.every((id) => offersSeen.has(id)), 30_000, 'every ticket to be offered').catch((e) =>
    log(`warning: ${e.message}`),
  );
  // Let the last accepts and resolves finish so the CPU and query counts cover whole lifecycles.
  await waitFor(
    async () =>
      (await ctx.db.query(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1) AND status <> 'resolved'`, [ids]))
        .rows[0].n === 0,
    15_000,
    'every ticket to be resolved',
  ).catch((e) => log(`warning: ${e.message}`));
  const cpu = cpuDelta(cpuBefore, await cpuSnapshot(ctx));
  const pgAfter = { api: await pgCounts(ctx.api), router: await pgCounts(ctx.router) };

  const latency = [];
  const sendToOffer = [];
  for (const r of created) {
    const seen = offersSeen.get(r.body.id);
    if (!seen) continue;
    latency.push(seen.received - r.done);
    sendToOffer.push(seen.received - r.sent);
  }
  const breakdown = await serverBreakdown(ctx, created);
  const routeLatencyMs = summary(latency);
  return {
    rate,
    seconds: CFG.seconds,
    agents: CFG.agents,
    sustained:
      latency.length === created.length &&
      created.length === run.results.length &&
      routeLatencyMs.p99 <= SUSTAINED_P99_MS,
    posted: run.results.length,
    created: created.length,
    errors: run.results.length - created.length,
    offered: latency.length,
    notOffered: created.length - latency.length,
    offerBefore201: latency.filter((v) => v < 0).length,
    scheduleLagMaxMs: run.scheduleLagMaxMs,
    routeLatencyMs,
    postLatencyMs: summary(created.map((r) => r.done - r.sent)),
    sendToOfferMs: summary(sendToOffer),
    breakdown,
    cpuMs: cpu,
    cpuMsPerTicket: perItem(cpu, created.length),
    queries:
      CFG.profile && pgAfter.api
        ? {
            apiPerTicket: pgDelta(pgBefore.api, pgAfter.api, created.length),
            routerPerTicket: pgDelta(pgBefore.router, pgAfter.router, created.length),
          }
        : undefined,
    agentFailures: agentFailures.slice(0, 10),
  };
}

function perItem(cpu, n) {
  const out = {};
  for (const k of ['api', 'router', 'postgres', 'redis', 'client', 'total'])
    out[k] = Math.round((cpu[k] / n) * 100) / 100;
  return out;
}

/**
 * Where a routed ticket's time went, from timestamps the stack recorded (all processes read the
 * same machine clock): intake commit point (tickets.enqueued_at), routing job added / started /
 * finished (the BullMQ job hash), offer written (expiresAt − offer timeout), socket event received.
 */
async function serverBreakdown(ctx, created) {
  const ids = created.map((r) => r.body.id);
  const rows = (await ctx.db.query(`SELECT id, enqueued_at FROM tickets WHERE id = ANY($1)`, [ids])).rows;
  const enqueued = new Map(rows.map((r) => [r.id, r.enqueued_at.getTime()]));
  const jobs = new Map();
  let cursor = '0';
  do {
    const [next, keys] = await ctx.redis.scan(cursor, 'MATCH', `${PREFIX}:routing:ticket-route.*`, 'COUNT', 1000);
    cursor = next;
    const wanted = keys
      .map((k) => [k, /ticket-route\.([0-9a-f-]{36})\.[0-9a-f-]{36}$/.exec(k)?.[1]])
      .filter(([, id]) => id && enqueued.has(id));
    if (wanted.length === 0) continue;
    const pipe = ctx.redis.pipeline();
    for (const [k] of wanted) pipe.hmget(k, 'timestamp', 'processedOn', 'finishedOn');
    const res = await pipe.exec();
    wanted.forEach(([, id], i) => {
      const [ts, processed, finished] = res[i][1] ?? [];
      const prev = jobs.get(id);
      // The first routing job of the ticket (a later one exists only if it was re-queued).
      if (ts && (!prev || Number(ts) < prev.added)) {
        jobs.set(id, { added: Number(ts), started: Number(processed), finished: Number(finished) });
      }
    });
  } while (cursor !== '0');

  const parts = {
    '201 received → offer received': [],
    'intake: POST sent → ticket queued (in tx)': [],
    'intake: ticket queued → routing job added (commit)': [],
    'routing job added → 201 received': [],
    'BullMQ: job added → router started it': [],
    'router: job started → offer written': [],
    'router: offer written → job finished (commit, emit)': [],
    'socket: job finished → offer received': [],
  };
  let ticketPath = 0;
  for (const r of created) {
    const seen = offersSeen.get(r.body.id);
    const job = jobs.get(r.body.id);
    const q = enqueued.get(r.body.id);
    if (!seen || !job || !q || !Number.isFinite(job.started) || !Number.isFinite(job.finished)) continue;
    const offerAt = Date.parse(seen.offer.expiresAt) - OFFER_TIMEOUT_SECONDS * 1000;
    // Only tickets the ticket path offered (the routing job started before the offer was written).
    if (!(job.started <= offerAt && offerAt <= job.finished)) continue;
    ticketPath++;
    parts['201 received → offer received'].push(seen.received - r.done);
    parts['intake: POST sent → ticket queued (in tx)'].push(q - r.sent);
    parts['intake: ticket queued → routing job added (commit)'].push(job.added - q);
    parts['routing job added → 201 received'].push(r.done - job.added);
    parts['BullMQ: job added → router started it'].push(job.started - job.added);
    parts['router: job started → offer written'].push(offerAt - job.started);
    parts['router: offer written → job finished (commit, emit)'].push(job.finished - offerAt);
    parts['socket: job finished → offer received'].push(seen.received - job.finished);
  }
  const paths = (
    await ctx.db.query(
      `SELECT coalesce(routing->>'path', '?') AS path, count(*)::int AS n FROM offers WHERE ticket_id = ANY($1) GROUP BY 1`,
      [ids],
    )
  ).rows;
  return {
    offersByPath: Object.fromEntries(paths.map((p) => [p.path, p.n])),
    ticketsTimed: ticketPath,
    note: 'ms; server timestamps have 1 ms resolution',
    partsMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summary(v)])),
  };
}

async function floorPhase() {
  const u = new URL(CFG.redisUrl);
  const connection = {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
  const prefix = `${PREFIX}:bullfloor`;
  const queue = new Queue('floor', { connection, prefix });
  const started = new Map();
  const worker = new Worker(
    'floor',
    async (job) => {
      started.set(job.data.i, performance.now());
    },
    { connection, prefix, concurrency: ROUTER_CONCURRENCY_DEFAULT },
  );
  state.closers.push(
    () => worker.close(true),
    () => queue.close(),
  );
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  // A few unmeasured jobs to open connections and load the scripts.
  for (let i = 0; i < 20; i++) await queue.add('warm', { i: -1 - i }, { removeOnComplete: true });
  await sleep(300);

  log(`BullMQ floor: ${CFG.floorJobs} jobs at ${CFG.rate}/s, worker concurrency ${ROUTER_CONCURRENCY_DEFAULT}`);
  const added = new Map();
  const interval = 1000 / CFG.rate;
  const start = performance.now();
  const adds = [];
  for (let i = 0; i < CFG.floorJobs; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    added.set(i, performance.now());
    adds.push(queue.add('job', { i }, { removeOnComplete: true, removeOnFail: true }));
  }
  await Promise.all(adds);
  await waitFor(() => started.size >= CFG.floorJobs + 20, 20_000, 'floor jobs to run').catch((e) =>
    log(`warning: ${e.message}`),
  );
  const latency = [...added].filter(([i]) => started.has(i)).map(([i, t]) => started.get(i) - t);
  await worker.close();
  await queue.close();
  return {
    jobs: CFG.floorJobs,
    rate: CFG.rate,
    concurrency: ROUTER_CONCURRENCY_DEFAULT,
    addToStartMs: summary(latency),
  };
}

async function serialIntakePhase(ctx, integration) {
  log(`serial intake: ${CFG.serialTickets} POSTs one at a time to a queue without agents`);
  const pgBefore = await pgCounts(ctx.api);
  const cpuBefore = await cpuSnapshot(ctx);
  const latency = [];
  for (let i = 0; i < CFG.serialTickets; i++) {
    const r = await call('POST', '/api/tickets', integration, ticketBody('bench-idle'));
    if (r.status === 201) latency.push(r.done - r.sent);
  }
  const cpu = cpuDelta(cpuBefore, await cpuSnapshot(ctx));
  const pgAfter = await pgCounts(ctx.api);
  return {
    tickets: CFG.serialTickets,
    created: latency.length,
    postLatencyMs: summary(latency),
    cpuMsPerTicket: perItem(cpu, latency.length),
    apiQueriesPerIntake: CFG.profile ? pgDelta(pgBefore, pgAfter, latency.length) : undefined,
  };
}

async function intakePhase(ctx, integration) {
  log(`sustained intake: ${CFG.intakeConcurrency} in flight for ${CFG.intakeSeconds} s`);
  const cpuBefore = await cpuSnapshot(ctx);
  const start = performance.now();
  const end = start + CFG.intakeSeconds * 1000;
  const ok = [];
  const statuses = {};
  const perSecond = new Array(Math.ceil(CFG.intakeSeconds)).fill(0);
  const worker = async () => {
    while (performance.now() < end) {
      let r;
      try {
        r = await call('POST', '/api/tickets', integration, ticketBody('bench'));
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
        await sleep(10);
        continue;
      }
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 201) {
        ok.push(r.done - r.sent);
        const sec = Math.floor((performance.now() - start) / 1000);
        if (sec < perSecond.length) perSecond[sec]++;
      }
    }
  };
  await Promise.all(Array.from({ length: CFG.intakeConcurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const cpu = cpuDelta(cpuBefore, await cpuSnapshot(ctx));
  const backlog = (await ctx.db.query(`SELECT count(*)::int AS n FROM tickets WHERE status = 'queued'`)).rows[0].n;
  return {
    concurrency: CFG.intakeConcurrency,
    seconds: Math.round(elapsed * 100) / 100,
    accepted: ok.length,
    ticketsPerSecond: Math.round((ok.length / elapsed) * 10) / 10,
    perSecond,
    statuses,
    postLatencyMs: summary(ok),
    queuedAtEnd: backlog,
    cpuMs: cpu,
    cpuMsPerTicket: perItem(cpu, ok.length),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function printReport(r) {
  const m = r.machine;
  const lines = [];
  lines.push('');
  lines.push(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
  lines.push(`loadavg at start: ${m.loadavgAtStart.join(' ')}; at end: ${r.loadavgAtEnd.join(' ')}`);
  const L = r.routeLatency;
  const F = r.floor.addToStartMs;
  lines.push('');
  lines.push(
    `route latency (201 received → offer.created received), ${L.rate}/s × ${L.seconds} s, ${L.agents} agents:`,
  );
  lines.push(
    `  count ${L.routeLatencyMs.count} (posted ${L.posted}, errors ${L.errors}, never offered ${L.notOffered}, offer before 201 ${L.offerBefore201})`,
  );
  const row = (name, s) =>
    `  ${name.padEnd(52)} ${fmt(s.p50).padStart(7)} ${fmt(s.p90).padStart(7)} ${fmt(s.p99).padStart(7)} ${fmt(s.max).padStart(8)}  n=${s.count}`;
  lines.push(`  ${''.padEnd(52)} ${'p50'.padStart(7)} ${'p90'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(8)}`);
  lines.push(row('route latency ms', L.routeLatencyMs));
  lines.push(row('POST latency ms', L.postLatencyMs));
  lines.push(row('POST sent → offer received ms', L.sendToOfferMs));
  lines.push(row('BullMQ floor: add → process start ms', F));
  lines.push(
    `  offers by routing path: ${JSON.stringify(L.breakdown.offersByPath)}; breakdown over ${L.breakdown.ticketsTimed} ticket-path offers:`,
  );
  for (const [k, s] of Object.entries(L.breakdown.partsMs)) lines.push(row(`  ${k}`, s));
  lines.push(
    `  CPU ms per routed ticket (intake+route+accept+resolve): ${Object.entries(L.cpuMsPerTicket)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; cores busy ${L.cpuMs.coresBusy} (others ${L.cpuMs.othersCoresBusy ?? '?'})`,
  );
  lines.push('');
  lines.push(
    `route latency by offered rate (sustained = every ticket offered and p99 ≤ ${SUSTAINED_P99_MS} ms); highest sustained: ${r.highestSustainedRate ?? 'none'}/s`,
  );
  lines.push(
    `  ${'rate/s'.padEnd(8)} ${'p50'.padStart(9)} ${'p90'.padStart(9)} ${'p99'.padStart(9)}  CPU ms/ticket  cores busy  sustained`,
  );
  for (const p of [L, ...r.routeLatencyAtLowerRates]) {
    lines.push(
      `  ${String(p.rate).padEnd(8)} ${fmt(p.routeLatencyMs.p50).padStart(9)} ${fmt(p.routeLatencyMs.p90).padStart(9)} ${fmt(p.routeLatencyMs.p99).padStart(9)}  ${fmt(p.cpuMsPerTicket.total).padStart(13)}  ${fmt(p.cpuMs.coresBusy, 2).padStart(10)}  ${p.sustained ? 'yes' : 'no'}`,
    );
  }
  const S = r.serialIntake;
  lines.push('');
  lines.push(
    `serial intake (one at a time, no agents): POST p50 ${fmt(S.postLatencyMs.p50)} ms, p99 ${fmt(S.postLatencyMs.p99)} ms`,
  );
  lines.push(
    `  CPU ms per intake: ${Object.entries(S.cpuMsPerTicket)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const I = r.intake;
  lines.push('');
  lines.push(
    `sustained intake (${I.concurrency} in flight, ${I.seconds} s): ${I.ticketsPerSecond} tickets/s accepted (${I.accepted}), statuses ${JSON.stringify(I.statuses)}`,
  );
  lines.push(`  per second: ${I.perSecond.join(' ')}`);
  lines.push(
    `  POST latency ms p50 ${fmt(I.postLatencyMs.p50)} p99 ${fmt(I.postLatencyMs.p99)} max ${fmt(I.postLatencyMs.max)}`,
  );
  lines.push(
    `  CPU ms per ticket: ${Object.entries(I.cpuMsPerTicket)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; cores busy ${I.cpuMs.coresBusy} of ${m.cpus} (others ${I.cpuMs.othersCoresBusy ?? '?'}); queued at end ${I.queuedAtEnd}`,
  );
  lines.push('');
  lines.push('| metric | value | target | met |');
  lines.push('| --- | --- | --- | --- |');
  lines.push(
    `| route latency p50 / p90 / p99 (ms) | ${fmt(L.routeLatencyMs.p50)} / ${fmt(L.routeLatencyMs.p90)} / ${fmt(L.routeLatencyMs.p99)} | p99 ≤ ${TARGETS.routeP99Ms} | ${r.targets.routeP99Met ? 'yes' : 'NO'} |`,
  );
  const rates = [L, ...r.routeLatencyAtLowerRates];
  lines.push(
    `| highest sustained routed rate of ${rates.map((p) => p.rate).join(', ')} (tickets/s) | ${r.highestSustainedRate ?? 'none'} | ≥ ${L.rate} | ${(r.highestSustainedRate ?? 0) >= L.rate ? 'yes' : 'NO'} |`,
  );
  for (const p of r.routeLatencyAtLowerRates) {
    lines.push(
      `| route latency at ${p.rate}/s p50 / p90 / p99 (ms) | ${fmt(p.routeLatencyMs.p50)} / ${fmt(p.routeLatencyMs.p90)} / ${fmt(p.routeLatencyMs.p99)} | | |`,
    );
  }
  lines.push(
    `| sustained intake (tickets/s) | ${fmt(I.ticketsPerSecond)} | ≥ ${TARGETS.intakePerSecond} | ${r.targets.intakeMet ? 'yes' : 'NO'} |`,
  );
  lines.push(`| BullMQ floor p50 / p99 (ms) | ${fmt(F.p50, 2)} / ${fmt(F.p99, 2)} | | |`);
  lines.push(`| route / floor, p50 ; p99 | ${fmt(r.ratio.p50)}× ; ${fmt(r.ratio.p99)}× | | |`);
  console.log(lines.join('\n'));
}

function printProfile(r) {
  if (!r.profile) return;
  const out = [''];
  for (const [name, p] of Object.entries(r.profile.cpu)) {
    if (p.missing) {
      out.push(`${name}: no CPU profile (${p.missing})`);
      continue;
    }
    out.push(`${name}: ${p.busyMs} ms busy (whole run), top self time:`);
    for (const f of p.functions.slice(0, 15))
      out.push(`  ${String(f.pct).padStart(5)}%  ${String(f.ms).padStart(6)} ms  ${f.name}`);
    out.push(`  by package: ${p.packages.map((x) => `${x.name} ${x.pct}%`).join(', ')}`);
  }
  const q = r.routeLatency.queries;
  const s = r.serialIntake.apiQueriesPerIntake;
  if (s) {
    out.push('');
    out.push(`api queries per intake (serial): ${s.queriesPer} (DB wait ${s.dbWaitMsPer} ms per intake)`);
    for (const e of s.top.slice(0, 15))
      out.push(`  ${String(e.perItem).padStart(5)} × ${String(e.avgMs).padStart(6)} ms  ${e.sql}`);
  }
  if (q) {
    out.push(
      `api queries per routed ticket (intake+accept+resolve): ${q.apiPerTicket.queriesPer}; router: ${q.routerPerTicket.queriesPer} (DB wait ${q.routerPerTicket.dbWaitMsPer} ms)`,
    );
    for (const e of q.routerPerTicket.top.slice(0, 20))
      out.push(`  ${String(e.perItem).padStart(5)} × ${String(e.avgMs).padStart(6)} ms  ${e.sql}`);
  }
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const result = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    config: { ...CFG, adminDatabaseUrl: undefined },
  };
  mkdirSync(TMP, { recursive: true });
  if (CFG.profile) {
    rmSync(PROF_DIR, { recursive: true, force: true });
    mkdirSync(PROF_DIR, { recursive: true });
  }
  log(`database ${DATABASE}, Redis prefix ${PREFIX}${CFG.profile ? ', profiling into tmp/prof/' : ''}`);
  const { api, router } = await startStack();
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  db.on('error', () => {});
  state.closers.push(() => db.end());
  const redis = new Redis(CFG.redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', () => {});
  state.closers.push(() => redis.disconnect());
  const ctx = { api, router, db, redis };

  const admin = await login('admin@switchboard.local', 'switchboard');
  const integration = await login('integration@switchboard.local', 'switchboard');
  await expectStatus(call('POST', '/api/queues', admin, queueBody('bench')), 201, 'create queue bench');
  await expectStatus(call('POST', '/api/queues', admin, queueBody('bench-idle')), 201, 'create queue bench-idle');
  log(`creating ${CFG.agents} agents (argon2 hash + login each)`);
  const agents = [];
  for (let i = 0; i < CFG.agents; i += 2) {
    agents.push(...(await Promise.all([i, i + 1].filter((n) => n < CFG.agents).map((n) => createAgent(admin, n)))));
  }

  result.routeLatency = await routeLatencyPhase(ctx, integration, CFG.rate, true);
  result.routeLatencyAtLowerRates = [];
  for (const rate of CFG.lowerRates) {
    result.routeLatencyAtLowerRates.push(await routeLatencyPhase(ctx, integration, rate, false));
  }
  const sustained = [result.routeLatency, ...result.routeLatencyAtLowerRates].filter((p) => p.sustained);
  result.highestSustainedRate = sustained.length ? Math.max(...sustained.map((p) => p.rate)) : null;
  result.floor = await floorPhase();
  result.serialIntake = await serialIntakePhase(ctx, integration);
  result.intake = await intakePhase(ctx, integration);
  result.loadavgAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

  const L = result.routeLatency.routeLatencyMs;
  const F = result.floor.addToStartMs;
  result.ratio = {
    p50: F.p50 > 0 ? Math.round((L.p50 / F.p50) * 10) / 10 : null,
    p99: F.p99 > 0 ? Math.round((L.p99 / F.p99) * 10) / 10 : null,
  };
  result.targets = {
    routeP99Ms: TARGETS.routeP99Ms,
    routeP99Met: L.p99 !== null && L.p99 <= TARGETS.routeP99Ms,
    intakePerSecond: TARGETS.intakePerSecond,
    intakeMet: result.intake.ticketsPerSecond >= TARGETS.intakePerSecond,
  };

  if (CFG.profile) {
    log('stopping api and router so they write their CPU profiles');
    for (const s of state.sockets) s.close();
    await Promise.all([stopChild(api), stopChild(router)]);
    result.profile = { cpu: {} };
    for (const name of ['api', 'router']) {
      const file = join(PROF_DIR, `${name}.cpuprofile`);
      result.profile.cpu[name] = existsSync(file) ? summariseProfile(file) : { missing: file };
    }
  }
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  printReport(result);
  printProfile(result);
  console.log(`\nresults: ${RESULT_FILE.replace(`${ROOT}/`, '')}`);
}

try {
  await main();
  await cleanup();
  clearTimeout(hardTimeout);
  process.exit(0);
} catch (error) {
  await fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
}
