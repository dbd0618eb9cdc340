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

  it('deduplicates by external id per caller, comparing the body like the Idempotency-Key', async () => {
    const admin = await t.token('admin');
    const body = ticketBody({ externalId: 'form-4711' });
    const first = await post(body).expect(201);
    expect((await post(body).expect(200)).body.id).toBe(first.body.id);
    const before = await countTickets();
    const changed = await post({ ...body, subject: 'Another complaint under the same id' }).expect(409);
    expect(changed.body.message).toBe('externalId was already used for a different ticket body');
    expect(await countTickets()).toBe(before);
    // Another caller's form 4711 is another contact.
    const other = await post(body, undefined, admin).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  const customerOf = async (ticketId: string) =>
    (await t.db.query(`SELECT customer_id FROM tickets WHERE id = $1`, [ticketId]))[0].customer_id as string;
  const eventsOf = async (ticketId: string) =>
    (await t.db.query(`SELECT type, data FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [ticketId])) as {
      type: string;
      data: Record<string, unknown>;
    }[];

  it("links a customer's contacts by the identities each channel vouches for, and says so on the timeline", async () => {
    // Caller id of calls from the PBX: one customer, however the number is written.
    const call1 = await post(ticketBody({ customer: { phone: '+44 20 7946 0001', name: 'Ada' } })).expect(201);
    const call2 = await post(ticketBody({ customer: { phone: '+44 (20) 7946-0001' } })).expect(201);
    // The sender of e-mails from the mail gateway: one customer.
    const mail1 = await post(ticketBody({ channel: 'email', customer: { email: 'ADA@example.com' } })).expect(201);
    const mail2 = await post(ticketBody({ channel: 'email', customer: { email: 'ada@example.com ' } })).expect(201);
    // The CRM id links any channel, and the caller id it arrives with joins that customer.
    const crm1 = await post(
      ticketBody({ channel: 'web', customer: { externalId: 'crm-ada', email: 'a@b.co' } }),
    ).expect(201);
    const crm2 = await post(ticketBody({ customer: { externalId: 'crm-ada', phone: '+44 20 7946 9999' } })).expect(201);

    expect(await customerOf(call2.body.id)).toBe(await customerOf(call1.body.id));
    expect(await customerOf(mail2.body.id)).toBe(await customerOf(mail1.body.id));
    expect(await customerOf(crm2.body.id)).toBe(await customerOf(crm1.body.id));
    expect(new Set([call1, mail1, crm1].map((r) => r.body.id)).size).toBe(3);

    const matched = (await eventsOf(call2.body.id)).find((e) => e.type === 'ticket.customer_matched');
    expect(matched?.data).toEqual({
      customerId: await customerOf(call1.body.id),
      by: 'phone',
      verified: true,
      added: [],
      tier: null,
    });
    expect((await eventsOf(crm2.body.id)).find((e) => e.type === 'ticket.customer_matched')?.data).toMatchObject({
      by: 'externalId',
      added: ['phone'],
    });
    expect((await eventsOf(call1.body.id)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.queued']);
    const [ada] = await t.db.query(`SELECT name, phone, email, verified FROM customers WHERE id = $1`, [
      await customerOf(call1.body.id),
    ]);
    expect(ada).toEqual({ name: 'Ada', phone: '+442079460001', email: null, verified: true });
  });

  it('never attaches a claimed e-mail or phone to a verified customer, nor lets it change their tier', async () => {
    const vip = await post(
      ticketBody({ channel: 'email', customer: { email: 'vip-gold@example.com', name: 'Real VIP', tier: 'gold' } }),
    ).expect(201);
    const vipCustomer = await customerOf(vip.body.id);
    // A web form and a chat claiming the VIP's address, and a web form claiming the VIP's address as an admin.
    const web = await post(
      ticketBody({ channel: 'web', customer: { email: 'vip-gold@example.com', name: 'Impostor' } }),
    ).expect(201);
    const chat = await post(ticketBody({ channel: 'chat', customer: { email: 'VIP-gold@example.com' } })).expect(201);
    const byAdmin = await post(
      ticketBody({ channel: 'voice', customer: { email: 'vip-gold@example.com' } }),
      undefined,
      await t.token('admin'),
    ).expect(201);
    for (const ticket of [web, chat, byAdmin]) {
      expect(await customerOf(ticket.body.id)).not.toBe(vipCustomer);
      expect(ticket.body.priority).toBe(10); // complaints' base: no gold boost
    }
    // The claims are one unverified customer, kept apart from the VIP.
    expect(await customerOf(chat.body.id)).toBe(await customerOf(web.body.id));
    const [unverified] = await t.db.query(`SELECT verified, tier, name FROM customers WHERE id = $1`, [
      await customerOf(web.body.id),
    ]);
    expect(unverified).toEqual({ verified: false, tier: 'standard', name: 'Impostor' });
    const [real] = await t.db.query(`SELECT tier, name, verified FROM customers WHERE id = $1`, [vipCustomer]);
    expect(real).toEqual({ tier: 'gold', name: 'Real VIP', verified: true });
  });

  it('takes a tier only from an integration, and records the change', async () => {
    const admin = await t.token('admin');
    const refused = await post(
      ticketBody({ customer: { externalId: 'crm-tier', tier: 'platinum' } }),
      undefined,
      admin,
    ).expect(400);
    expect(refused.body.message).toEqual(['customer.tier may only be set by an integration (a CRM connector)']);
    const first = await post(ticketBody({ customer: { externalId: 'crm-tier' } })).expect(201);
    const upgraded = await post(ticketBody({ customer: { externalId: 'crm-tier', tier: 'platinum' } })).expect(201);
    expect(upgraded.body.priority).toBe(30);
    expect(await customerOf(upgraded.body.id)).toBe(await customerOf(first.body.id));
    expect((await eventsOf(upgraded.body.id)).find((e) => e.type === 'ticket.customer_matched')?.data).toMatchObject({
      by: 'externalId',
      tier: { from: 'standard', to: 'platinum' },
    });
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
