/**
 * A ticket's conversation (contract: Conversations): messages numbered per ticket, each on the
 * timeline; notes are internal messages; a connector adds the customer's messages once per
 * externalId and reads only the public ones; who may read and write is the access policy's.
 */
import type { Message, MessageCreatedEvent } from '@switchboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let integration: string;
let supervisor: string;
let qa: string;
let agent: { token: string; id: string };
let otherAgent: string;
let socket: Socket;
const pushed: MessageCreatedEvent[] = [];

beforeAll(async () => {
  t = await startTestApp('messages');
  integration = await t.token('integration');
  supervisor = await t.token('supervisor');
  qa = await t.token('qa');
  otherAgent = await t.token('agent', 2);
  const login = await t.login('agent', 1);
  agent = { token: login.accessToken, id: login.user.id };
  await t.http
    .put('/api/agents/me/status')
    .set('authorization', `Bearer ${agent.token}`)
    .send({ status: 'available' })
    .expect(200);
  socket = io(t.url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: agent.token },
    reconnection: false,
  });
  socket.on('message.created', (event: MessageCreatedEvent) => pushed.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('session.ready', () => resolve());
    socket.once('connect_error', reject);
  });
});
afterAll(async () => {
  socket?.disconnect();
  await t.close();
});

const as = (token: string) => ({
  get: (path: string) => t.http.get(path).set('authorization', `Bearer ${token}`),
  post: (path: string, body: unknown) =>
    t.http
      .post(path)
      .set('authorization', `Bearer ${token}`)
      .send(body as object),
});

const held: string[] = [];

/**
 * A ticket the agent holds: posted by the integration, offered to the one free agent, accepted.
 * The ticket of the test before is resolved first, so the agent has room.
 */
async function ticketInHand(): Promise<string> {
  for (const earlier of held.splice(0)) {
    const done = await as(agent.token).post(`/api/tickets/${earlier}/resolve`, { resolutionCode: 'fixed' });
    if (done.status === 200) await as(agent.token).post('/api/agents/me/wrap-up/complete', {}).expect(200);
  }
  const created = await as(integration)
    .post('/api/tickets', ticketBody({ channel: 'chat' }))
    .expect(201);
  const [offer] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [
    created.body.id,
  ]);
  await as(agent.token).post(`/api/offers/${offer.id}/accept`, {}).expect(200);
  held.push(created.body.id as string);
  return created.body.id as string;
}

const seqs = (items: Message[]) => items.map((m) => m.seq);

describe('a conversation', () => {
  it('numbers every message of a ticket, keeps notes internal, and puts each on the timeline', async () => {
    const id = await ticketInHand();
    const path = `/api/tickets/${id}/messages`;

    const hello = await as(integration)
      .post(path, { body: 'Hello, I was charged twice', direction: 'inbound', externalId: 'wa-1' })
      .expect(201);
    expect(hello.body.message).toMatchObject({
      seq: 1,
      ticketId: id,
      direction: 'inbound',
      visibility: 'public',
      author: { kind: 'customer', name: 'Test Customer' },
      body: 'Hello, I was charged twice',
      attachments: [],
    });
    // The same delivery again is the same message; the same id with other text is a conflict.
    const again = await as(integration)
      .post(path, { body: 'Hello, I was charged twice', direction: 'inbound', externalId: 'wa-1' })
      .expect(200);
    expect(again.body.message.id).toBe(hello.body.message.id);
    const clash = await as(integration).post(path, { body: 'Other text', direction: 'inbound', externalId: 'wa-1' });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain('externalId');

    const reply = await as(agent.token).post(path, { body: 'Sorry about that, checking now.', visibility: 'public' });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({
      seq: 2,
      direction: 'outbound',
      visibility: 'public',
      author: { kind: 'agent', id: agent.id },
    });
    await as(agent.token).post(path, { body: 'Second charge is a duplicate.', visibility: 'internal' }).expect(201);
    await as(agent.token).post(`/api/tickets/${id}/notes`, { body: 'Refund requested.' }).expect(201);

    // Staff read everything, in order; the connector reads what the customer may see.
    for (const token of [agent.token, supervisor, qa]) {
      expect(seqs((await as(token).get(path).expect(200)).body.items)).toEqual([1, 2, 3, 4]);
    }
    const external = (await as(integration).get(path).expect(200)).body.items as Message[];
    expect(external.map((m) => [m.seq, m.visibility])).toEqual([
      [1, 'public'],
      [2, 'public'],
    ]);

    // Pages: oldest first, resumable from the last number seen.
    const first = (await as(agent.token).get(`${path}?limit=3`).expect(200)).body;
    expect([seqs(first.items), first.nextCursor]).toEqual([[1, 2, 3], '3']);
    const rest = (await as(agent.token).get(`${path}?after=${first.nextCursor}`).expect(200)).body;
    expect([seqs(rest.items), rest.nextCursor]).toEqual([[4], null]);

    // The timeline: one event per message, pointing at it, in the order they were written.
    const timeline = (await as(supervisor).get(`/api/tickets/${id}`).expect(200)).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    const messageEvents = timeline.filter((e) => e.type === 'ticket.message_added' || e.type === 'ticket.note_added');
    expect(messageEvents.map((e) => [e.type, e.data.seq, e.data.visibility])).toEqual([
      ['ticket.message_added', 1, 'public'],
      ['ticket.message_added', 2, 'public'],
      ['ticket.note_added', 3, 'internal'],
      ['ticket.note_added', 4, 'internal'],
    ]);
    expect(messageEvents[0]!.data.messageId).toBe(hello.body.message.id);
    expect(messageEvents[3]!.data.body).toBe('Refund requested.');

    // The agent holding the ticket heard of each one on their socket.
    await waitFor(() => pushed.filter((p) => p.ticketId === id).length === 4);
    expect(pushed.filter((p) => p.ticketId === id).map((p) => p.message.seq)).toEqual([1, 2, 3, 4]);
  });

  it('numbers concurrent messages without a gap or a repeat', async () => {
    const id = await ticketInHand();
    const path = `/api/tickets/${id}/messages`;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? as(agent.token).post(path, { body: `reply ${i}`, visibility: 'public' })
          : as(integration).post(path, { body: `customer ${i}`, direction: 'inbound', externalId: `c-${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const items = (await as(agent.token).get(path).expect(200)).body.items as Message[];
    expect(seqs(items)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const [{ last }] = await t.db.query(`SELECT last_message_seq AS last FROM tickets WHERE id = $1`, [id]);
    expect(last).toBe(12);
  });
});

describe('who may write and read', () => {
  it('refuses bad input with the field named, and writes nothing', async () => {
    const id = await ticketInHand();
    const path = `/api/tickets/${id}/messages`;
    const cases: [string, unknown, string][] = [
      [agent.token, { body: 'no visibility' }, 'visibility'],
      [agent.token, { body: 'x', visibility: 'secret' }, 'visibility must be one of public, internal'],
      [agent.token, { body: '   ', visibility: 'public' }, 'body must not be empty'],
      [agent.token, { body: 'x'.repeat(10_001), visibility: 'public' }, 'body must be at most 10000 characters'],
      [agent.token, { body: 'x', visibility: 'public', direction: 'inbound' }, 'for connectors'],
      [agent.token, { body: 'x', visibility: 'public', sender: 'me' }, 'sender'],
      [integration, { body: 'x' }, 'direction must be "inbound"'],
      [integration, { body: 'x', direction: 'inbound', visibility: 'internal' }, 'visibility must be public'],
      [integration, { body: 'x', direction: 'inbound', externalId: 'has space' }, 'externalId'],
    ];
    for (const [token, body, says] of cases) {
      const res = await as(token).post(path, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect([res.body.message].flat().join('\n')).toContain(says);
    }
    const paging = await as(agent.token).get(`${path}?after=abc`);
    expect(paging.status).toBe(400);
    expect([paging.body.message].flat().join('\n')).toContain('after must be a cursor');
    expect((await as(agent.token).get(path).expect(200)).body.items).toEqual([]);
  });

  it('keeps a ticket to those who may see it', async () => {
    const id = await ticketInHand();
    const path = `/api/tickets/${id}/messages`;
    // Another agent: the ticket does not exist for them.
    expect((await as(otherAgent).get(path)).status).toBe(404);
    expect((await as(otherAgent).post(path, { body: 'hi', visibility: 'public' })).status).toBe(404);
    // QA reads but does not write; an unknown ticket is 404 for everyone.
    expect((await as(qa).post(path, { body: 'hi', visibility: 'internal' })).status).toBe(403);
    expect((await as(supervisor).get(`/api/tickets/00000000-0000-4000-8000-000000000000/messages`)).status).toBe(404);
    // A reply reaches the customer only while the ticket is in progress.
    await as(agent.token).post(`/api/tickets/${id}/resolve`, { resolutionCode: 'fixed' }).expect(200);
    const late = await as(agent.token).post(path, { body: 'one more thing', visibility: 'public' });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('in progress');
    // A note is still welcome; a connector's message to an ended ticket is not.
    await as(supervisor).post(path, { body: 'Reviewed.', visibility: 'internal' }).expect(201);
    const closed = await as(integration).post(path, { body: 'Thanks!', direction: 'inbound' });
    expect(closed.status).toBe(409);
    expect(closed.body.message).toContain('resolved');
    // Once their wrap-up is over, the conversation is no longer the agent's to read.
    await as(agent.token).post('/api/agents/me/wrap-up/complete', {}).expect(200);
    expect((await as(agent.token).get(path)).status).toBe(403);
  });
});

describe('a ticket position', () => {
  it('tells a connector and supervisors where a waiting ticket stands', async () => {
    await t.http
      .put('/api/agents/me/status')
      .set('authorization', `Bearer ${agent.token}`)
      .send({ status: 'away' })
      .expect(200);
    const first = (await as(integration).post('/api/tickets', ticketBody()).expect(201)).body.id as string;
    const second = (await as(integration).post('/api/tickets', ticketBody()).expect(201)).body.id as string;
    const a = (await as(integration).get(`/api/tickets/${second}/position`).expect(200)).body;
    const b = (await as(supervisor).get(`/api/tickets/${first}/position`).expect(200)).body;
    expect(a.status).toBe('queued');
    expect(a.position).toBe(b.position + 1);
    expect(a.estimatedWaitSeconds).toBeGreaterThanOrEqual(b.estimatedWaitSeconds);
    expect(Date.parse(a.asOf)).toBeGreaterThan(Date.now() - 60_000);
    // Agents ask the desk, not this; QA has no use for it.
    expect((await as(agent.token).get(`/api/tickets/${first}/position`)).status).toBe(403);
    expect((await as(qa).get(`/api/tickets/${first}/position`)).status).toBe(403);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
