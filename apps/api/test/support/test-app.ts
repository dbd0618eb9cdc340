import type { INestApplication } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@switchboard/config';
import type { LoginResponse, Role } from '@switchboard/contracts';
import { createDataSource, migrate } from '@switchboard/persistence';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from '../../src/seed/demo-seed.js';

/** The machine's PostgreSQL and Redis (see README, "Tests"); each test file gets its own database and key prefix. */
const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  url: string;
  db: DataSource;
  config: AppConfig;
  /** Logs a demo user in: `login('admin')`, `login('agent', 2)`. */
  login(role: Role, agentNumber?: number): Promise<LoginResponse>;
  token(role: Role, agentNumber?: number): Promise<string>;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated and seeded database for one test file. */
export async function createTestDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `sb_test_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const url = withDatabase(ADMIN_DATABASE_URL, database);
  await migrate({ url });
  return {
    url,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function startTestApp(name: string, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(name);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL,
    REDIS_PREFIX: `sbtest:${name}:${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    // Many test apps run at once: only a test about e-mail listens for SMTP (on a free port).
    SMTP_INBOUND: 'false',
    SMTP_PORT: '0',
    ...env,
  });
  const db = createDataSource({ url: database.url, poolSize: 4 });
  await db.initialize();
  await seedDemo(db, 4);

  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const http = request(url);
  const tokens = new Map<string, LoginResponse>();

  const login = async (role: Role, agentNumber = 1): Promise<LoginResponse> => {
    const email = role === 'agent' ? `agent${agentNumber}@${DEMO_DOMAIN}` : `${role}@${DEMO_DOMAIN}`;
    const cached = tokens.get(email);
    if (cached) return cached;
    const res = await http.post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    tokens.set(email, res.body as LoginResponse);
    return res.body as LoginResponse;
  };

  return {
    app,
    http,
    url,
    db,
    config,
    login,
    token: async (role, n) => (await login(role, n)).accessToken,
    close: async () => {
      await app.close();
      await db.destroy();
      await database.drop();
      await dropRedisPrefix(config.redis.prefix);
    },
  };
}

/** Removes every key a test file wrote under its Redis prefix. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A valid intake body; override what the test is about. */
export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'voice',
    queue: 'complaints',
    subject: 'Charged twice for October',
    customer: { phone: `+90 532 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}`, name: 'Test Customer' },
    ...overrides,
  };
}
