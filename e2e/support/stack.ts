/**
 * A real Switchboard stack for system tests: its own PostgreSQL database and Redis prefix, the
 * compiled api and router run as child processes (so a test can kill -9 one), talking through
 * the public HTTP and Socket.IO surface only. `npm test` builds before it runs these.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '@switchboard/contracts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Process {
  name: string;
  child: ChildProcess;
  output: () => string;
}

export class Stack {
  readonly processes: Process[] = [];
  readonly sockets: AgentSocket[] = [];
  readonly db: pg.Pool;
  readonly env: Record<string, string>;
  /** The api that `call`, `login` and `socket` talk to; the last one started unless set. */
  base = '';
  /** Every api started, by base URL. */
  readonly apis: string[] = [];
  ownRedis?: ChildProcess;

  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    readonly database: string,
    readonly prefix: string,
    env: Record<string, string>,
    /** The server's admin URL: the machine's PostgreSQL, or a test's own. */
    readonly adminDatabaseUrl = ADMIN_DATABASE_URL,
  ) {
    this.db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    // Idle connections die when a test resets the database; the pool reconnects on next use.
    this.db.on('error', () => {});
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      DEMO_AGENT_COUNT: '4',
      // Stacks run side by side: a test about e-mail turns SMTP on at a port of its own.
      SMTP_INBOUND: 'false',
      ...env,
    };
  }

  /** Creates the database, migrates and seeds it, starts one api and `routers` routers. */
  static async start(
    name: string,
    options: {
      routers?: number;
      env?: Record<string, string>;
      apiEnv?: Record<string, string>;
      ownRedis?: boolean;
      redisArgs?: string[];
      /** Another PostgreSQL server to make the database on (a test that stops it). */
      adminDatabaseUrl?: string;
    } = {},
  ): Promise<Stack> {
    let ownRedis: ChildProcess | undefined;
    const env = { ...options.env };
    if (options.ownRedis) {
      // A private redis-server, so the test may FLUSHALL without touching anyone else's keys.
      const port = 40_000 + Math.floor(Math.random() * 20_000);
      ownRedis = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          ...(options.redisArgs ?? []),
        ],
        { stdio: 'ignore' },
      );
      env.REDIS_URL = `redis://127.0.0.1:${port}`;
      const probe = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await waitFor(
        async () =>
          (await probe.connect().then(
            () => true,
            () => false,
          )) && (await probe.ping()) === 'PONG',
        10_000,
      );
      probe.disconnect();
    }
    const database = `sb_e2e_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
    const adminUrl = options.adminDatabaseUrl ?? ADMIN_DATABASE_URL;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
    const stack = new Stack(name, url, database, `sbe2e:${name}:${randomBytes(3).toString('hex')}`, env, adminUrl);
    stack.ownRedis = ownRedis;
    const prepared = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'prepare'], {
      cwd: ROOT,
      env: { ...process.env, ...stack.env, SEED_DEMO: 'true' },
      encoding: 'utf8',
    });
    if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}${prepared.stdout}`);
    await stack.startApi(options.apiEnv);
    for (let i = 0; i < (options.routers ?? 1); i++) await stack.startRouter();
    return stack;
  }

  /** `port`: listen there (an api restarted where browsers expect it); otherwise a random free one. */
  async startApi(env: Record<string, string> = {}, fixedPort?: number): Promise<Process> {
    // A random port can collide with an ephemeral one in use: try another if the api cannot listen.
    for (let attempt = 1; ; attempt++) {
      const port = fixedPort ?? 20_000 + Math.floor(Math.random() * 20_000);
      const proc = this.spawn('api', 'apps/api/dist/main.js', { PORT: String(port), ...env });
      const base = `http://127.0.0.1:${port}`;
      try {
        await waitFor(
          async () => {
            if (proc.child.exitCode !== null && proc.output().includes('EADDRINUSE')) throw new Error('EADDRINUSE');
            return (await fetch(`${base}/api/health`).catch(() => null))?.ok === true;
          },
          30_000,
          () => proc.output(),
        );
        this.base = base;
        if (!this.apis.includes(base)) this.apis.push(base);
        return proc;
      } catch (error) {
        if (attempt >= 3 || fixedPort !== undefined || !String(error).includes('EADDRINUSE')) throw error;
      }
    }
  }

  async startRouter(): Promise<Process> {
    const proc = this.spawn(
      `router${this.processes.filter((p) => p.name.startsWith('router')).length}`,
      'apps/router/dist/main.js',
      {},
    );
    // The router logs when its worker runs; with LOG_LEVEL=warn we look for the process to stay up briefly instead.
    await new Promise((r) => setTimeout(r, 1_500));
    if (proc.child.exitCode !== null) throw new Error(`router exited:\n${proc.output()}`);
    return proc;
  }

  private spawn(name: string, script: string, env: Record<string, string>): Process {
    let output = '';
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const proc = { name, child, output: () => output };
    this.processes.push(proc);
    return proc;
  }

  async login(email: string, password = 'switchboard'): Promise<LoginResponse> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return (await res.json()) as LoginResponse;
  }

  call<T = unknown>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
    return this.callAt<T>(this.base, method, path, token, body);
  }

  /** As `call`, on a given api. */
  async callAt<T = unknown>(
    base: string,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A connected, authenticated socket (resolves once the server said session.ready). */
  async socket(token: string, base = this.base): Promise<AgentSocket> {
    const socket: AgentSocket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { token } });
    this.sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('session.ready', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.close();
    await Promise.all(
      this.processes.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            p.child.once('exit', () => resolve());
            p.child.kill('SIGTERM');
            setTimeout(() => p.child.kill('SIGKILL'), 5_000).unref();
          }),
      ),
    );
    await this.db.end();
    const admin = new pg.Client({ connectionString: this.adminDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.end();
    if (this.ownRedis) {
      this.ownRedis.kill('SIGKILL');
      return;
    }
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }

  /**
   * Stops every process, drops and re-creates the database (migrated and seeded afresh) and
   * starts one api and one router again, keeping Redis exactly as it was.
   */
  async resetDatabase(): Promise<void> {
    for (const s of this.sockets) s.close();
    for (const p of this.processes) await this.kill(p, 'SIGTERM');
    this.processes.length = 0;
    const admin = new pg.Client({ connectionString: this.adminDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${this.database}"`);
    await admin.end();
    const prepared = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'prepare'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, SEED_DEMO: 'true' },
      encoding: 'utf8',
    });
    if (prepared.status !== 0) throw new Error(`prepare failed: ${prepared.stderr}${prepared.stdout}`);
    await this.startApi();
    await this.startRouter();
  }

  /** Ends a process the hard way (kill -9) and waits until it is gone. */
  async kill(proc: Process, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await new Promise<void>((resolve) => {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
      proc.child.once('exit', () => resolve());
      proc.child.kill(signal);
    });
  }

  redis(): Redis {
    return new Redis(this.env.REDIS_URL!);
  }

  /** Everything the processes printed, for failure messages. */
  logs(): string {
    return this.processes.map((p) => `--- ${p.name}\n${p.output()}`).join('\n');
  }
}

export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms\n${describe()}`);
}
