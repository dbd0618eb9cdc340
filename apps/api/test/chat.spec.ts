/**
 * The customer's web chat (contract: The customer's side): a stranger opens a conversation, the
 * agent answers, both see each other live; the customer token opens that conversation and
 * nothing else; the public endpoints hold their limits and origins.
 */
import type {
  ChatSessionState,
  CreateChatSessionResponse,
  CustomerTypingEvent,
  Message,
  MessageCreatedEvent,
  MessagesReadEvent,
} from '@switchboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let agent: { token: string; id: string };
let agentSocket: Socket;
const agentHeard: { event: string; payload: unknown }[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestApp('chat', { CHAT_SESSIONS_PER_IP_PER_MINUTE: '10', CHAT_LEFT_AFTER_SECONDS: '2' });
  const login = await t.login('agent', 1);
  agent = { token: login.accessToken, id: login.user.id };
  agentSocket = await connect('/', { token: agent.token });
  for (const event of ['message.created', 'customer.typing', 'messages.read', 'offer.created'])
    agentSocket.on(event, (payload: unknown) => agentHeard.push({ event, payload }));
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t.close();
});

let address = 0;
/** Each test speaks from its own address (the api trusts X-Forwarded-For from loopback), so limits do not mix. */
const newAddress = () => `198.51.100.${++address}`;

async function openChat(body: Record<string, unknown> = {}, from = newAddress()): Promise<CreateChatSessionResponse> {
  const res = await t.http
    .post('/api/chat/sessions')
    .set('x-forwarded-for', from)
    .send({ queue: 'complaints', message: 'My order never arrived.', customer: { name: 'Ayşe' }, ...body });
  expect(res.status).toBe(201);
  return res.body as CreateChatSessionResponse;
}

const customer = (token: string, from = newAddress()) => ({
  get: (path: string) => t.http.get(path).set('authorization', `Bearer ${token}`).set('x-forwarded-for', from),
  post: (path: string, body: object = {}) =>
    t.http.post(path).set('authorization', `Bearer ${token}`).set('x-forwarded-for', from).send(body),
});
const staff = (token: string) => ({
  get: (path: string) => t.http.get(path).set('authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => t.http.post(path).set('authorization', `Bearer ${token}`).send(body),
});

function connect(
  namespace: string,
  auth: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Socket> {
  const socket = io(`${t.url}${namespace === '/' ? '' : namespace}`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth,
    extraHeaders: headers,
    reconnection: false,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function until<T>(check: () => T | undefined | null | false, what: string, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The pending offer of a ticket, once the router has made it. */
async function pendingOffer(ticketId: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const rows = (await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [
      ticketId,
    ])) as {
      id: string;
    }[];
    if (rows[0]) return rows[0].id;
    if (Date.now() > deadline) throw new Error('no offer was made');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a web chat, end to end over the API and sockets', () => {
  it('opens a ticket with the first message, and carries messages, typing and read marks both ways', async () => {
    const opened = await openChat({ customer: { name: 'Ayşe', email: 'ayse@example.com' } });
    expect(opened.customerToken).toMatch(/^sbc_[A-Za-z0-9_-]{43}$/);
    expect(opened.position).toBeGreaterThanOrEqual(1);
    expect(opened.estimatedWaitSeconds).toBeGreaterThanOrEqual(0);
    const me = customer(opened.customerToken);

    const [ticket] = await t.db.query(
      `SELECT channel, status, created_by_id AS "createdById", subject FROM tickets WHERE id = $1`,
      [opened.ticketId],
    );
    expect(ticket).toEqual({
      channel: 'chat',
      status: 'queued',
      createdById: null,
      subject: 'My order never arrived.',
    });
    // The token is never stored, only its hash.
    const stored = await t.db.query(`SELECT token_hash FROM chat_sessions WHERE ticket_id = $1`, [opened.ticketId]);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(opened.customerToken);

    const state = (await me.get('/api/chat/session').expect(200)).body as ChatSessionState;
    expect(state).toMatchObject({ ticketId: opened.ticketId, phase: 'waiting', agent: null, lastSeq: 1 });
    expect(state.position).toBe(opened.position);
    const first = (await me.get('/api/chat/messages').expect(200)).body.items as Message[];
    expect(first.map((m) => [m.seq, m.direction, m.author.kind, m.body])).toEqual([
      [1, 'inbound', 'customer', 'My order never arrived.'],
    ]);

    const customerHeard: { event: string; payload: Record<string, unknown> }[] = [];
    const chatSocket = await connect('/chat', { customerToken: opened.customerToken });
    for (const event of ['chat.message', 'chat.agent', 'chat.typing', 'chat.read', 'chat.ended', 'chat.position'])
      chatSocket.on(event, (payload: Record<string, unknown>) => customerHeard.push({ event, payload }));

    // The agent comes free: the offer arrives, the agent accepts, the customer sees who joined.
    await t.http
      .put('/api/agents/me/status')
      .set('authorization', `Bearer ${agent.token}`)
      .send({ status: 'available' })
      .expect(200);
    const offer = await pendingOffer(opened.ticketId);
    await staff(agent.token).post(`/api/offers/${offer}/accept`).expect(200);
    const joined = await until(() => customerHeard.find((h) => h.event === 'chat.agent'), 'chat.agent');
    expect(joined.payload).toEqual({ name: 'Agent 1' });
    expect((await me.get('/api/chat/session').expect(200)).body).toMatchObject({
      phase: 'active',
      agent: { name: 'Agent 1' },
    });

    // The agent's reply reaches the customer; the agent's note does not.
    const path = `/api/tickets/${opened.ticketId}/messages`;
    await staff(agent.token).post(path, { body: 'Checking internally', visibility: 'internal' }).expect(201);
    const reply = (
      await staff(agent.token).post(path, { body: 'Sorry! Let me check.', visibility: 'public' }).expect(201)
    ).body.message as Message;
    const pushed = await until(() => customerHeard.find((h) => h.event === 'chat.message'), 'chat.message');
    expect((pushed.payload.message as Message).body).toBe('Sorry! Let me check.');
    expect(customerHeard.filter((h) => h.event === 'chat.message')).toHaveLength(1);
    const seen = (await me.get('/api/chat/messages?after=1').expect(200)).body.items as Message[];
    expect(seen.map((m) => m.body)).toEqual(['Sorry! Let me check.']);

    // The customer writes back; the agent hears it, and the customer's typing.
    const written = (await me.post('/api/chat/messages', { body: 'Order 4711' }).expect(201)).body.message as Message;
    expect(written).toMatchObject({
      seq: reply.seq + 1,
      direction: 'inbound',
      author: { kind: 'customer', name: 'Ayşe' },
    });
    await until(
      () =>
        agentHeard.find(
          (h) => h.event === 'message.created' && (h.payload as MessageCreatedEvent).message.body === 'Order 4711',
        ),
      'message.created',
    );
    chatSocket.emit('chat.typing', { typing: true });
    const typing = await until(() => agentHeard.find((h) => h.event === 'customer.typing'), 'customer.typing');
    expect(typing.payload as CustomerTypingEvent).toEqual({ ticketId: opened.ticketId, typing: true });
    agentSocket.emit('ticket.typing', { ticketId: opened.ticketId, typing: true });
    expect((await until(() => customerHeard.find((h) => h.event === 'chat.typing'), 'chat.typing')).payload).toEqual({
      typing: true,
    });

    // Read marks: the customer read the reply, the agent's desk hears it and the message says so.
    chatSocket.emit('chat.read', { seq: reply.seq });
    const read = await until(() => agentHeard.find((h) => h.event === 'messages.read'), 'messages.read');
    expect(read.payload as MessagesReadEvent).toMatchObject({ ticketId: opened.ticketId, seq: reply.seq });
    const staffView = (await staff(agent.token).get(path).expect(200)).body.items as Message[];
    expect(staffView.find((m) => m.seq === reply.seq)?.readAt).toBeDefined();
    // And the agent read the customer's: the customer sees it.
    await staff(agent.token).post(`/api/tickets/${opened.ticketId}/messages/read`, { seq: written.seq }).expect(204);
    expect((await until(() => customerHeard.find((h) => h.event === 'chat.read'), 'chat.read')).payload).toMatchObject({
      seq: written.seq,
    });

    // Resolved: the customer hears the end, and the token writes no more.
    await staff(agent.token).post(`/api/tickets/${opened.ticketId}/resolve`, { resolutionCode: 'fixed' }).expect(200);
    await staff(agent.token).post('/api/agents/me/wrap-up/complete').expect(200);
    // The end, with the satisfaction survey to answer in the chat (surveys.spec.ts).
    expect((await until(() => customerHeard.find((h) => h.event === 'chat.ended'), 'chat.ended')).payload).toEqual({
      reason: 'resolved',
      surveyUrl: expect.stringMatching(/^\/survey\//),
    });
    expect((await me.post('/api/chat/messages', { body: 'one more' })).status).toBe(409);
    expect((await me.get('/api/chat/session').expect(200)).body.phase).toBe('ended');
    // The timeline has the conversation in order with the resolution.
    const events = (await staff(agent.token).get(`/api/tickets/${opened.ticketId}`).expect(200)).body.events as {
      type: string;
    }[];
    const types = events.map((e) => e.type);
    expect(types.indexOf('ticket.message_added')).toBeLessThan(types.indexOf('ticket.accepted'));
    expect(types.lastIndexOf('ticket.message_added')).toBeLessThan(types.indexOf('ticket.resolved'));
    await t.http
      .put('/api/agents/me/status')
      .set('authorization', `Bearer ${agent.token}`)
      .send({ status: 'away' })
      .expect(200);
  });

  it('abandons the ticket when the customer leaves while waiting', async () => {
    const opened = await openChat();
    const me = customer(opened.customerToken);
    await me.post('/api/chat/leave').expect(204);
    const [row] = await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [opened.ticketId]);
    expect(row.status).toBe('abandoned');
    const events = (
      await staff(await t.token('supervisor'))
        .get(`/api/tickets/${opened.ticketId}`)
        .expect(200)
    ).body.events as { type: string; data: Record<string, unknown> }[];
    expect(events.find((e) => e.type === 'ticket.abandoned')?.data.reason).toBe('customer-left-chat');
    expect((await me.post('/api/chat/messages', { body: 'hello?' })).status).toBe(409);
  });

  it('abandons a waiting chat whose page stays closed, not one that reloads', async () => {
    const closed = await openChat();
    const reloaded = await openChat();
    (await connect('/chat', { customerToken: closed.customerToken })).disconnect();
    (await connect('/chat', { customerToken: reloaded.customerToken })).disconnect();
    // The reload: a new socket within the grace.
    await connect('/chat', { customerToken: reloaded.customerToken });
    const status = async (id: string) =>
      ((await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [id])) as { status: string }[])[0]!.status;
    const deadline = Date.now() + 8_000;
    while ((await status(closed.ticketId)) !== 'abandoned' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await status(closed.ticketId)).toBe('abandoned');
    const [event] = await t.db.query(
      `SELECT data FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.abandoned'`,
      [closed.ticketId],
    );
    expect(event.data.reason).toBe('chat-closed');
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await status(reloaded.ticketId)).toBe('queued');
    await customer(reloaded.customerToken).post('/api/chat/leave').expect(204);
  });

  it('abandons a waiting chat nobody ever opened a page for (a script that never came back)', async () => {
    const scripted = await openChat();
    const deadline = Date.now() + 10_000;
    let row: { status: string } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 200));
      [row] = (await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [scripted.ticketId])) as {
        status: string;
      }[];
    } while (row?.status !== 'abandoned' && Date.now() < deadline);
    expect(row?.status).toBe('abandoned');
  });

  it('pushes the waiting customer a new position when the one ahead leaves', async () => {
    const ahead = await openChat();
    const behind = await openChat();
    expect(behind.position).toBe(ahead.position + 1);
    const socket = await connect('/chat', { customerToken: behind.customerToken });
    const positions: number[] = [];
    socket.on('chat.position', (p: { position: number }) => positions.push(p.position));
    await until(() => positions.length > 0, 'the first position push');
    expect(positions[0]).toBe(behind.position);
    await customer(ahead.customerToken).post('/api/chat/leave').expect(204);
    await until(() => positions.includes(behind.position - 1), 'the new position');
    await customer(behind.customerToken).post('/api/chat/leave').expect(204);
  });
});

describe('one chat cannot flood the api', () => {
  it('takes at most five pages per chat and answers its events within one allowance per chat', async () => {
    await t.http
      .put('/api/agents/me/status')
      .set('authorization', `Bearer ${agent.token}`)
      .send({ status: 'available' })
      .expect(200);
    const opened = await openChat();
    await staff(agent.token)
      .post(`/api/offers/${await pendingOffer(opened.ticketId)}/accept`)
      .expect(200);
    const pages: Socket[] = [];
    for (let i = 0; i < 5; i++) pages.push(await connect('/chat', { customerToken: opened.customerToken }));
    await expect(connect('/chat', { customerToken: opened.customerToken })).rejects.toThrow(/too many connections/);
    // Staff never see the agent's id through the customer's eyes.
    const reply = await staff(agent.token)
      .post(`/api/tickets/${opened.ticketId}/messages`, { body: 'Hello', visibility: 'public' })
      .expect(201);
    const seen = (await customer(opened.customerToken).get('/api/chat/messages').expect(200)).body.items as Message[];
    expect(seen.find((m) => m.seq === reply.body.message.seq)?.author).toEqual({ kind: 'agent', name: 'Agent 1' });

    const before = agentHeard.filter((h) => h.event === 'customer.typing').length;
    await new Promise((r) => setTimeout(r, 1_100)); // the chat is read as active from here on
    for (let round = 0; round < 40; round++)
      for (const page of pages) page.emit('chat.typing', { typing: round % 2 === 0 });
    await new Promise((r) => setTimeout(r, 500));
    const heard = agentHeard.filter((h) => h.event === 'customer.typing').length - before;
    // 200 events sent; one chat's allowance is a burst of 10 and 5 a second.
    expect(heard).toBeGreaterThan(0);
    expect(heard).toBeLessThanOrEqual(14);
    for (const page of pages) page.disconnect();
    await staff(agent.token).post(`/api/tickets/${opened.ticketId}/resolve`, { resolutionCode: 'fixed' }).expect(200);
    await staff(agent.token).post('/api/agents/me/wrap-up/complete').expect(200);
    await t.http
      .put('/api/agents/me/status')
      .set('authorization', `Bearer ${agent.token}`)
      .send({ status: 'away' })
      .expect(200);
  });
});

describe('hostile input on the public chat', () => {
  it('refuses bad bodies with a 4xx naming the field', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ queue: 'complaints', customer: {} }, 400, 'message'],
      [{ queue: 'complaints', message: '   ', customer: {} }, 400, 'message must not be empty'],
      [{ queue: 'complaints', message: 'x'.repeat(10_001), customer: {} }, 400, 'message must be at most'],
      [{ queue: 'complaints', message: 'hi\u202eevil', customer: {} }, 400, 'plain text'],
      [{ queue: 'complaints', message: 'hi', customer: { email: 'not-mail' } }, 400, 'customer.email'],
      [{ queue: 'complaints', message: 'hi', customer: { name: 'a\u0007b' } }, 400, 'customer.name'],
      [{ queue: 'complaints', message: 'hi', customer: { name: '\u200f\u061cAdmin' } }, 400, 'customer.name'],
      [{ queue: 'complaints', message: 'esc\u009b[2J', customer: {} }, 400, 'plain text'],
      [{ queue: 'nope', message: 'hi', customer: {} }, 400, "queue 'nope' does not exist"],
      [{ queue: 'complaints', message: 'hi', customer: {}, isAdmin: true }, 400, 'isAdmin'],
    ];
    for (const [body, status, text] of cases) {
      const res = await t.http.post('/api/chat/sessions').set('x-forwarded-for', newAddress()).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(JSON.stringify(res.body.message)).toContain(text);
    }
    const big = await t.http
      .post('/api/chat/sessions')
      .set('x-forwarded-for', newAddress())
      .set('content-type', 'application/json')
      .send(JSON.stringify({ queue: 'complaints', message: 'x'.repeat(60_000), customer: {} }));
    expect(big.status).toBe(413);
  });

  it('limits new chats per address (429 with Retry-After) while other addresses go on', async () => {
    const flood = '203.0.113.66';
    const statuses: number[] = [];
    const others: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await t.http
        .post('/api/chat/sessions')
        .set('x-forwarded-for', flood)
        .send({ queue: 'complaints', message: `flood ${i}`, customer: {} });
      statuses.push(res.status);
      if (res.status === 429 && statuses.filter((s) => s === 429).length === 1) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.body.message).toContain('too many new chats');
      }
      if (i % 40 === 0) {
        const other = await t.http
          .post('/api/chat/sessions')
          .set('x-forwarded-for', newAddress())
          .send({ queue: 'complaints', message: 'a real customer', customer: {} });
        others.push(other.status);
      }
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(190);
    expect(others).toEqual([201, 201, 201, 201, 201]);
    const [made] = await t.db.query(`SELECT count(*)::int AS n FROM messages WHERE body LIKE 'flood %'`);
    expect(made.n).toBe(10);
  });

  it('limits messages per conversation', async () => {
    const opened = await openChat();
    const me = customer(opened.customerToken);
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await me.post('/api/chat/messages', { body: `m${i}` })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });

  it('lets only the stack itself and the queue\u2019s listed sites open its chat', async () => {
    const admin = await t.token('admin');
    await t.http
      .patch('/api/queues/billing')
      .set('authorization', `Bearer ${admin}`)
      .send({ chatOrigins: ['https://shop.example'] })
      .expect(200);
    const from = (origin: string, queue: string) =>
      t.http
        .post('/api/chat/sessions')
        .set('x-forwarded-for', newAddress())
        .set('origin', origin)
        .send({ queue, message: 'hello', customer: {} });
    expect((await from(t.url, 'complaints')).status).toBe(201);
    expect((await from('https://shop.example', 'billing')).status).toBe(201);
    const refused = await from('https://evil.example', 'billing');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('https://evil.example');
    expect((await from('https://shop.example', 'complaints')).status).toBe(403);
    // CORS answers the listed site only, and only on the chat's routes.
    const preflight = await t.http
      .options('/api/chat/messages')
      .set('origin', 'https://shop.example')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type');
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
    const evil = await t.http
      .options('/api/chat/messages')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const staffRoute = await t.http
      .options('/api/tickets')
      .set('origin', 'https://shop.example')
      .set('access-control-request-method', 'GET');
    expect(staffRoute.headers['access-control-allow-origin']).toBeUndefined();
    // The chat page may be framed (the widget) by the queue's own sites only.
    const page = await t.http.get('/chat?queue=billing').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self' https://shop.example");
    const other = await t.http.get('/chat?queue=complaints').expect(200);
    expect(other.headers['content-security-policy']).toContain("frame-ancestors 'self';");
    const launcher = await t.http.get('/widget.js').expect(200);
    expect(launcher.headers['content-type']).toContain('javascript');
    expect(launcher.text).toContain('/chat?queue=');
    // The socket checks the page's origin too.
    const opened = (await from('https://shop.example', 'billing')).body as CreateChatSessionResponse;
    await connect('/chat', { customerToken: opened.customerToken }, { origin: 'https://shop.example' });
    await expect(
      connect('/chat', { customerToken: opened.customerToken }, { origin: 'https://evil.example' }),
    ).rejects.toThrow(/forbidden/);
  });
});

describe('what a customer token opens', () => {
  it('reaches no staff route (every one in the OpenAPI document answers 401)', async () => {
    const opened = await openChat();
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const answers: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      // The public routes: the chat's own, sign-in, health, and survey links (their signature is the key).
      if (
        path.startsWith('/api/chat/') ||
        path.startsWith('/api/surveys/') ||
        path === '/api/auth/login' ||
        path === '/api/health'
      )
        continue;
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{\w+\}/g, opened.ticketId);
        const res = await (
          t.http as unknown as Record<
            string,
            (u: string) => { set: (k: string, v: string) => Promise<{ status: number }> }
          >
        )[method]!(url).set('authorization', `Bearer ${opened.customerToken}`);
        answers.push(`${method.toUpperCase()} ${path} ${res.status}`);
      }
    }
    expect(answers.length).toBeGreaterThan(30);
    expect(answers.filter((a) => !a.endsWith(' 401'))).toEqual([]);
  });

  it('reads and writes its own conversation only', async () => {
    const mine = await openChat({ message: 'mine' });
    const theirs = await openChat({ message: 'theirs, private' });
    const me = customer(mine.customerToken);
    const items = (await me.get('/api/chat/messages').expect(200)).body.items as Message[];
    expect(items.map((m) => m.body)).toEqual(['mine']);
    // Nothing in the chat routes takes a ticket id: a forged one is ignored or refused.
    expect((await me.get(`/api/chat/messages?ticketId=${theirs.ticketId}`)).status).toBe(400);
    // A token that is not one, or a staff token, opens no chat.
    for (const bad of ['sbc_' + 'A'.repeat(43), mine.customerToken.slice(0, -1), await t.token('admin')]) {
      expect((await customer(bad).get('/api/chat/messages')).status).toBe(401);
    }
  });

  it('joins no staff room: the staff namespace refuses it and the chat namespace has no rooms to join', async () => {
    const opened = await openChat();
    await expect(connect('/', { token: opened.customerToken })).rejects.toThrow(/unauthorized/);
    await expect(connect('/', { customerToken: opened.customerToken })).rejects.toThrow(/unauthorized/);
    // A staff token is not a customer token either.
    await expect(connect('/chat', { customerToken: agent.token })).rejects.toThrow(/unauthorized/);
    const socket = await connect('/chat', { customerToken: opened.customerToken });
    const heard: string[] = [];
    socket.onAny((event: string) => heard.push(event));
    for (const room of ['supervisors', `agent:${agent.id}`, 'queue:complaints', `chat:${opened.ticketId}`]) {
      const answer = await Promise.race([
        socket
          .timeout(500)
          .emitWithAck('rooms.join', room)
          .catch(() => 'no answer'),
        new Promise((r) => setTimeout(() => r('no answer'), 600)),
      ]);
      expect(answer).toBe('no answer');
    }
    // A new ticket offered to an agent, and a supervisor's metrics: this socket hears none of it.
    await openChat();
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.filter((e) => !e.startsWith('chat.'))).toEqual([]);
  });
});
