#!/usr/bin/env node
// `npm test`: the whole suite. Installs when needed, typechecks, lints, then runs every
// project's tests against real PostgreSQL and Redis: TEST_DATABASE_URL / TEST_REDIS_URL when
// set, else the servers on their standard local ports, else embedded/local ones it starts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_APPS, consoleBuildArgs, consoleBuildEnv, ensureInstalled } from './lib/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const log = (message) => console.log(`\x1b[35m[test]\x1b[0m ${message}`);
const started = Date.now();

ensureInstalled(root, log);

const { startEmbeddedPostgres, ensureLocalRedis, NO_REDIS_HELP, redisAnswers } = await import('./lib/services.mjs');
const { default: pg } = await import('pg');

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};
const cleanups = [];

function step(name, command, args, stepEnv = env) {
  log(name);
  const t0 = Date.now();
  const result = spawnSync(command, args, { env: stepEnv, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed`);
    return finish(result.status ?? 1);
  }
  log(`${name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function finish(code) {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  log(`${code === 0 ? 'all green' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(code);
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const npx = (bin) => join(root, 'node_modules', '.bin', bin);
step('typecheck', npx('tsc'), ['-b']);
step('typecheck tests', npx('tsc'), ['-p', 'tsconfig.spec.json']);
for (const app of CLIENT_APPS) step(`typecheck ${app}`, npx('tsc'), ['-p', `apps/${app}/tsconfig.json`]);
// The api serves these builds and the browser tests in e2e/console drive them.
for (const app of CLIENT_APPS)
  step(`build ${app}`, process.execPath, consoleBuildArgs(root, app), consoleBuildEnv(env));
step('lint', 'npm', ['run', '--silent', 'lint']);

if (!env.TEST_DATABASE_URL) {
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(local)) {
    env.TEST_DATABASE_URL = local;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: '.data/test-postgres',
      port: 5489,
      database: 'postgres',
      log,
    });
    env.TEST_DATABASE_URL = server.url;
    cleanups.push(() => server.stop());
  }
}
if (!env.TEST_REDIS_URL) {
  if (await redisAnswers(6379)) {
    env.TEST_REDIS_URL = 'redis://127.0.0.1:6379';
  } else {
    const redis = await ensureLocalRedis({ dataDir: '.data/test-redis', port: 6390, log });
    if (!redis) {
      console.error(NO_REDIS_HELP);
      await finish(1);
    }
    env.TEST_REDIS_URL = redis.url;
    cleanups.push(() => redis.stop());
  }
}
log(`PostgreSQL: ${new URL(env.TEST_DATABASE_URL).host}, Redis: ${new URL(env.TEST_REDIS_URL).host}`);

step('unit and integration tests', npx('nx'), ['run-many', '-t', 'test', '--outputStyle=stream']);
await finish(0);
