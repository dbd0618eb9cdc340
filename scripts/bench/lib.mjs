/**
 * What the benchmark scripts share: settings from the environment, the clock, statistics and
 * per-process CPU time, a private stack (`benchStack`). Each benchmark keeps its own phases.
 */
import { io } from 'socket.io-client';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A positive number from the environment, or `fallback` when unset. */
export const num = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
};

export const log = (...args) =>
  console.log(`[bench ${((performance.now() / 1000) | 0).toString().padStart(3)}s]`, ...args);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock ms with sub-ms resolution, comparable with Date.now() in the other processes. */
export const wall = () => performance.timeOrigin + performance.now();

export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
export function summary(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const r = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    count: s.length,
    p50: r(quantile(s, 0.5)),
    p90: r(quantile(s, 0.9)),
    p99: r(quantile(s, 0.99)),
    max: r(s.length ? s[s.length - 1] : null),
    mean: r(s.length ? s.reduce((a, b) => a + b, 0) / s.length : null),
  };
}
export const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));

export const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return null;
  }
}

// node:http with keep-alive: lighter than fetch on a 2-core machine shared with the stack. Idle
// connections are dropped after 30 s, well inside the api's 65 s keep-alive, so a request never
// goes out on a connection the server is closing.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, timeout: 30_000 });

/**
 * One HTTP request. Resolves { status, body, sent, done } (sent/done on the wall clock); never
 * rejects on an HTTP status, only when the request itself fails (the error names it).
 */
/**
 * An agent's Socket.IO connection to `base`, once the server said `session.ready` (the agent is
 * then present and receives offers); refused or silent for 15 s, it fails naming the agent.
 */
export async function agentSocket(base, token, who) {
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false });
  try {
    await new Promise((ready, failed) => {
      const timer = setTimeout(() => failed(new Error(`${who}: no session.ready in 15 s`)), 15_000);
      socket.once('session.ready', () => ready(clearTimeout(timer)));
      socket.once('connect_error', (e) => failed(new Error(`${who}: ${e.message}`)));
    });
  } catch (error) {
    socket.disconnect();
    throw error;
  }
  return socket;
}

/** A demo user's access token (the seed's password unless given). */
export async function demoLogin(stack, email, password = 'switchboard') {
  const answer = await expectStatus(
    stack.call('POST', '/api/auth/login', undefined, { email, password }),
    200,
    `login ${email}`,
  );
  return answer.accessToken;
}

export function request(url, method, token, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const all = { ...headers };
    if (token) all.authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      all['content-type'] = 'application/json';
      all['content-length'] = Buffer.byteLength(payload);
    }
    const sent = wall();
    const failed = (error) => reject(new Error(`${method} ${new URL(url).pathname}: ${error.message}`));
    const req = http.request(url, { method, headers: all, agent: httpAgent, timeout: 60_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const done = wall();
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, body: parsed, sent, done });
      });
      res.on('error', failed);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 60 s')));
    req.on('error', failed);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Closes the kept-alive connections (at the end of a run). */
export const closeHttp = () => httpAgent.destroy();

export async function expectStatus(promise, status, what) {
  const res = await promise;
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** What the api and router a benchmark starts run with: its own database and Redis prefix, quiet logs, no demo agents. */
export function stackEnv({ databaseUrl, redisUrl, prefix, jwtSecret }) {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    JWT_SECRET: jwtSecret,
    DEMO_AGENT_COUNT: '0',
  };
}

/** Deletes every Redis key under `prefix:`; resolves with how many went. */
export async function deleteRedisPrefix(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  await redis.connect();
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/**
 * The benchmarks' contact centre: `queues` queues `bench-00`…, `agents` agents each in two
 * neighbouring queues (a few made through the API, the rest cloned from them in SQL: hashing 500
 * passwords would take minutes and measure nothing), a fifth of them away with a reason and the
 * rest offline, so every queue has agents and none takes a ticket. `db` is a connected pg client
 * on the benchmark's database; `call(method, path, token, body)` reaches its api.
 */
export async function seedContactCentre({ call, db, queues, agents, adminToken, supervisorToken }) {
  const queueKeys = Array.from({ length: queues }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
  for (const key of queueKeys) {
    await expectStatus(
      call('POST', '/api/queues', adminToken, {
        key,
        name: `Bench ${key}`,
        serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
        offerTimeoutSeconds: 30,
        wrapUpSeconds: 0,
      }),
      201,
      `queue ${key}`,
    );
  }
  const viaApi = Math.min(8, agents);
  await Promise.all(
    Array.from({ length: viaApi }, (_, i) =>
      expectStatus(
        call('POST', '/api/agents', adminToken, {
          name: `Bench agent ${i}`,
          email: `bench${i}@agents.test`,
          password: 'bench-agent-password',
          queues: [queueKeys[i % queues], queueKeys[(i + 1) % queues]],
        }),
        201,
        `agent ${i}`,
      ),
    ),
  );
  await db.query(
    `WITH model AS (SELECT u.password_hash, a.capacity FROM users u JOIN agents a ON a.user_id = u.id
                     WHERE u.email = 'bench0@agents.test'),
          made AS (INSERT INTO users (name, email, password_hash, role)
                   SELECT 'Bench agent ' || n, 'bench' || n || '@agents.test', model.password_hash, 'agent'
                     FROM generate_series($1::int, $2::int - 1) n, model RETURNING id, email),
          made_agents AS (INSERT INTO agents (user_id, capacity) SELECT made.id, model.capacity FROM made, model RETURNING user_id)
     INSERT INTO agent_queues (agent_id, queue_id)
     SELECT made.id, q.id FROM made
       JOIN LATERAL (SELECT substring(made.email FROM 'bench(\\d+)@')::int AS n) k ON true
       JOIN queues q ON q.key IN ('bench-' || lpad((k.n % $3)::text, 2, '0'), 'bench-' || lpad(((k.n + 1) % $3)::text, 2, '0'))`,
    [viaApi, agents, queues],
  );
  const agentIds = (
    await db.query(`SELECT id FROM users WHERE email LIKE 'bench%@agents.test' ORDER BY created_at, email`)
  ).rows.map((r) => r.id);
  if (agentIds.length !== agents) throw new Error(`made ${agentIds.length} agents, wanted ${agents}`);
  const memberships = (await db.query('SELECT count(*)::int AS n FROM agent_queues')).rows[0].n;
  if (memberships !== 2 * agents) throw new Error(`${memberships} queue memberships, wanted ${2 * agents}`);
  for (const id of agentIds.filter((_, i) => i % 5 === 0)) {
    await expectStatus(
      call('PUT', `/api/agents/${id}/status`, supervisorToken, { status: 'away', reason: 'break' }),
      200,
      'away',
    );
  }
  return { queueKeys, agentIds };
}

/**
 * A benchmark's own stack on the shared PostgreSQL and Redis: its own database (migrated and
 * demo-seeded by `start`, dropped at the end) and Redis prefix, an api and a router, and one
 * clean-up that runs on success, on failure, on Ctrl-C and at the hard timeout. `beforeStop`
 * closes what the benchmark itself opened (sockets, browser, pools) before the processes stop.
 * `nodeArgs` adds Node flags to the api and router (`--cpu-prof`, `--import` of a preload): an
 * array, or a function of the process's name ('api', 'router') returning one.
 */
export function benchStack({
  root,
  adminDatabaseUrl,
  redisUrl,
  timeoutSeconds,
  env = {},
  nodeArgs = [],
  beforeStop = async () => {},
}) {
  const run = randomBytes(4).toString('hex');
  const database = `sb_bench_${run}`;
  const prefix = `sbbench:${run}`;
  const databaseUrl = Object.assign(new URL(adminDatabaseUrl), { pathname: `/${database}` }).toString();
  const childEnv = {
    ...stackEnv({ databaseUrl, redisUrl, prefix, jwtSecret: `bench-${randomBytes(24).toString('hex')}` }),
    ...env,
  };
  const children = [];
  let databaseCreated = false;
  let cleaning;
  let failing = false;

  const stack = {
    database,
    databaseUrl,
    /** The Redis key prefix of the stack; everything under `${prefix}:` is deleted at the end. */
    prefix,
    /** The api's origin, once `start` has run. */
    base: '',
    children,
    call: (method, path, token, body, headers) => request(`${stack.base}${path}`, method, token, body, headers),

    spawnNode(name, script, extraEnv = {}) {
      let output = '';
      const flags = typeof nodeArgs === 'function' ? nodeArgs(name) : nodeArgs;
      const child = spawn(process.execPath, ['--enable-source-maps', ...flags, script], {
        cwd: root,
        env: { ...childEnv, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (c) => (output = (output + c).slice(-20_000)));
      child.stderr.on('data', (c) => (output = (output + c).slice(-20_000)));
      const proc = { name, child, output: () => output };
      children.push(proc);
      return proc;
    },

    /** Creates and prepares the database, then starts the api (with `apiEnv`) and one router. */
    async start(apiEnv = {}) {
      const admin = new pg.Client({ connectionString: adminDatabaseUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${database}"`);
      databaseCreated = true;
      await admin.end();
      const prepared = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'prepare'], {
        cwd: root,
        env: { ...childEnv, SEED_DEMO: 'true' },
        encoding: 'utf8',
      });
      if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}${prepared.stdout}`);
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const api = stack.spawnNode('api', 'apps/api/dist/main.js', { PORT: String(port), ...apiEnv });
      stack.base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if ((await stack.call('GET', '/api/health').catch(() => null))?.status === 200) break;
        if (i > 300 || api.child.exitCode !== null) throw new Error(`api did not start:\n${api.output()}`);
        await sleep(100);
      }
      const router = stack.spawnNode('router', 'apps/router/dist/main.js');
      return { api, router };
    },

    cleanup() {
      cleaning ??= (async () => {
        // What the benchmark opened must not keep the processes, database and keys from going.
        const bounded = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
        await Promise.race([Promise.resolve().then(beforeStop), bounded]).catch((error) =>
          console.error(`[bench] closing the benchmark's own connections: ${error.message}`),
        );
        closeHttp();
        await Promise.all(
          children.map(
            (c) =>
              new Promise((resolve) => {
                if (c.child.exitCode !== null || c.child.signalCode !== null) return resolve();
                c.child.once('exit', resolve);
                c.child.kill('SIGTERM');
                setTimeout(() => c.child.kill('SIGKILL'), 5_000).unref();
              }),
          ),
        );
        if (databaseCreated && process.env.BENCH_KEEP_DATABASE) {
          console.error(`[bench] kept database ${database} (BENCH_KEEP_DATABASE)`);
        } else if (databaseCreated) {
          const admin = new pg.Client({ connectionString: adminDatabaseUrl });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
          await admin.end();
        }
        await deleteRedisPrefix(redisUrl, prefix);
      })();
      return cleaning;
    },

    async fail(message, code) {
      // Once stopping (Ctrl-C, the timeout), what the benchmark was doing fails too: say it once.
      if (failing) return;
      failing = true;
      console.error(`[bench] ${message}`);
      for (const c of children) console.error(`--- ${c.name} (last output)\n${c.output().slice(-3000)}`);
      await stack.cleanup().catch(() => {});
      process.exit(code);
    },
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stack.fail(`${signal}: stopping`, 130));
  setTimeout(() => void stack.fail(`hard timeout after ${timeoutSeconds} s`, 124), timeoutSeconds * 1000).unref();
  return stack;
}
