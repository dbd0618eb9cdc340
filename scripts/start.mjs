#!/usr/bin/env node
// `npm start`: the whole stack on this machine with demo data.
// Installs and builds when needed, brings up PostgreSQL and Redis (embedded/local unless
// DATABASE_URL / REDIS_URL are set), migrates, seeds, then runs api + router until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ensureInstalled } from './lib/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const log = (message) => console.log(`\x1b[36m[start]\x1b[0m ${message}`);

if (existsSync('.env')) {
  process.loadEnvFile('.env');
  log('loaded .env');
}
ensureInstalled(root, log);
build(root, log);

const { loadConfigOrExit, resolveJwtSecret } = await import('@switchboard/config');
const { appAccount, startEmbeddedPostgres, ensureLocalRedis, NO_REDIS_HELP } = await import('./lib/services.mjs');

const config = loadConfigOrExit();
// As root, the app processes drop to an unprivileged account (or say why they cannot).
const account = appAccount({ root, name: config.runAs, log });
if (account) log(`the api, router and Redis run as user '${account.name}'`);

const cleanups = [];
let databaseUrl = config.database.url;
if (databaseUrl) {
  log(`using DATABASE_URL (${new URL(databaseUrl).host})`);
} else {
  const pg = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    port: config.database.embeddedPort,
    database: 'switchboard',
    log,
  });
  databaseUrl = pg.url;
  cleanups.push(() => pg.stop());
}

let redisUrl = config.redis.url;
if (redisUrl) {
  log(`using REDIS_URL (${new URL(redisUrl).host})`);
} else {
  const redis = await ensureLocalRedis({
    dataDir: join(config.dataDir, 'redis'),
    port: config.redis.embeddedPort,
    log,
    account,
  });
  if (!redis) {
    console.error(NO_REDIS_HELP);
    await Promise.all(cleanups.map((c) => c()));
    process.exit(1);
  }
  redisUrl = redis.url;
  cleanups.push(() => redis.stop());
}

// The signing key is read (or generated, mode 600) here, where the data directory is ours, and
// handed to the processes, which may run as another account.
const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, JWT_SECRET: resolveJwtSecret(config) };
const asAccount = account ? { uid: account.uid, gid: account.gid } : {};
const prepared = spawnSync(process.execPath, ['apps/api/dist/cli.js', 'prepare'], {
  env,
  stdio: 'inherit',
  ...asAccount,
});
if (prepared.status !== 0) {
  await Promise.all(cleanups.map((c) => c()));
  process.exit(prepared.status ?? 1);
}

const children = new Map();
let stopping = false;

function run(name, script) {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: 'inherit', ...asAccount });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? `code ${code}`}); stopping the stack`);
      void shutdown(1);
    }
  });
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

run('api', 'apps/api/dist/main.js');
run('router', 'apps/router/dist/main.js');

const base = `http://${config.http.host}:${config.http.port}`;
for (let i = 0; i < 120 && !stopping; i++) {
  try {
    const res = await fetch(`${base}/api/health`);
    if (res.ok) {
      log(`Switchboard is up at ${base}  (API docs: ${base}/api/docs)`);
      if (config.seed.demo)
        log(
          `demo logins: admin@switchboard.local, supervisor@…, qa@…, integration@…, agent1@… — password "switchboard"`,
        );
      log('press Ctrl-C to stop');
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
