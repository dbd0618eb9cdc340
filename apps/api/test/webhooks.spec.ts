/**
 * Webhooks (issue: connectors): an admin subscribes a URL; ticket.created, ticket.resolved,
 * ticket.transferred and public replies (message.created) reach it as signed JSON, once per
 * attempt; a 500 is retried with growing waits, every attempt is in the delivery log, and a
 * delivery can be sent again by hand. The receiver here is a real HTTP server.
 */
import type { AgentWorkResponse } from '@switchboard/contracts';
import { createServer, type Server } from 'node:http';
import { verifySignature } from '../src/webhooks/webhook-signature.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Received {
  event: string;
  delivery: string;
  signature: string;
  body: string;
  at: number;
}

let t: TestApp;
let server: Server;
let receiverUrl: string;
const received: Received[] = [];
/** What the receiver answers per path: a list consumed in order, then 200. */
const answers = new Map<string, number[]>();
const tokens: Record<string, string> = {};
const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const SECRET = 'connector-secret-0123456789';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({
        event: String(req.headers['switchboard-event']),
        delivery: String(req.headers['switchboard-delivery']),
        signature: String(req.headers['switchboard-signature']),
        body,
        at: Date.now(),
      });
      const queue = answers.get(req.url ?? '/') ?? [];
      const status = queue.shift() ?? 200;
      res.writeHead(status).end(status === 200 ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  t = await startTestApp('webhooks', { WEBHOOK_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '300' });
  for (const role of ['admin', 'supervisor', 'integration'] as const) tokens[role] = await t.token(role);
  tokens.agent = await t.token('agent', 1);
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => server.close(r));
});

async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newTicket(subject: string): Promise<string> {
  const res = await t.http
    .post('/api/tickets')
    .set(as('integration'))
    .send({
      channel: 'web',
      queue: 'complaints',
      subject,
      customer: { name: 'Webhook Customer', externalId: `wh-${subject}` },
    })
    .expect(201);
  return res.body.id as string;
}

let hookId: string;

describe('subscribing', () => {
  it('is for admins, with a URL, known events and a secret of 16 characters or more', async () => {
    const body = {
      url: `${receiverUrl}/hook`,
      events: ['ticket.created', 'ticket.resolved', 'ticket.transferred', 'message.created'],
      secret: SECRET,
    };
    await t.http.post('/api/webhooks').set(as('supervisor')).send(body).expect(403);
    await t.http.post('/api/webhooks').set(as('integration')).send(body).expect(403);
    const bad = async (change: object, message: RegExp) => {
      const res = await t.http
        .post('/api/webhooks')
        .set(as('admin'))
        .send({ ...body, ...change })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    };
    await bad({ url: 'ftp://example.com/x' }, /url must be an http\(s\) URL/);
    await bad({ url: 'javascript:alert(1)' }, /url must be an http\(s\) URL/);
    await bad({ events: ['ticket.deleted'] }, /events must be among ticket.created/);
    await bad({ events: [] }, /events must name at least one event/);
    await bad({ secret: 'short' }, /secret must be at least 16 characters/);
    const created = await t.http.post('/api/webhooks').set(as('admin')).send(body).expect(201);
    hookId = created.body.id;
    expect(created.body).toEqual({
      id: expect.any(String),
      url: `${receiverUrl}/hook`,
      events: body.events,
      active: true,
      description: null,
      createdAt: expect.any(String),
    });
    // The secret is never read back.
    const listed = await t.http.get('/api/webhooks').set(as('admin')).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
  });
});

describe('delivering', () => {
  it('retries a 500, signs every attempt, and logs each one', async () => {
    answers.set('/hook', [500]);
    const ticketId = await newTicket('First contact');
    const attempts = await until(
      () => received.filter((r) => r.event === 'ticket.created'),
      (list) => list.length >= 2,
    );
    expect(attempts).toHaveLength(2);
    // The same delivery, the same body, each attempt signed (and the signature checks out).
    expect(attempts[0]!.delivery).toBe(attempts[1]!.delivery);
    expect(attempts[0]!.body).toBe(attempts[1]!.body);
    for (const a of attempts)
      expect(verifySignature(SECRET, a.body, a.signature, Math.floor(Date.now() / 1000))).toBe(true);
    // A tampered body, another secret, or the same request an hour later does not verify.
    expect(
      verifySignature(
        SECRET,
        attempts[0]!.body.replace('First', 'Fist'),
        attempts[0]!.signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
    expect(
      verifySignature(
        'another-secret-0123456789',
        attempts[0]!.body,
        attempts[0]!.signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
    expect(
      verifySignature(SECRET, attempts[0]!.body, attempts[0]!.signature, Math.floor(Date.now() / 1000) + 3600),
    ).toBe(false);
    const payload = JSON.parse(attempts[0]!.body);
    expect(payload).toMatchObject({
      id: attempts[0]!.delivery,
      event: 'ticket.created',
      ticket: { id: ticketId, subject: 'First contact', queue: 'complaints', customer: { name: 'Webhook Customer' } },
    });
    expect(payload.ticket.reference).toMatch(/^SB-\d+$/);

    const log = await until(
      async () =>
        (await t.http.get(`/api/webhooks/${hookId}/deliveries`).set(as('admin')).expect(200)).body as {
          id: string;
          status: string;
          attempts: number;
          log: { statusCode: number | null }[];
        }[],
      (list) => list.some((d) => d.id === attempts[0]!.delivery && d.status === 'delivered'),
    );
    const delivery = log.find((d) => d.id === attempts[0]!.delivery)!;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(delivery.log.map((a) => a.statusCode)).toEqual([500, 200]);
    // The customer leaves: nothing waits for the agent the next test uses.
    await t.http.post(`/api/tickets/${ticketId}/abandon`).set(as('integration')).send({}).expect(200);
  });

  it('sends resolutions, transfers and public replies once each, and never internal notes', async () => {
    const before = received.length;
    await t.http.put('/api/agents/me/status').set(as('agent')).send({ status: 'available' }).expect(200);
    const ticketId = await newTicket('Second contact');
    const other = await newTicket('Third contact');
    const offerOf = async (id: string) => {
      const work = await until(
        async () => (await t.http.get('/api/agents/me/work').set(as('agent')).expect(200)).body as AgentWorkResponse,
        (w) => w.offers.some((o) => o.ticketId === id),
      );
      return work.offers.find((o) => o.ticketId === id)!.offerId;
    };
    await t.http
      .post(`/api/offers/${await offerOf(ticketId)}/accept`)
      .set(as('agent'))
      .expect(200);
    await t.http
      .post(`/api/tickets/${ticketId}/messages`)
      .set(as('agent'))
      .send({ body: 'Only for colleagues', visibility: 'internal' })
      .expect(201);
    await t.http
      .post(`/api/tickets/${ticketId}/messages`)
      .set(as('agent'))
      .send({ body: 'We are on it.', visibility: 'public' })
      .expect(201);
    await t.http
      .post(`/api/tickets/${ticketId}/resolve`)
      .set(as('agent'))
      .send({ resolutionCode: 'fixed' })
      .expect(200);
    await t.http.post('/api/agents/me/wrap-up/complete').set(as('agent')).expect(200);
    await t.http
      .post(`/api/offers/${await offerOf(other)}/accept`)
      .set(as('agent'))
      .expect(200);
    await t.http
      .post(`/api/tickets/${other}/transfer`)
      .set(as('agent'))
      .send({ queue: 'billing', note: 'Billing question' })
      .expect(200);
    await t.http.put('/api/agents/me/status').set(as('agent')).send({ status: 'offline' }).expect(200);

    const got = await until(
      () => received.slice(before),
      (list) =>
        ['message.created', 'ticket.resolved', 'ticket.transferred'].every((e) => list.some((r) => r.event === e)),
    );
    // Give any duplicate the time to arrive, then count.
    await new Promise((r) => setTimeout(r, 500));
    const events = received
      .slice(before)
      .map((r) => r.event)
      .sort();
    expect(events).toEqual([
      'message.created',
      'ticket.created',
      'ticket.created',
      'ticket.resolved',
      'ticket.transferred',
    ]);
    const message = JSON.parse(got.find((r) => r.event === 'message.created')!.body);
    expect(message.message).toMatchObject({ body: 'We are on it.', direction: 'outbound', visibility: 'public' });
    expect(JSON.stringify(received)).not.toContain('Only for colleagues');
    const transfer = JSON.parse(received.find((r) => r.event === 'ticket.transferred')!.body);
    expect(transfer.ticket.id).toBe(other);
  });

  it('redelivers by hand, with the same body; an inactive webhook gets nothing', async () => {
    const deliveries = (await t.http.get(`/api/webhooks/${hookId}/deliveries`).set(as('admin')).expect(200)).body as {
      id: string;
      event: string;
    }[];
    const resolved = deliveries.find((d) => d.event === 'ticket.resolved')!;
    const first = received.find((r) => r.delivery === resolved.id)!;
    await t.http.post(`/api/webhooks/${hookId}/deliveries/${resolved.id}/redeliver`).set(as('admin')).expect(200);
    const again = await until(
      () => received.filter((r) => r.delivery === resolved.id),
      (list) => list.length === 2,
    );
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toBe(first.body);
    await t.http.post(`/api/webhooks/${hookId}/deliveries/99999999/redeliver`).set(as('admin')).expect(404);
    await t.http.post(`/api/webhooks/${hookId}/deliveries/abc/redeliver`).set(as('admin')).expect(400);

    await t.http.patch(`/api/webhooks/${hookId}`).set(as('admin')).send({ active: false }).expect(200);
    const count = received.length;
    await newTicket('While switched off');
    await new Promise((r) => setTimeout(r, 600));
    expect(received.length).toBe(count);
  });

  it('keeps retrying a receiver that keeps failing, each wait longer, until its day is over', async () => {
    const failing = await t.http
      .post('/api/webhooks')
      .set(as('admin'))
      .send({ url: `${receiverUrl}/down`, events: ['ticket.created'], secret: SECRET })
      .expect(201);
    answers.set('/down', [500, 500, 500, 500, 500, 500]);
    const start = received.length;
    await newTicket('Nobody listens');
    const tries = await until(
      () => received.slice(start).filter((r) => r.event === 'ticket.created'),
      (list) => list.length >= 3,
    );
    const gaps = [tries[1]!.at - tries[0]!.at, tries[2]!.at - tries[1]!.at];
    // 300 ms, then 600 ms (the poll adds up to 50 ms).
    expect(gaps[0]).toBeGreaterThanOrEqual(280);
    expect(gaps[1]).toBeGreaterThan(gaps[0]! + 150);
    // Its day is over: the next failure is the last.
    await t.db.query(`UPDATE webhook_deliveries SET give_up_at = now() WHERE webhook_id = $1`, [failing.body.id]);
    const final = await until(
      async () =>
        (
          (await t.http.get(`/api/webhooks/${failing.body.id}/deliveries`).set(as('admin')).expect(200)).body as {
            status: string;
          }[]
        )[0]!,
      (d) => d.status === 'failed',
    );
    expect(final.status).toBe('failed');
    await t.http.delete(`/api/webhooks/${failing.body.id}`).set(as('admin')).expect(204);
    await t.http.delete(`/api/webhooks/${failing.body.id}`).set(as('admin')).expect(404);
  });

  it('logs why nothing answered when the receiver is down', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const down = await t.http
      .post('/api/webhooks')
      .set(as('admin'))
      .send({ url: `http://127.0.0.1:${port}/nobody`, events: ['ticket.created'], secret: SECRET })
      .expect(201);
    await newTicket('Receiver offline');
    const [delivery] = await until(
      async () =>
        (await t.http.get(`/api/webhooks/${down.body.id}/deliveries`).set(as('admin')).expect(200)).body as {
          status: string;
          log: { statusCode: number | null; error: string | null }[];
        }[],
      (list) => (list[0]?.log.length ?? 0) >= 1,
    );
    expect(delivery!.status).toBe('pending');
    expect(delivery!.log[0]).toMatchObject({ statusCode: null, error: 'ECONNREFUSED' });
    await t.http.delete(`/api/webhooks/${down.body.id}`).set(as('admin')).expect(204);
  });
});
