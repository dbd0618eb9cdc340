/**
 * Operational commands: `node apps/api/dist/cli.js <command>`.
 * - `migrate`: apply pending migrations.
 * - `seed`: the demo users and queues (refused in production).
 * - `prepare`: migrate, then seed when SEED_DEMO is on (what `npm start` runs).
 * - `create-admin [--email a@b.c] [--name "Name"]`: the first admin, or another one.
 * - `reset-password --email a@b.c`: a new password for a user who cannot sign in (a lost admin).
 *
 * A password comes from ADMIN_PASSWORD, or is asked for twice on a terminal (not echoed), or is
 * generated and printed once to this terminal. It is never logged; a typed or given password must
 * pass the same policy as in the console, and a generated one must be changed at first sign-in.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, requireDatabaseUrl, type AppConfig } from '@switchboard/config';
import { createDataSource, migrate, UserEntity } from '@switchboard/persistence';
import { createInterface } from 'node:readline';
import type { DataSource } from 'typeorm';
import { generatePassword, hashPassword } from './auth/password.js';
import { passwordWeakness } from './auth/password-policy.js';
import { seedDemo } from './seed/demo-seed.js';

const USAGE = `usage: cli.js migrate | seed | prepare
       cli.js create-admin [--email <e-mail>] [--name <name>]
       cli.js reset-password --email <e-mail>
Passwords: ADMIN_PASSWORD, or typed on a terminal, or generated and shown once.`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** A line from the terminal; with `hidden`, what is typed is not echoed. */
function ask(question: string, hidden = false): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    if (hidden) {
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        write(s.startsWith(question) ? question : '');
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer.trim());
    });
  });
}

const interactive = () => process.stdin.isTTY === true && process.stdout.isTTY === true;

/** The password to set: given, typed twice, or generated (then it must be changed at first sign-in). */
async function choosePassword(
  given: string | undefined,
  userInputs: string[],
): Promise<{ password: string; generated: boolean }> {
  let password = given;
  if (password === undefined && interactive()) {
    password = await ask('Password (leave empty to generate one): ', true);
    if (password !== '' && (await ask('Password again: ', true)) !== password) {
      throw new UsageError('the two passwords differ');
    }
  }
  if (!password) return { password: generatePassword(), generated: true };
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new UsageError(`the password ${weakness}`);
  return { password, generated: false };
}

function announce(email: string, password: string, generated: boolean): void {
  if (!generated) {
    console.log(`${email} can sign in with the password you chose.`);
    return;
  }
  // Printed once, to this terminal only: it is not stored or logged anywhere else.
  console.log(`\n  ${email}\n  temporary password: ${password}\n`);
  console.log('It is shown only now. The first sign-in asks for a new password.');
}

async function withDatabase<T>(url: string, work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = createDataSource({ url, poolSize: 2 });
  await db.initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** The audit log's entry for a change made at the server's console: no signed-in actor. */
async function auditFromCli(db: DataSource, action: string, user: UserEntity, after: Record<string, unknown>) {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, target_label, after)
     VALUES (NULL, 'cli', $1, 'user', $2, $3, $4)`,
    [action, user.id, user.email, after],
  );
}

async function createAdmin(url: string, args: string[], admin: AppConfig['bootstrapAdmin']): Promise<void> {
  let email = option(args, 'email') ?? admin.email;
  if (!email && interactive()) email = await ask('E-mail of the admin: ');
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError('an e-mail is needed: --email or ADMIN_EMAIL');
  email = email.trim().toLowerCase();
  let name = option(args, 'name') ?? admin.name;
  if (!name && interactive()) name = await ask('Name (Administrator): ');
  name = name?.trim() || 'Administrator';
  await withDatabase(url, async (db) => {
    if (await db.getRepository(UserEntity).existsBy({ email })) {
      throw new UsageError(
        `a user with e-mail ${email} exists; to give them a new password: cli.js reset-password --email ${email}`,
      );
    }
    const { password, generated } = await choosePassword(admin.password, [email, name!]);
    const user = await db.getRepository(UserEntity).save(
      db.getRepository(UserEntity).create({
        email,
        name,
        role: 'admin',
        passwordHash: await hashPassword(password),
        passwordChangeRequired: generated,
      }),
    );
    await auditFromCli(db, 'user.created', user, { email, name, role: 'admin', passwordChangeRequired: generated });
    console.log(`admin ${email} created.`);
    announce(email, password, generated);
  });
}

async function resetPassword(url: string, args: string[], admin: AppConfig['bootstrapAdmin']): Promise<void> {
  const email = (option(args, 'email') ?? admin.email)?.trim().toLowerCase();
  if (!email) throw new UsageError('--email is needed');
  await withDatabase(url, async (db) => {
    const user = await db.getRepository(UserEntity).findOneBy({ email });
    if (!user) throw new UsageError(`no user has the e-mail ${email}`);
    const { password, generated } = await choosePassword(admin.password, [email, user.name]);
    await db.transaction(async (manager) => {
      await manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash: await hashPassword(password), passwordChangeRequired: generated, disabled: false },
      );
      // Every session of theirs ends: whoever had it no longer has it.
      await manager.query(
        `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'password-reset' WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id],
      );
    });
    await auditFromCli(db, 'user.password_reset', user, { passwordChangeRequired: generated, enabled: true });
    console.log(
      `${email}: new password set, every session of theirs ended${user.disabled ? ', account enabled again' : ''}.`,
    );
    announce(email, password, generated);
  });
}

async function run(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  const url = requireDatabaseUrl(config);
  switch (command) {
    case 'migrate':
    case 'prepare': {
      const ran = await migrate({ url });
      console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'database schema is up to date');
      if (command === 'prepare' && config.seed.demo) await seed(url, config.seed.agentCount);
      return;
    }
    case 'seed':
      if (config.env === 'production') {
        throw new UsageError('the demo seed is refused in production: its users share a published password');
      }
      return seed(url, config.seed.agentCount);
    case 'create-admin':
      return createAdmin(url, args, config.bootstrapAdmin);
    case 'reset-password':
      return resetPassword(url, args, config.bootstrapAdmin);
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'a command is needed');
  }
}

async function seed(url: string, agentCount: number): Promise<void> {
  await withDatabase(url, async (db) => {
    const { created } = await seedDemo(db, agentCount);
    console.log(
      created.length
        ? `demo data created: ${created.length} rows (${created.slice(0, 6).join(', ')}…)`
        : 'demo data present',
    );
  });
}

run().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
