/**
 * What the benchmark scripts share: settings from the environment, the clock, statistics and
 * per-process CPU time. Each benchmark keeps its own stack set-up and phases.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';

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
