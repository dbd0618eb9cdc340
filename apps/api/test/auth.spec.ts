import { JwtService } from '@nestjs/jwt';
import type { LoginResponse, SessionEndedReason } from '@switchboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('auth');
});
afterAll(() => t.close());

const PUBLISHED_KEY = 'switchboard-development-secret-not-for-production';
const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh sign-in (not the cached one of TestApp.login), so a test may end it. */
async function signIn(email: string, password = 'switchboard'): Promise<LoginResponse> {
  return (await login(email, password).expect(200)).body as LoginResponse;
}

/** A user of its own for a test that changes them. */
async function newUser(role: 'agent' | 'supervisor' | 'admin' | 'qa', password = 'glacier-mosaic-pepper-71') {
  const admin = await t.token('admin');
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const res = await t.http
    .post('/api/users')
    .set(bearer(admin))
    .send({ name: `Test ${role}`, email, role, password, requirePasswordChange: false })
    .expect(201);
  return { id: res.body.user.id as string, email, password };
}

function connect(token: string): Promise<{ socket: Socket; ended: SessionEndedReason[]; rooms: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = io(t.url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false });
    const ended: SessionEndedReason[] = [];
    socket.on('session.ended', ({ reason }: { reason: SessionEndedReason }) => ended.push(reason));
    socket.on('session.ready', ({ rooms }: { rooms: string[] }) => resolve({ socket, ended, rooms }));
    socket.on('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe('POST /api/auth/login', () => {
  it('starts a session: a short-lived token, the refresh token (body and HttpOnly cookie) and the user', async () => {
    for (const role of ['admin', 'supervisor', 'qa', 'integration'] as const) {
      const res = await login(`${role}@switchboard.local`, 'switchboard').expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: expect.any(String),
        refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/),
        sessionExpiresAt: expect.any(String),
        user: {
          id: expect.any(String),
          name: expect.any(String),
          email: `${role}@switchboard.local`,
          role,
          passwordChangeRequired: false,
        },
      });
      const ttl = Date.parse(res.body.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(14 * 60_000);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(new RegExp(`sb_session=${res.body.refreshToken}`));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/api\/auth/);
    }
    const agent = await login('Agent1@Switchboard.Local ', 'switchboard').expect(200);
    expect(agent.body.user.role).toBe('agent');
  });

  it('answers 401 alike for a wrong password and an unknown e-mail', async () => {
    const wrong = await login('admin@switchboard.local', 'nope').expect(401);
    const unknown = await login('nobody@switchboard.local', 'switchboard').expect(401);
    expect(wrong.body.message).toBe('e-mail or password is wrong');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('stores passwords hashed with argon2id at 19 MiB × 2 passes, never in clear', async () => {
    const { email } = await newUser('qa');
    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE email = $1`, [email]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    for (const r of await t.db.query(`SELECT password_hash FROM users`))
      expect(r.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('re-hashes a password made with older settings at the next sign-in', async () => {
    const { id, email, password } = await newUser('qa');
    const argon2 = (await import('argon2')).default;
    const old = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    await t.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, old]);
    await signIn(email, password);
    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [id]);
    expect(row.password_hash).toMatch(/m=19456,p=1,t=2/);
    await signIn(email, password);
  });

  it('refuses a disabled user at login and their existing token at once', async () => {
    const { id, email, password } = await newUser('agent');
    const session = await signIn(email, password);
    await t.http.get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    await t.http
      .patch(`/api/users/${id}`)
      .set(bearer(await t.token('admin')))
      .send({ disabled: true })
      .expect(200);
    await login(email, password).expect(401);
    await t.http.get('/api/auth/me').set(bearer(session.accessToken)).expect(401);
    await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('takes a change made straight in the database within seconds (no event needed)', async () => {
    const { id, email, password } = await newUser('supervisor');
    const session = await signIn(email, password);
    await t.http.get('/api/agents').set(bearer(session.accessToken)).expect(200);
    await t.db.query(`UPDATE users SET role = 'qa' WHERE id = $1`, [id]);
    const waited = await waitFor(
      async () => (await t.http.get('/api/agents').set(bearer(session.accessToken))).status === 403,
      5_000,
    );
    expect(waited).toBeLessThan(5_000);
    const me = await t.http.get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    expect(me.body.role).toBe('qa');
  });
});

describe('bearer tokens', () => {
  it.each([
    ['no header', undefined],
    ['a non-bearer scheme', 'Basic YWRtaW46c3dpdGNoYm9hcmQ='],
    ['garbage', 'Bearer not.a.token'],
  ])('answers 401 for %s', async (_, header) => {
    const req = t.http.get('/api/queues');
    if (header) req.set('authorization', header);
    const res = await req.expect(401);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('refuses forged tokens: the published key, another key, no exp, too long a life, another algorithm', async () => {
    const real = await signIn('admin@switchboard.local');
    const { sub, sid } = new JwtService({}).decode<{ sub: string; sid: string }>(real.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const signed = (secret: string, claims: object, algorithm: 'HS256' | 'HS512' = 'HS256') =>
      new JwtService({ secret }).signAsync(claims, { algorithm });
    const key = t.config.auth.jwtSecret!;
    const forged = {
      published: await signed(PUBLISHED_KEY, { sub, sid, iat: now, exp: now + 600 }),
      otherKey: await signed('some-other-secret-some-other-secret-!!', { sub, sid, iat: now, exp: now + 600 }),
      noExp: await signed(key, { sub, sid, iat: now }),
      noSession: await signed(key, { sub, iat: now, exp: now + 600 }),
      longLife: await signed(key, { sub, sid, iat: now, exp: now + 30 * 24 * 3600 }),
      expired: await signed(key, { sub, sid, iat: now - 1000, exp: now - 10 }),
      hs512: await signed(key, { sub, sid, iat: now, exp: now + 600 }, 'HS512'),
      oldStyleAdmin: await signed(PUBLISHED_KEY, { sub, role: 'admin', name: 'x', email: 'x@y.z' }),
    };
    for (const [name, token] of Object.entries(forged)) {
      const res = await t.http.get('/api/queues').set(bearer(token));
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      await expect(connect(token)).rejects.toThrow(/unauthorized/);
    }
    // The same claims with the right key work: the refusals above are for what they say.
    await t.http
      .get('/api/queues')
      .set(bearer(await signed(key, { sub, sid, iat: now, exp: now + 600 })))
      .expect(200);
  });

  it('reads the role from the database, not from the token', async () => {
    const agent = await signIn('agent2@switchboard.local');
    const { sub, sid } = new JwtService({}).decode<{ sub: string; sid: string }>(agent.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const escalated = await new JwtService({ secret: t.config.auth.jwtSecret! }).signAsync({
      sub,
      sid,
      role: 'admin',
      iat: now,
      exp: now + 600,
    });
    const res = await t.http.get('/api/users').set(bearer(escalated)).expect(403);
    expect(res.body.message).toMatch(/role agent may not/);
  });
});

describe('sessions', () => {
  it('refreshes the access token from the cookie or the body, and ends everything at logout', async () => {
    const session = await signIn('qa@switchboard.local');
    const cookie = `sb_session=${session.refreshToken}`;
    const byCookie = await t.http.post('/api/auth/refresh').set('cookie', cookie).expect(200);
    expect(byCookie.body).toEqual({
      accessToken: expect.any(String),
      expiresAt: expect.any(String),
      sessionExpiresAt: session.sessionExpiresAt,
      user: session.user,
    });
    const byBody = await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    await t.http.get('/api/auth/me').set(bearer(byBody.body.accessToken)).expect(200);

    const out = await t.http.post('/api/auth/logout').set(bearer(session.accessToken)).expect(200);
    expect(out.body.result).toEqual({
      action: 'session.logout',
      target: { type: 'session', id: expect.any(String) },
      ticket: null,
      at: expect.any(String),
    });
    expect(String(out.headers['set-cookie'])).toMatch(/sb_session=;/);
    // Every token of the session, old and refreshed, and the refresh token itself.
    for (const token of [session.accessToken, byCookie.body.accessToken, byBody.body.accessToken]) {
      await t.http.get('/api/auth/me').set(bearer(token)).expect(401);
    }
    await t.http.post('/api/auth/refresh').set('cookie', cookie).expect(401);
    // Other sessions of the same user are untouched.
    await t.http
      .get('/api/auth/me')
      .set(bearer(await t.token('qa')))
      .expect(200);
  });

  it('refuses refresh tokens that are malformed or made up', async () => {
    const session = await signIn('qa@switchboard.local');
    const [sid] = session.refreshToken!.split('.');
    for (const refreshToken of ['', 'x', `${sid}.${'A'.repeat(43)}`, `${'0'.repeat(36)}.${'A'.repeat(43)}`]) {
      await t.http.post('/api/auth/refresh').send({ refreshToken }).expect(401);
    }
  });

  it('closes a socket at logout, and when its user is disabled or demoted, within 5 s', async () => {
    const admin = await t.token('admin');
    const a = await newUser('supervisor');
    const b = await newUser('supervisor');
    const c = await newUser('agent');
    const loggedOut = await connect((await signIn(a.email, a.password)).accessToken);
    const sessionA = await signIn(a.email, a.password);
    const socketA = await connect(sessionA.accessToken);
    const socketB = await connect((await signIn(b.email, b.password)).accessToken);
    const socketC = await connect((await signIn(c.email, c.password)).accessToken);
    expect(socketB.rooms).toContain('supervisors');

    let started = Date.now();
    await t.http.post('/api/auth/logout').set(bearer(sessionA.accessToken)).expect(200);
    await waitFor(() => !socketA.socket.connected, 5_000);
    expect(socketA.ended).toEqual(['logged-out']);
    expect(loggedOut.socket.connected).toBe(true); // another session of the same user

    started = Date.now();
    await t.http.patch(`/api/users/${b.id}`).set(bearer(admin)).send({ role: 'qa' }).expect(200);
    await waitFor(() => !socketB.socket.connected, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(socketB.ended).toEqual(['role-changed']);

    await t.http.patch(`/api/users/${c.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    await waitFor(() => !socketC.socket.connected, 5_000);
    expect(socketC.ended).toEqual(['user-disabled']);
    loggedOut.socket.close();
  });

  it('closes the socket of a user demoted straight in the database within 5 s (the sweep, no event)', async () => {
    const s = await newUser('supervisor');
    const socket = await connect((await signIn(s.email, s.password)).accessToken);
    const started = Date.now();
    await t.db.query(`UPDATE users SET role = 'qa' WHERE id = $1`, [s.id]);
    await waitFor(() => !socket.socket.connected, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(socket.ended).toEqual(['role-changed']);
  });

  it('keeps a socket open past its token with auth.renew, for the same session only', async () => {
    const session = await signIn('supervisor@switchboard.local');
    const other = await signIn('supervisor@switchboard.local');
    const { socket } = await connect(session.accessToken);
    const refreshed = await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    expect(await socket.timeout(5000).emitWithAck('auth.renew', refreshed.body.accessToken)).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    expect(await socket.timeout(5000).emitWithAck('auth.renew', other.accessToken)).toEqual({
      ok: false,
      error: "the new token belongs to another session than the socket's",
    });
    expect(await socket.timeout(5000).emitWithAck('auth.renew', 'nope')).toMatchObject({ ok: false });
    socket.close();
  });
});

describe('failed sign-ins', () => {
  it('answers 429 with Retry-After at the 6th wrong password of an account, while other accounts sign in', async () => {
    const victim = await newUser('qa');
    for (let i = 1; i <= 5; i++) await login(victim.email, `wrong-${i}`).expect(401);
    const sixth = await login(victim.email, 'wrong-6').expect(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(sixth.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/too many failed sign-ins; try again in \d+ s/),
    });
    // Even the right password waits: the guessing is what is stopped.
    await login(victim.email, victim.password).expect(429);
    // The same address keeps signing in other users.
    await signIn('supervisor@switchboard.local');
    await signIn('agent3@switchboard.local');
  });

  it('never limits successful sign-ins from one address (a floor starting its shift)', async () => {
    for (let i = 0; i < 30; i++) await signIn(`agent${(i % 4) + 1}@switchboard.local`);
  });

  it('clears an account’s failures when the right password comes first', async () => {
    const user = await newUser('qa');
    for (let i = 1; i <= 4; i++) await login(user.email, `wrong-${i}`).expect(401);
    await signIn(user.email, user.password);
    for (let i = 1; i <= 5; i++) await login(user.email, `wrong-again-${i}`).expect(401);
    await login(user.email, 'wrong-again-6').expect(429);
  });
});

describe('limits on password hashing', () => {
  let busy: TestApp;
  beforeAll(async () => {
    busy = await startTestApp('auth-busy', { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '1' });
  });
  afterAll(() => busy.close());

  it('answers 503 with Retry-After when more sign-ins arrive than may be hashed and queued', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        busy.http.post('/api/auth/login').send({ email: 'qa@switchboard.local', password: 'switchboard' }),
      ),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    const refused = attempts.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers['retry-after']).toBe('1');
      expect(r.body.message).toMatch(/too many sign-ins are being checked/);
    }
  });
});

describe('passwords', () => {
  it('lets a user change their own password, ending their other sessions', async () => {
    const user = await newUser('qa');
    const here = await signIn(user.email, user.password);
    const elsewhere = await signIn(user.email, user.password);
    const change = (body: object) => t.http.put('/api/auth/password').set(bearer(here.accessToken)).send(body);
    expect(
      (await change({ currentPassword: 'wrong', newPassword: 'sailboat-meadow-copper-88' }).expect(400)).body.message,
    ).toEqual(['currentPassword is wrong']);
    expect(
      (await change({ currentPassword: user.password, newPassword: 'password1234' }).expect(400)).body.message[0],
    ).toMatch(/newPassword is too easy to guess/);
    expect((await change({ currentPassword: user.password, newPassword: 'short' }).expect(400)).body.message).toEqual([
      'newPassword must be at least 10 characters',
    ]);
    const ok = await change({ currentPassword: user.password, newPassword: 'sailboat-meadow-copper-88' }).expect(200);
    expect(ok.body.result.action).toBe('user.password_change');
    await t.http.get('/api/auth/me').set(bearer(here.accessToken)).expect(200);
    await t.http.get('/api/auth/me').set(bearer(elsewhere.accessToken)).expect(401);
    await login(user.email, user.password).expect(401);
    await signIn(user.email, 'sailboat-meadow-copper-88');
  });

  it('holds a user with an admin-set password to the password change until they choose their own', async () => {
    const admin = await t.token('admin');
    const created = await t.http
      .post('/api/users')
      .set(bearer(admin))
      .send({ name: 'New Supervisor', email: 'newsup@example.com', role: 'supervisor' })
      .expect(201);
    const temporary = created.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[\w-]{4}-[\w-]{4}-[\w-]{4}-[\w-]{4}$/);
    const session = await signIn('newsup@example.com', temporary);
    expect(session.user.passwordChangeRequired).toBe(true);
    await t.http.get('/api/auth/me').set(bearer(session.accessToken)).expect(200);
    const blocked = await t.http.get('/api/agents').set(bearer(session.accessToken)).expect(403);
    expect(blocked.body.message).toMatch(/choose your own password first/);
    await expect(connect(session.accessToken)).rejects.toThrow(/choose your own password/);
    await t.http
      .put('/api/auth/password')
      .set(bearer(session.accessToken))
      .send({ currentPassword: temporary, newPassword: 'harbor-lantern-violet-19' })
      .expect(200);
    await t.http.get('/api/agents').set(bearer(session.accessToken)).expect(200);
  });
});
