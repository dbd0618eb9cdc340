import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('auth');
});
afterAll(() => t.close());

const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });

describe('POST /api/auth/login', () => {
  it('returns a token and the user for each demo role', async () => {
    for (const role of ['admin', 'supervisor', 'qa', 'integration'] as const) {
      const res = await login(`${role}@switchboard.local`, 'switchboard').expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        user: { id: expect.any(String), name: expect.any(String), email: `${role}@switchboard.local`, role },
      });
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

  it('stores passwords hashed with argon2id, never in clear', async () => {
    const rows = await t.db.query(`SELECT password_hash FROM users`);
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a disabled user at login and their existing token within seconds', async () => {
    const { accessToken, user } = await t.login('agent', 3);
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${accessToken}`).expect(200);
    await t.db.query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    await login('agent3@switchboard.local', 'switchboard').expect(401);
    // Tokens are re-checked against the user row at most 5 s after the last check.
    await new Promise((r) => setTimeout(r, 5_100));
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${accessToken}`).expect(401);
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

  it('refuses a token signed with another secret, and an expired one', async () => {
    const { user } = await t.login('admin');
    const claims = { sub: user.id, role: 'admin', name: user.name, email: user.email };
    const forged = await new JwtService({ secret: 'some-other-secret-some-other' }).signAsync(claims);
    await t.http.get('/api/queues').set('authorization', `Bearer ${forged}`).expect(401);
    const expired = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync(claims, { expiresIn: -10 });
    await t.http.get('/api/queues').set('authorization', `Bearer ${expired}`).expect(401);
    const alg = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync(claims, { algorithm: 'HS512' });
    await t.http.get('/api/queues').set('authorization', `Bearer ${alg}`).expect(401);
  });

  it('refuses a token that claims a role the user does not have', async () => {
    const { user } = await t.login('agent', 2);
    const escalated = await new JwtService({ secret: t.config.auth.jwtSecret }).signAsync({
      sub: user.id,
      role: 'root',
      name: user.name,
      email: user.email,
    });
    await t.http.get('/api/queues').set('authorization', `Bearer ${escalated}`).expect(401);
  });
});

describe('Socket.IO handshake', () => {
  const connect = (auth?: Record<string, unknown>) =>
    new Promise<{ ok: boolean; detail: unknown }>((resolve) => {
      const socket = io(t.url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth,
        reconnection: false,
        timeout: 5_000,
      });
      socket.on('session.ready', (payload) => {
        socket.close();
        resolve({ ok: true, detail: payload });
      });
      socket.on('connect_error', (error) => {
        socket.close();
        resolve({ ok: false, detail: error.message });
      });
    });

  it('refuses a connection without a token', async () => {
    expect(await connect()).toEqual({ ok: false, detail: 'unauthorized: auth.token is required' });
  });

  it('refuses a connection with a bad token', async () => {
    expect(await connect({ token: 'nope' })).toEqual({
      ok: false,
      detail: 'unauthorized: token is invalid or expired',
    });
  });

  it('accepts the REST token and puts users in their rooms', async () => {
    const agent = await t.login('agent', 1);
    const agentSession = await connect({ token: agent.accessToken });
    expect(agentSession).toEqual({
      ok: true,
      detail: {
        user: agent.user,
        // The demo's agent 1 works complaints and technical: it hears those queues' waiting counts.
        rooms: [`user:${agent.user.id}`, `agent:${agent.user.id}`, 'queue:complaints', 'queue:technical'],
      },
    });
    const supervisor = await t.login('supervisor');
    const supervisorSession = await connect({ token: supervisor.accessToken });
    expect((supervisorSession.detail as { rooms: string[] }).rooms).toContain('supervisors');
  });
});
