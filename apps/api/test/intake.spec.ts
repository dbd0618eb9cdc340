import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let integration: string;

beforeAll(async () => {
  t = await startTestApp('intake');
  integration = await t.token('integration');
});
afterAll(() => t.close());

const post = (body: Record<string, unknown>, key?: string, token = integration) => {
  const req = t.http.post('/api/tickets').set('authorization', `Bearer ${token}`);
  if (key !== undefined) req.set('idempotency-key', key);
  return req.send(body);
};

const countTickets = async (where = 'true', params: unknown[] = []) =>
  Number((await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE ${where}`, params))[0].n);

describe('POST /api/tickets', () => {
  it('creates a queued ticket with the contract shape and its events', async () => {
    const res = await post(ticketBody({ category: 'billing-dispute', description: 'Two charges of 49.90' })).expect(
      201,
    );
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'queued',
      queue: 'complaints',
      priority: 10,
      position: expect.any(Number),
      estimatedWaitSeconds: expect.any(Number),
    });
    const detail = await t.http
      .get(`/api/tickets/${res.body.id}`)
      .set('authorization', `Bearer ${await t.token('supervisor')}`)
      .expect(200);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['ticket.created', 'ticket.queued']);
    expect(detail.body.events[1].data).toMatchObject({ from: 'new', to: 'queued', queue: 'complaints' });
    expect(detail.body.events[0].actor.name).toBe('Demo Integration');
    expect(detail.body.description).toBe('Two charges of 49.90');
  });

  it('boosts gold and platinum customers and tells each caller its place in line', async () => {
    await t.db.query(`UPDATE tickets SET status = 'abandoned'`); // start from an empty queue
    const first = await post(ticketBody({ queue: 'billing' })).expect(201);
    const second = await post(ticketBody({ queue: 'billing' })).expect(201);
    const platinum = await post(
      ticketBody({ queue: 'billing', customer: { email: 'vip@example.com', tier: 'platinum' } }),
    ).expect(201);
    expect(first.body).toMatchObject({ priority: 0, position: 1 });
    expect(second.body).toMatchObject({ priority: 0, position: 2 });
    expect(platinum.body).toMatchObject({ priority: 20, position: 1 });
  });

  it('returns the same ticket for the same Idempotency-Key: 201 then 200', async () => {
    const body = ticketBody();
    const first = await post(body, 'retry-key-1').expect(201);
    const again = await post(body, 'retry-key-1').expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await countTickets('idempotency_key = $1', ['retry-key-1'])).toBe(1);
  });

  it('makes exactly one ticket from 50 concurrent posts with one key, and every caller gets its id', async () => {
    const body = ticketBody({ subject: 'Concurrent retry storm' });
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(body, 'storm-key')));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await countTickets('idempotency_key = $1', ['storm-key'])).toBe(1);
    const events = await t.db.query(`SELECT type FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [
      responses[0]!.body.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['ticket.created', 'ticket.queued']);
  });

  it('refuses a key reused with a different body, and writes nothing', async () => {
    await post(ticketBody({ subject: 'First' }), 'reused-key').expect(201);
    const before = await countTickets();
    const res = await post(ticketBody({ subject: 'Something else' }), 'reused-key').expect(409);
    expect(res.body.message).toMatch(/Idempotency-Key was already used/);
    expect(await countTickets()).toBe(before);
  });

  it('scopes keys to the caller: the same key from another integration user is another ticket', async () => {
    const admin = await t.token('admin');
    const body = ticketBody();
    const a = await post(body, 'shared-key').expect(201);
    const b = await post(body, 'shared-key', admin).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('deduplicates by the connector external id, even concurrently', async () => {
    const body = ticketBody({ externalId: 'pbx-call-778899' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(body)));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await countTickets('external_id = $1', ['pbx-call-778899'])).toBe(1);
  });

  it("links a customer's contacts into one history by phone, e-mail and external id", async () => {
    const a = await post(ticketBody({ customer: { phone: '+44 20 7946 0001', name: 'Ada' } })).expect(201);
    const b = await post(ticketBody({ channel: 'chat', customer: { phone: '+442079460001' } })).expect(201);
    const c = await post(
      ticketBody({ channel: 'email', customer: { email: 'ADA@example.com', phone: '+44 (20) 7946-0001' } }),
    ).expect(201);
    const d = await post(ticketBody({ channel: 'web', customer: { email: 'ada@example.com ' } })).expect(201);
    const rows = await t.db.query(`SELECT DISTINCT customer_id FROM tickets WHERE id = ANY($1)`, [
      [a.body.id, b.body.id, c.body.id, d.body.id],
    ]);
    expect(rows).toHaveLength(1);
    const [customer] = await t.db.query(`SELECT name, phone, email FROM customers WHERE id = $1`, [
      rows[0].customer_id,
    ]);
    expect(customer).toEqual({ name: 'Ada', phone: '+442079460001', email: 'ada@example.com' });

    const supervisor = await t.token('supervisor');
    const history = await t.http
      .get(`/api/tickets?customerId=${rows[0].customer_id}`)
      .set('authorization', `Bearer ${supervisor}`)
      .expect(200);
    expect(history.body.items).toHaveLength(4);
  });

  it('keeps two CRM customers apart when they share a phone', async () => {
    const a = await post(ticketBody({ customer: { externalId: 'crm-1', phone: '+1 202 555 0100' } })).expect(201);
    const b = await post(ticketBody({ customer: { externalId: 'crm-2', phone: '+1 202 555 0100' } })).expect(201);
    const rows = await t.db.query(`SELECT DISTINCT customer_id FROM tickets WHERE id = ANY($1)`, [
      [a.body.id, b.body.id],
    ]);
    expect(rows).toHaveLength(2);
  });

  it('creates one customer when their first contacts arrive at the same moment', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(ticketBody({ subject: `Burst ${i}`, customer: { email: 'burst@example.com' } })),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'burst@example.com'`);
    expect(row.n).toBe(1);
  });
});

describe('POST /api/tickets/:id/abandon', () => {
  it('abandons a waiting ticket once, then answers 409', async () => {
    const { body } = await post(ticketBody()).expect(201);
    await t.http
      .post(`/api/tickets/${body.id}/abandon`)
      .set('authorization', `Bearer ${integration}`)
      .send({ reason: 'caller-hung-up' })
      .expect(200);
    const again = await t.http
      .post(`/api/tickets/${body.id}/abandon`)
      .set('authorization', `Bearer ${integration}`)
      .expect(409);
    expect(again.body.message).toBe('ticket is abandoned, no longer waiting');
    const events = await t.db.query(`SELECT type, data FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [
      body.id,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'ticket.created',
      'ticket.queued',
      'ticket.abandoned',
    ]);
    expect(events[2].data).toMatchObject({ from: 'queued', to: 'abandoned', reason: 'caller-hung-up' });
    expect(events[2].data.waitedSeconds).toBeGreaterThanOrEqual(0);
  });

  it('rescinds the pending offer of an offered ticket in the same step', async () => {
    const { body } = await post(ticketBody()).expect(201);
    const agent = await t.login('agent', 1);
    await t.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, 'pending', now() + interval '20 seconds')`,
        [body.id, agent.user.id],
      );
      await m.query(`UPDATE tickets SET status = 'offered' WHERE id = $1`, [body.id]);
    });
    await t.http.post(`/api/tickets/${body.id}/abandon`).set('authorization', `Bearer ${integration}`).expect(200);
    const [offer] = await t.db.query(`SELECT status FROM offers WHERE ticket_id = $1`, [body.id]);
    expect(offer.status).toBe('rescinded');
    const events = await t.db.query(`SELECT type FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [body.id]);
    expect(events.map((e: { type: string }) => e.type).slice(-2)).toEqual([
      'ticket.offer_rescinded',
      'ticket.abandoned',
    ]);
  });

  it('answers 404 for a ticket that does not exist', async () => {
    const res = await t.http
      .post('/api/tickets/00000000-0000-4000-8000-000000000000/abandon')
      .set('authorization', `Bearer ${integration}`)
      .expect(404);
    expect(res.body.message).toMatch(/does not exist/);
  });
});
