/**
 * The operational commands, run as an operator would: the compiled cli.js in a child process
 * (npm test builds it first), against a database of its own.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from './support/test-app.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'apps', 'api', 'dist', 'cli.js');
const MAIN = join(ROOT, 'apps', 'api', 'dist', 'main.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JWT_SECRET = randomBytes(32).toString('base64url');

let url: string;
let drop: () => Promise<void>;
let db: pg.Client;
beforeAll(async () => {
  ({ url, drop } = await createTestDatabase('cli'));
  db = new pg.Client({ connectionString: url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await drop?.();
});

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    // No terminal: stdin is not a TTY, so nothing is asked.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, DATABASE_URL: url, REDIS_URL, JWT_SECRET, NODE_ENV: 'test', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const userRow = async (email: string) =>
  (await db.query(`SELECT id, role, disabled, password_change_required FROM users WHERE email = $1`, [email])).rows[0];

describe('create-admin', () => {
  it('creates the first admin with a generated password, shown once, to be changed at first sign-in', async () => {
    const run = cli(['create-admin', '--email', 'Boss@Example.com', '--name', 'Boss']);
    expect(run.status).toBe(0);
    const password = /temporary password: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{4}-[\w-]{4}-[\w-]{4}-[\w-]{4}$/);
    expect(run.stdout).toMatch(/It is shown only now/);
    expect(await userRow('boss@example.com')).toMatchObject({ role: 'admin', password_change_required: true });
    const [hash] = (await db.query(`SELECT password_hash FROM users WHERE email = 'boss@example.com'`)).rows;
    const argon2 = (await import('argon2')).default;
    expect(await argon2.verify(hash.password_hash, password!)).toBe(true);
    const audit = (await db.query(`SELECT actor_id, actor_role, action, target_label FROM audit_log`)).rows;
    expect(audit).toEqual([
      { actor_id: null, actor_role: 'cli', action: 'user.created', target_label: 'boss@example.com' },
    ]);
  });

  it('takes the password from ADMIN_PASSWORD and the e-mail from ADMIN_EMAIL, and never prints the password', () => {
    const run = cli(['create-admin'], { ADMIN_EMAIL: 'second@example.com', ADMIN_PASSWORD: 'quartz-ember-willow-64' });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('quartz-ember-willow-64');
    expect(run.stdout).toMatch(/second@example.com can sign in with the password you chose/);
  });

  it.each([
    [['create-admin'], {}, /an e-mail is needed/],
    [
      ['create-admin', '--email', 'weak@example.com'],
      { ADMIN_PASSWORD: 'password12345' },
      /the password is too easy to guess/,
    ],
    [['create-admin', '--email', 'boss@example.com'], {}, /exists; to give them a new password: cli.js reset-password/],
    [['create-admin', '--email'], {}, /--email needs a value/],
    [['promote-everyone'], {}, /unknown command promote-everyone/],
  ])('refuses %j with exit code 2 and says why', (args, env, message) => {
    const run = cli(args, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/usage: cli.js/);
  });
});

describe('reset-password', () => {
  it('gives a locked-out user a new password, enables them and ends their sessions', async () => {
    const { id } = await userRow('second@example.com');
    await db.query(`UPDATE users SET disabled = true WHERE id = $1`, [id]);
    await db.query(
      `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at) VALUES ($1, 'x', now() + interval '1 hour')`,
      [id],
    );
    const run = cli(['reset-password', '--email', 'second@example.com']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/account enabled again/);
    expect(run.stdout).toMatch(/temporary password: \S+/);
    expect(await userRow('second@example.com')).toMatchObject({ disabled: false, password_change_required: true });
    const open = (
      await db.query(`SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL`, [id])
    ).rows[0].n;
    expect(open).toBe(0);
  });
});

describe('production', () => {
  const production = { NODE_ENV: 'production', LOG_FORMAT: 'json' };

  it('refuses the demo seed: prepare, seed and the api itself', () => {
    const prepare = cli(['prepare'], { ...production, SEED_DEMO: 'true' });
    expect(prepare.status).toBe(1);
    expect(prepare.stderr).toMatch(/SEED_DEMO cannot be on in production/);
    const seed = cli(['seed'], production);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/the demo seed is refused in production/);
    const api = spawnSync(process.execPath, [MAIN], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        REDIS_URL,
        JWT_SECRET,
        PORT: '0',
        SEED_DEMO: 'true',
        ...production,
      },
    });
    expect(api.status).toBe(1);
    expect(api.stderr).toMatch(/SEED_DEMO cannot be on in production/);
  });

  it('refuses to start with the published development key or without a key', () => {
    for (const secret of ['switchboard-development-secret-not-for-production', '']) {
      const run = cli(['migrate'], { ...production, JWT_SECRET: secret });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/JWT_SECRET/);
    }
  });
});
