import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/data-source.js';

/** The machine's PostgreSQL (see README, "Tests"). */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A fresh, migrated database of this test file's own, and the way to drop it. */
export async function createTestDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `sb_test_${name}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${database}"`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${database}` }).toString();
  await migrate({ url });
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`) };
}
