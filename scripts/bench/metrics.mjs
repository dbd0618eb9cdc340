#!/usr/bin/env node
/**
 * Metrics benchmark: `npm run bench:metrics` (compiles first; run the script directly only with a current dist/).
 *
 * Starts a private stack (own PostgreSQL database, own Redis prefix, one api and one router
 * process from apps/{api,router}/dist) with BENCH_QUEUES queues (default 40) and BENCH_AGENTS
 * agents (default 500: a fifth away, the rest offline, so no ticket is taken and queues fill),
 * connects BENCH_SOCKETS supervisor sockets (default 1,000) to the api — BENCH_GRID_SOCKETS of
 * them (default 100) also show the agent grid (join `supervisors:agents`) — then measures:
 *
 *   1. event → screen: tickets POSTed open-loop at BENCH_RATE/s (default 5) for BENCH_SECONDS
 *      (default 20), round-robin over the queues. For every ticket and every socket: POST sent →
 *      the first `metrics.queues` on that socket whose offered counts include the ticket.
 *   2. steady pushes: BENCH_STEADY_SECONDS (default 15) with tickets waiting and nothing new:
 *      the engine pushes about once a second (waiting times move). CPU ms each process spent per
 *      push — the router's is the cost of one metrics tick (its event-log polls, the agent
 *      figures query, the snapshot, the Redis write and the emit), the api's is the fan-out to
 *      every socket — and the bytes of one `metrics.queues` and one `metrics.agents` frame.
 *
 * Prints the machine and a result table, and writes tmp/bench-metrics.json.
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 300).
 * Everything it made (processes, database, Redis keys) is removed at the end, also on failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io } from 'socket.io-client';
import * as parser from 'socket.io-parser';
import { benchStack, expectStatus, fmt, log, num, procCpuMs, seedContactCentre, sleep, summary, wall } from './lib.mjs';

/**
 * Every board but one decodes a metrics frame to its seq and size without parsing its JSON: a
 * thousand real parses of every frame would make this process, on the same two cores as the
 * stack, the slowest part of what it measures. The one reference board parses everything and
 * tells which seq first showed each ticket.
 */
class LightDecoder extends parser.Decoder {
  decodeString(str) {
    if (str.startsWith('2["metrics.queues"')) {
      const seq = Number(/"seq":(\d+)/.exec(str.slice(-300))?.[1]);
      return { type: parser.PacketType.EVENT, nsp: '/', data: ['light.queues', seq, Buffer.byteLength(str)] };
    }
    if (str.startsWith('2["metrics.agents"')) {
      return { type: parser.PacketType.EVENT, nsp: '/', data: ['light.agents', Buffer.byteLength(str)] };
    }
    return super.decodeString(str);
  }
}
const lightParser = { ...parser, Decoder: LightDecoder };

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'tmp');
const RESULT_FILE = join(TMP, 'bench-metrics.json');

const CFG = {
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  queues: Math.round(num('BENCH_QUEUES', 40)),
  agents: Math.round(num('BENCH_AGENTS', 500)),
  sockets: Math.round(num('BENCH_SOCKETS', 1000)),
  gridSockets: Math.round(num('BENCH_GRID_SOCKETS', 100)),
  rate: num('BENCH_RATE', 5),
  seconds: num('BENCH_SECONDS', 20),
  steadySeconds: num('BENCH_STEADY_SECONDS', 15),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 300),
};
const TARGETS = { eventToScreenP99Ms: 1000 };

// ---------------------------------------------------------------------------------------------
// The stack, and clean-up also on failure or Ctrl-C

const sockets = [];
let poolToEnd;
const stack = benchStack({
  root: ROOT,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  beforeStop: async () => {
    for (const s of sockets) s.close();
    await poolToEnd?.end().catch(() => {});
  },
});
const { call, cleanup, fail } = stack;
let base = '';

async function startStack() {
  const { api, router } = await stack.start();
  base = stack.base;
  const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  db.on('error', () => {}); // the database is dropped under it at the end
  poolToEnd = db;
  const redis = new Redis(CFG.redisUrl);
  return { api, router, db, redis };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (/proc/<pid>/stat for api, router and the PostgreSQL backends; Redis INFO)

async function cpuSnapshot(ctx) {
  const rows = (await ctx.db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [stack.database])).rows;
  const info = await ctx.redis.info('cpu');
  const f = (k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return {
    at: performance.now(),
    client: process.cpuUsage(),
    api: procCpuMs(ctx.api.child.pid),
    router: procCpuMs(ctx.router.child.pid),
    pg: new Map(rows.map((r) => [r.pid, procCpuMs(r.pid)]).filter(([, v]) => v !== null)),
    redis: (f('used_cpu_sys') + f('used_cpu_user')) * 1000,
  };
}
function cpuDelta(a, b) {
  let postgres = 0;
  for (const [pid, ms] of b.pg) postgres += ms - (a.pg.get(pid) ?? 0);
  const client = process.cpuUsage(a.client);
  return {
    wallMs: Math.round(b.at - a.at),
    api: Math.round(b.api - a.api),
    router: Math.round(b.router - a.router),
    postgres: Math.round(postgres),
    redis: Math.round(b.redis - a.redis),
    client: Math.round((client.user + client.system) / 1000),
  };
}

// ---------------------------------------------------------------------------------------------
// The run

async function main() {
  log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const ctx = await startStack();
  const adminToken = (
    await expectStatus(
      call('POST', '/api/auth/login', null, { email: 'admin@switchboard.local', password: 'switchboard' }),
      200,
      'login',
    )
  ).accessToken;
  const supervisorToken = (
    await expectStatus(
      call('POST', '/api/auth/login', null, { email: 'supervisor@switchboard.local', password: 'switchboard' }),
      200,
      'login',
    )
  ).accessToken;
  const integrationToken = (
    await expectStatus(
      call('POST', '/api/auth/login', null, { email: 'integration@switchboard.local', password: 'switchboard' }),
      200,
      'login',
    )
  ).accessToken;

  log(`creating ${CFG.queues} queues and ${CFG.agents} agents`);
  const { queueKeys } = await seedContactCentre({
    call,
    db: ctx.db,
    queues: CFG.queues,
    agents: CFG.agents,
    adminToken,
    supervisorToken,
  });

  log(`connecting ${CFG.sockets} supervisor sockets`);
  const reference = []; // the parsing board: [time, seq, offered total]
  const boards = []; // the light boards: [time, seq][]
  const frames = { queues: [], agents: [] };
  for (let i = 0; i < CFG.sockets; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CFG.sockets - i) }, (_, k) => {
        const isReference = i + k === 0;
        const socket = io(base, {
          path: '/socket.io',
          transports: ['websocket'],
          auth: { token: supervisorToken },
          reconnection: false,
          ...(isReference ? {} : { parser: lightParser }),
        });
        sockets.push(socket);
        if (isReference) {
          socket.on('metrics.queues', (queues, meta) => {
            let offered = 0;
            for (const q of queues) offered += q.offered;
            reference.push([wall(), meta.seq, offered]);
          });
        } else {
          const pushes = [];
          const first = boards.length === 0;
          boards.push(pushes);
          socket.on('light.queues', (seq, bytes) => {
            pushes.push([wall(), seq]);
            if (first) frames.queues.push(bytes);
          });
          socket.on('light.agents', (bytes) => {
            if (first) frames.agents.push(bytes);
          });
        }
        const grid = i + k >= 1 && i + k <= CFG.gridSockets;
        return new Promise((resolve, reject) => {
          socket.once('session.ready', () =>
            grid
              ? socket
                  .emitWithAck('rooms.join', 'supervisors:agents')
                  .then((r) => (r.ok ? resolve() : reject(new Error(`rooms.join: ${r.error}`))))
              : resolve(),
          );
          socket.once('connect_error', reject);
        });
      }),
    );
  }
  await sleep(2_000);

  // 1. Event → screen.
  log(`posting ${CFG.rate}/s for ${CFG.seconds} s to ${CFG.queues} queues, ${CFG.sockets} boards watching`);
  const posted = [];
  const postMs = [];
  const total = Math.round(CFG.rate * CFG.seconds);
  const start = wall() + 200;
  const before = await cpuSnapshot(ctx);
  const offeredBefore = reference.at(-1)?.[2] ?? 0;
  await Promise.all(
    Array.from({ length: total }, (_, n) =>
      (async () => {
        await sleep(Math.max(0, start + (n * 1000) / CFG.rate - wall()));
        const sent = wall();
        const res = await call('POST', '/api/tickets', integrationToken, {
          channel: 'voice',
          queue: queueKeys[n % CFG.queues],
          subject: `Bench ticket ${n}`,
          customer: { externalId: `bench-${n}` },
        });
        if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status} ${JSON.stringify(res.body)}`);
        posted.push(sent);
        postMs.push(res.done - res.sent);
      })(),
    ),
  );
  await sleep(3_000);
  const postCpu = cpuDelta(before, await cpuSnapshot(ctx));
  posted.sort((a, b) => a - b);
  // The seq that first showed the k-th ticket (by send time): the reference board's first push
  // whose offered total reaches offeredBefore + k + 1.
  const shownIn = [];
  for (let k = 0, p = 0; k < posted.length; k++) {
    while (p < reference.length && reference[p][2] < offeredBefore + k + 1) p++;
    shownIn.push(reference[p]?.[1] ?? Infinity);
  }
  const delays = [];
  let missing = 0;
  for (const pushes of [reference, ...boards]) {
    let p = 0;
    for (let k = 0; k < posted.length; k++) {
      while (p < pushes.length && pushes[p][1] < shownIn[k]) p++;
      if (p === pushes.length) {
        missing++;
        continue;
      }
      delays.push(Math.max(0, pushes[p][0] - posted[k]));
    }
  }

  // 2. Steady pushes.
  log(`steady: ${CFG.steadySeconds} s with ${total} tickets waiting and nothing new`);
  const seqBefore = reference.at(-1)[1];
  const framesFrom = { queues: frames.queues.length, agents: frames.agents.length };
  const steadyStart = await cpuSnapshot(ctx);
  await sleep(CFG.steadySeconds * 1000);
  const steadyCpu = cpuDelta(steadyStart, await cpuSnapshot(ctx));
  const pushes = reference.at(-1)[1] - seqBefore;
  const gaps = [reference, ...boards].filter((b) => b.some((p, i) => i > 0 && p[1] !== b[i - 1][1] + 1)).length;
  const per = (ms) => (pushes > 0 ? ms / pushes : null);
  const median = (xs) => summary(xs).p50;

  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      node: process.version,
    },
    config: CFG,
    eventToScreenMs: summary(delays),
    missingSamples: missing,
    postTicketMs: summary(postMs),
    boardsWithSeqGaps: gaps,
    postingCpuMs: postCpu,
    steady: {
      pushes,
      cpuMs: steadyCpu,
      perPushMs: {
        router: per(steadyCpu.router),
        api: per(steadyCpu.api),
        postgres: per(steadyCpu.postgres),
        redis: per(steadyCpu.redis),
        clients: per(steadyCpu.client),
      },
    },
    frameBytes: {
      queues: median(frames.queues.slice(framesFrom.queues)),
      agents: median(frames.agents.slice(framesFrom.agents)),
    },
  };
  mkdirSync(TMP, { recursive: true });
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2));

  const e = result.eventToScreenMs;
  const s = result.steady.perPushMs;
  console.log(`
Metrics benchmark — ${CFG.queues} queues, ${CFG.agents} agents, ${CFG.sockets} supervisor sockets on one api (${CFG.gridSockets} with the agent grid)

  event → screen (POST sent → board shows it), ${e.count} samples (${total} tickets × ${CFG.sockets} boards)
    p50 ${fmt(e.p50)} ms · p90 ${fmt(e.p90)} · p99 ${fmt(e.p99)} (target < ${TARGETS.eventToScreenP99Ms}) · max ${fmt(e.max)}
    samples never shown: ${missing}; boards that saw a seq gap: ${gaps}
    POST /api/tickets answered in p50 ${fmt(result.postTicketMs.p50)} ms · p99 ${fmt(result.postTicketMs.p99)}

  one push (steady, ${pushes} pushes in ${(steadyCpu.wallMs / 1000).toFixed(1)} s), CPU ms per push:
    router (the metrics tick: polls, agent figures, snapshot, emit)  ${fmt(s.router, 2)}
    api (fan-out: tiles to ${CFG.sockets} sockets, grid to ${CFG.gridSockets})          ${fmt(s.api, 2)}
    PostgreSQL ${fmt(s.postgres, 2)} · Redis ${fmt(s.redis, 2)} · the ${CFG.sockets} clients ${fmt(s.clients, 2)}
  bytes per update: metrics.queues ${result.frameBytes.queues ?? '–'} B, metrics.agents ${result.frameBytes.agents ?? '–'} B
  while posting (${(postCpu.wallMs / 1000).toFixed(1)} s): api ${postCpu.api} · router ${postCpu.router} · PostgreSQL ${postCpu.postgres} · Redis ${postCpu.redis} · clients ${postCpu.client} CPU ms

  raw results: ${RESULT_FILE}`);
}

main()
  .then(() => cleanup())
  .then(
    () => process.exit(0),
    (error) => fail(error?.stack ?? String(error), 1),
  );
