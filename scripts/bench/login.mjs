#!/usr/bin/env node
/**
 * Sign-in benchmark: `npm run bench:login` (compiles first; run the script directly only with a
 * current dist/).
 *
 * Starts a private stack (own database and Redis prefix, one api from apps/api/dist) with
 * BENCH_USERS agents (default 100: a shift's floor), then measures:
 *
 *   1. shift start: every agent signs in at once, from one address (one office). Logins per
 *      second over the whole burst, each sign-in's latency, and how many were refused.
 *   2. gzip latency: a client reads a gzipped API answer (GET /api/tickets?limit=100, about
 *      60 kB of JSON) one after another: BENCH_GZIP_READS times (default 100) with nothing else
 *      running, then for BENCH_STORM_SECONDS (default 20) while BENCH_STORM sign-ins (default 6)
 *      are kept in flight. Password
 *      hashing and gzip share the libuv thread pool; this is what a supervisor's screen feels
 *      while a floor signs in.
 *
 * BENCH_ROOT points at another checkout (its apps/api/dist is started) to measure it with the
 * same script: that is how the "before" figures of docs/benchmarks.md were taken.
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_TIMEOUT_SECONDS (default 300).
 * Prints a result table and writes tmp/bench-login.json; removes what it made, also on failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { benchStack, expectStatus, fmt, log, num, summary, wall } from './lib.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'tmp');
const RESULT_FILE = join(TMP, 'bench-login.json');

const CFG = {
  root: resolve(process.env.BENCH_ROOT || ROOT),
  adminDatabaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
  users: Math.round(num('BENCH_USERS', 100)),
  storm: Math.round(num('BENCH_STORM', 6)),
  gzipReads: Math.round(num('BENCH_GZIP_READS', 100)),
  stormSeconds: num('BENCH_STORM_SECONDS', 20),
  timeoutSeconds: num('BENCH_TIMEOUT_SECONDS', 300),
};
const PASSWORD = 'bench-agent-password-7Qx';

let pool;
const stack = benchStack({
  root: CFG.root,
  adminDatabaseUrl: CFG.adminDatabaseUrl,
  redisUrl: CFG.redisUrl,
  timeoutSeconds: CFG.timeoutSeconds,
  beforeStop: async () => {
    await pool?.end().catch(() => {});
  },
});

const login = (email, password = PASSWORD) => stack.call('POST', '/api/auth/login', undefined, { email, password });

async function main() {
  log(`stack from ${CFG.root}`);
  await stack.start();
  pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  const admin = (await expectStatus(login('admin@switchboard.local', 'switchboard'), 200, 'admin login')).accessToken;
  const integration = (
    await expectStatus(login('integration@switchboard.local', 'switchboard'), 200, 'integration login')
  ).accessToken;

  // One agent through the API (its password hashed by the api's own settings), the rest copied
  // from it in SQL: the copies verify at exactly the cost of a real one.
  await expectStatus(
    stack.call('POST', '/api/agents', admin, {
      name: 'Bench agent 0',
      email: 'bench0@agents.test',
      password: PASSWORD,
      queues: ['complaints'],
    }),
    201,
    'agent 0',
  );
  await pool.query(
    `WITH model AS (SELECT password_hash FROM users WHERE email = 'bench0@agents.test'),
          made AS (INSERT INTO users (name, email, password_hash, role)
                   SELECT 'Bench agent ' || n, 'bench' || n || '@agents.test', model.password_hash, 'agent'
                     FROM generate_series(1, $1::int - 1) n, model RETURNING id)
     INSERT INTO agents (user_id, capacity) SELECT id, '{"voice":1,"chat":3,"email":5,"web":5}' FROM made`,
    [CFG.users],
  );
  const hash = (await pool.query(`SELECT password_hash FROM users WHERE email = 'bench0@agents.test'`)).rows[0]
    .password_hash;
  log(`password hash: ${hash.split('$').slice(1, 4).join('$')}`);

  for (let i = 0; i < 100; i++) {
    await expectStatus(
      stack.call('POST', '/api/tickets', integration, {
        channel: 'web',
        queue: 'billing',
        subject: `Bench ticket ${i}: a long enough subject line to look like a real complaint`,
        description: 'The invoice for October shows the same line twice. '.repeat(6),
        customer: { externalId: `bench-customer-${i}`, name: `Customer ${i}` },
      }),
      201,
      `ticket ${i}`,
    );
  }

  // 1. A floor signs in at once.
  const t0 = wall();
  const burst = await Promise.all(
    Array.from({ length: CFG.users }, async (_, i) => {
      const res = await login(`bench${i}@agents.test`);
      return { status: res.status, ms: res.done - res.sent };
    }),
  );
  const burstSeconds = (wall() - t0) / 1000;
  const burstOk = burst.filter((r) => r.status === 200);
  const refused = burst.filter((r) => r.status !== 200).map((r) => r.status);
  log(`shift start: ${burstOk.length}/${CFG.users} in ${fmt(burstSeconds, 2)} s`);

  // 2. gzip answers, quiet and during a storm of sign-ins.
  const gzipRead = async () => {
    const res = await stack.call('GET', '/api/tickets?limit=100', admin, undefined, { 'accept-encoding': 'gzip' });
    if (res.status !== 200) throw new Error(`gzip read: HTTP ${res.status}`);
    return res.done - res.sent;
  };
  const quiet = [];
  for (let i = 0; i < CFG.gzipReads; i++) quiet.push(await gzipRead());
  let storming = true;
  let stormLogins = 0;
  const stormStatuses = {};
  const stormers = Array.from({ length: CFG.storm }, async (_, s) => {
    for (let n = 0; storming; n++) {
      const res = await login(`bench${(s * 7919 + n) % CFG.users}@agents.test`);
      stormStatuses[res.status] = (stormStatuses[res.status] ?? 0) + 1;
      stormLogins++;
    }
  });
  const s0 = wall();
  const stormed = [];
  while (wall() - s0 < CFG.stormSeconds * 1000) stormed.push(await gzipRead());
  storming = false;
  const stormSeconds = (wall() - s0) / 1000;
  await Promise.all(stormers);

  const result = {
    at: new Date().toISOString(),
    root: CFG.root,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    passwordHash: hash.split('$').slice(1, 4).join('$'),
    shiftStart: {
      users: CFG.users,
      seconds: Math.round(burstSeconds * 100) / 100,
      loginsPerSecond: Math.round((burstOk.length / burstSeconds) * 10) / 10,
      latencyMs: summary(burstOk.map((r) => r.ms)),
      refused,
    },
    gzip: {
      quietMs: summary(quiet),
      stormMs: summary(stormed),
      storm: {
        inFlight: CFG.storm,
        logins: stormLogins,
        loginsPerSecond: Math.round((stormLogins / stormSeconds) * 10) / 10,
        statuses: stormStatuses,
      },
    },
  };
  mkdirSync(TMP, { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`
sign-in benchmark — ${result.machine.cpus} × ${result.machine.model}, node ${result.machine.node}
password hash                          ${result.passwordHash}
shift start (${CFG.users} agents at once)     ${fmt(burstSeconds, 2)} s, ${result.shiftStart.loginsPerSecond} logins/s, p50 ${fmt(result.shiftStart.latencyMs.p50, 0)} ms, p99 ${fmt(result.shiftStart.latencyMs.p99, 0)} ms, refused ${refused.length}
gzip read, quiet                       p50 ${fmt(result.gzip.quietMs.p50)} ms, p99 ${fmt(result.gzip.quietMs.p99)} ms
gzip read, ${CFG.storm} sign-ins in flight        p50 ${fmt(result.gzip.stormMs.p50)} ms, p99 ${fmt(result.gzip.stormMs.p99)} ms (${result.gzip.storm.loginsPerSecond} logins/s meanwhile, statuses ${JSON.stringify(stormStatuses)})
written to ${RESULT_FILE}`);
}

main()
  .then(() => stack.cleanup())
  .catch((error) => stack.fail(error.stack ?? String(error), 1));
