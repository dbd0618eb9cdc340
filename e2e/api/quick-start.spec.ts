/**
 * The README's quick start, run for real: `npm start` (scripts/start.mjs) on a fresh data
 * directory brings up the embedded PostgreSQL, migrates, seeds, serves the API and the socket
 * gateway; and the same command with DATABASE_URL/REDIS_URL set uses those servers instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import pg from 'pg';
import { io } from 'socket.io-client';

const ROOT = join(import.meta.dirname, '..', '..');
const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Stack {
  child: ChildProcess;
  output: () => string;
  base: string;
  stop: () => Promise<number | null>;
}

/** A port nothing listens on now: the system's pick (a random one can be another service's, 5672 say). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startStack(env: Record<string, string>): Promise<Stack> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      REDIS_PREFIX: `sbe2e${randomBytes(3).toString('hex')}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not come up:\n${output}`)), 120_000);
    const poll = setInterval(() => {
      if (output.includes('Switchboard is up')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    base,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

async function login(base: string, email: string): Promise<{ accessToken: string; user: { role: string } }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'switchboard' }),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ accessToken: string; user: { role: string } }>;
}

function socketReady(base: string, token: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false });
    socket.on('session.ready', ({ rooms }: { rooms: string[] }) => {
      socket.close();
      resolve(rooms);
    });
    socket.on('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

describe('npm start', () => {
  it('runs the whole stack on embedded PostgreSQL with demo data, and stops cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-'));
    chmodSync(dataDir, 0o755); // as root, the embedded server runs as `postgres` and must reach it
    const port = await freePort();
    const stack = await startStack({ DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port), REDIS_URL });
    try {
      expect(stack.output()).toMatch(/embedded PostgreSQL initialised and started in \d+ ms/);
      const admin = await login(stack.base, 'admin@switchboard.local');
      expect(admin.user.role).toBe('admin');
      const queues = await fetch(`${stack.base}/api/queues`, {
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      expect(((await queues.json()) as { key: string }[]).map((q) => q.key)).toEqual([
        'billing',
        'complaints',
        'technical',
      ]);
      const agent = await login(stack.base, 'agent1@switchboard.local');
      expect(await socketReady(stack.base, agent.accessToken)).toContain(
        `agent:${(agent.user as unknown as { id: string }).id}`,
      );
      const health = await fetch(`${stack.base}/api/health`);
      expect(health.status).toBe(200);

      // The keys of this installation are its own, readable by the owner only.
      expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      const passwordFile = join(dataDir, 'postgres.password');
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      const connect = async (pw: string) => {
        const client = new pg.Client({
          host: '127.0.0.1',
          port,
          user: 'postgres',
          password: pw,
          database: 'switchboard',
        });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return 'connected';
        } catch (error) {
          return String((error as Error).message);
        } finally {
          await client.end().catch(() => undefined);
        }
      };
      expect(await connect('postgres')).toMatch(/password authentication failed/);
      expect(await connect(password)).toBe('connected');

      // Started as root, the api and the router run as an unprivileged account.
      if (process.getuid?.() === 0) {
        const children = spawnSync('ps', ['-o', 'user=,args=', '--ppid', String(stack.child.pid)], { encoding: 'utf8' })
          .stdout.split('\n')
          .filter((line) => /apps\/(api|router)\/dist\/main\.js/.test(line));
        expect(children).toHaveLength(2);
        for (const line of children) expect(line.trim().split(/\s+/)[0]).toBe('nobody');
        expect(stack.output()).toContain("the api, router and Redis run as user 'nobody'");
      }
    } finally {
      expect(await stack.stop()).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses the servers named by DATABASE_URL and REDIS_URL', async () => {
    const database = `sb_e2e_${randomBytes(4).toString('hex')}`;
    const adminDb = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await adminDb.connect();
    await adminDb.query(`CREATE DATABASE "${database}"`);
    const url = Object.assign(new URL(ADMIN_DATABASE_URL), { pathname: `/${database}` }).toString();
    const stack = await startStack({ DATABASE_URL: url, REDIS_URL });
    try {
      expect(stack.output()).toContain('using DATABASE_URL');
      expect(stack.output()).not.toContain('embedded PostgreSQL');
      await login(stack.base, 'integration@switchboard.local');
      const check = new pg.Client({ connectionString: url });
      await check.connect();
      const { rows } = await check.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@switchboard.local'`);
      await check.end();
      expect(rows[0].n).toBe(14);
    } finally {
      expect(await stack.stop()).toBe(0);
      await adminDb.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await adminDb.end();
    }
  });
});
