/**
 * GET /api/customers/:id: the customer 360 beside a ticket on the agent desk — profile, history
 * figures, tickets and CSAT answers — and who may see it.
 */
import type { AgentWorkResponse, CustomerDetail, TicketDetail, TicketSummary } from '@switchboard/contracts';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let customerId: string;
/** The customer's tickets, oldest first: A (agent 1, resolved), B (agent 2, resolved), C (agent 3, in progress). */
const ids: string[] = [];

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const customer = (email: string) => ({ externalId: 'crm-360', name: 'Ayşe Yılmaz', email, tier: 'gold' });

/** Agent `n` goes available, is offered the new ticket, accepts it, and resolves it when given a resolution code. */
async function handle(n: number, body: Record<string, unknown>, resolution?: string): Promise<string> {
  const agent = await t.token('agent', n);
  await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'available' }).expect(200);
  const posted = await t.http
    .post('/api/tickets')
    .set(as(await t.token('integration')))
    .send(body)
    .expect(201);
  const work = (await t.http.get('/api/agents/me/work').set(as(agent)).expect(200)).body as AgentWorkResponse;
  const offer = work.offers.find((o) => o.ticketId === posted.body.id);
  expect(offer).toBeDefined();
  await t.http.post(`/api/offers/${offer!.offerId}/accept`).set(as(agent)).expect(200);
  if (resolution) {
    await t.http
      .post(`/api/tickets/${posted.body.id}/resolve`)
      .set(as(agent))
      .send({ resolutionCode: resolution })
      .expect(200);
    await t.http.post('/api/agents/me/wrap-up/complete').set(as(agent)).expect(200);
  }
  // Nobody else's tickets come this agent's way.
  await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'offline' }).expect(200);
  return posted.body.id as string;
}

async function rate(ticketId: string, score: number, comment?: string): Promise<void> {
  await t.http
    .post(`/api/tickets/${ticketId}/csat`)
    .set(as(await t.token('integration')))
    .send({ score, comment })
    .expect(201);
}

const view = async (token: string, id = customerId) =>
  (await t.http.get(`/api/customers/${id}`).set(as(token)).expect(200)).body as CustomerDetail;

beforeAll(async () => {
  t = await startTestApp('customers');
  // A: a voice complaint, resolved by agent 1. B: the customer is back about the same thing in a
  // chat, resolved by agent 2, which withdraws A's first-contact resolution. C: a call agent 3 holds now.
  ids.push(
    await handle(
      1,
      ticketBody({
        subject: 'Charged twice for October',
        category: 'billing-dispute',
        customer: { ...customer('ayse@example.com'), phone: '+90 532 111 22 33' },
      }),
      'refund-issued',
    ),
  );
  ids.push(
    await handle(
      2,
      ticketBody({
        channel: 'chat',
        subject: 'Refund still not on my card',
        category: 'billing-dispute',
        customer: customer('ayse@example.com'),
      }),
      'refund-confirmed',
    ),
  );
  ids.push(
    await handle(3, ticketBody({ subject: 'Line is dead since Monday', customer: customer('ayse@example.com') })),
  );
  await rate(ids[0]!, 5, 'Quick and kind');
  await rate(ids[1]!, 2);
  const [{ customer_id }] = (await t.db.query(`SELECT customer_id FROM tickets WHERE id = $1`, [ids[0]])) as {
    customer_id: string;
  }[];
  customerId = customer_id;
  await t.db.query(`UPDATE customers SET lifetime_value = 12345.67, language = 'tr' WHERE id = $1`, [customerId]);
  // Another customer's ticket, which must not appear in this history.
  await t.http
    .post('/api/tickets')
    .set(as(await t.token('integration')))
    .send(ticketBody({ customer: { externalId: 'crm-other', phone: '+90 532 999 88 77' } }))
    .expect(201);
});
afterAll(() => t.close());

describe('GET /api/customers/:id', () => {
  it('gives a supervisor the profile, the figures, the tickets newest first and the CSAT answers', async () => {
    const [a, b, c] = ids as [string, string, string];
    const detail = await view(await t.token('supervisor'));

    expect(detail.customer).toEqual({
      id: customerId,
      externalId: 'crm-360',
      name: 'Ayşe Yılmaz',
      phone: '+905321112233',
      email: 'ayse@example.com',
      tier: 'gold',
      lifetimeValue: 12345.67,
      language: 'tr',
      createdAt: expect.any(String),
    });

    expect(detail.tickets.map((x) => [x.id, x.channel, x.status, x.assignedAgent?.name, x.csatRating])).toEqual([
      [c, 'voice', 'in_progress', 'Agent 3', null],
      [b, 'chat', 'resolved', 'Agent 2', 2],
      [a, 'voice', 'resolved', 'Agent 1', 5],
    ]);
    expect(detail.tickets[2]).toMatchObject({
      subject: 'Charged twice for October',
      queue: 'complaints',
      category: 'billing-dispute',
      // complaints' base priority 10 + the gold tier's boost 10
      priority: 20,
      resolutionCode: 'refund-issued',
    });
    expect(detail.tickets[2]!.resolvedAt).not.toBeNull();
    expect(detail.tickets[0]!.resolvedAt).toBeNull();

    expect(detail.summary).toEqual({
      tickets: 3,
      resolved: 2,
      abandoned: 0,
      open: 1,
      // B resolved at first contact; A not, since the customer came back about it (B).
      firstContactResolutionPercent: 50,
      firstContactResolutionProvisional: true,
      csat: { average: 3.5, positivePercent: 50, responses: 2 },
      lastContactAt: detail.tickets[0]!.createdAt,
    });
    expect(detail.contacts).toEqual([
      { channel: 'voice', count: 2 },
      { channel: 'chat', count: 1 },
    ]);
    expect(detail.csat.map((x) => [x.ticketId, x.rating, x.comment])).toEqual([
      [b, 2, null],
      [a, 5, 'Quick and kind'],
    ]);
  });

  it('shows an agent holding one of the tickets the whole history, including what other agents handled', async () => {
    const detail = await view(await t.token('agent', 3));
    expect(detail.tickets.map((x) => x.assignedAgent?.name)).toEqual(['Agent 3', 'Agent 2', 'Agent 1']);
    expect(detail.summary.tickets).toBe(3);
    expect(detail.csat).toHaveLength(2);
  });

  it('hides the customer from an agent whose part has ended; their own ticket stays readable as history, without contact details or what came after', async () => {
    const agent1 = await t.token('agent', 1);
    await t.http.get(`/api/customers/${customerId}`).set(as(agent1)).expect(404);
    const own = (await t.http.get(`/api/tickets/${ids[0]}`).set(as(agent1)).expect(200)).body as TicketDetail;
    expect(own.customer).toMatchObject({ name: 'Ayşe Yılmaz', phone: null, email: null, externalId: null });
    const types = own.events.map((e) => e.type);
    expect(types.at(-1)).toBe('ticket.wrap_up_completed');
    // The rating and the repeat contact came later: not part of agent 1's work.
    expect(types).not.toContain('ticket.csat_recorded');
    expect(types).not.toContain('ticket.repeat_contact');
    const full = (
      await t.http
        .get(`/api/tickets/${ids[0]}`)
        .set(as(await t.token('supervisor')))
        .expect(200)
    ).body as TicketDetail;
    expect(full.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ticket.csat_recorded', 'ticket.repeat_contact']),
    );
    expect(full.customer.email).toBe('ayse@example.com');
    const search = (await t.http.get('/api/tickets').set(as(agent1)).expect(200)).body as { items: TicketSummary[] };
    expect(search.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(search.items[0]!.customer).toMatchObject({ phone: null, email: null });
  });

  it('hides the customer from an agent with no part in their tickets, even after a declined offer', async () => {
    const agent4 = await t.login('agent', 4);
    const res = await t.http.get(`/api/customers/${customerId}`).set(as(agent4.accessToken)).expect(404);
    expect(res.body.message).toBe(`customer ${customerId} does not exist`);

    await t.db.query(
      `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at, responded_at)
       VALUES (gen_random_uuid(), $1, $2, 'declined', now(), now())`,
      [ids[0], agent4.user.id],
    );
    await t.http.get(`/api/customers/${customerId}`).set(as(agent4.accessToken)).expect(404);
  });

  it('shows the customer to an agent while one of their tickets is offered to them, and not after they decline', async () => {
    const agent = await t.token('agent', 4);
    // Tickets of the earlier cases still wait: an agent coming available is offered the first of
    // them at once. Start from an empty queue, so the next ticket is theirs.
    await t.db.query(`UPDATE tickets SET status = 'abandoned' WHERE status = 'queued'`);
    await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'available' }).expect(200);
    const posted = await t.http
      .post('/api/tickets')
      .set(as(await t.token('integration')))
      .send(ticketBody({ channel: 'email', subject: 'Invoice address', customer: customer('ayse@example.com') }))
      .expect(201);
    const work = (await t.http.get('/api/agents/me/work').set(as(agent)).expect(200)).body as AgentWorkResponse;
    const offer = work.offers.find((o) => o.ticketId === posted.body.id);
    expect(offer).toBeDefined();

    const detail = await view(agent);
    expect(detail.tickets[0]).toMatchObject({ id: posted.body.id, status: 'offered', assignedAgent: null });
    expect(detail.summary).toMatchObject({ tickets: 4, open: 2 });

    await t.http.post(`/api/offers/${offer!.offerId}/decline`).set(as(agent)).expect(200);
    await t.http.get(`/api/customers/${customerId}`).set(as(agent)).expect(404);
    // Nor the ticket itself, in any list: declining is not having worked on it.
    await t.http.get(`/api/tickets/${posted.body.id}`).set(as(agent)).expect(404);
    const search = (await t.http.get('/api/tickets').set(as(agent)).expect(200)).body as { items: TicketSummary[] };
    expect(search.items.map((i) => i.id)).not.toContain(posted.body.id);
    await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'offline' }).expect(200);
  });

  it('is open to QA, admins and integrations too', async () => {
    for (const role of ['qa', 'admin', 'integration'] as const) {
      expect((await view(await t.token(role))).customer.externalId).toBe('crm-360');
    }
  });

  it('answers 400 naming the parameter for an id that is not a UUID, and 404 for an unknown one', async () => {
    const supervisor = await t.token('supervisor');
    const bad = await t.http.get('/api/customers/not-a-uuid').set(as(supervisor)).expect(400);
    expect(bad.body.message).toEqual(['id must be a UUID']);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await t.http.get(`/api/customers/${unknown}`).set(as(supervisor)).expect(404);
    expect(missing.body.message).toBe(`customer ${unknown} does not exist`);
    await t.http.get(`/api/customers/${customerId}`).expect(401);
  });
});
