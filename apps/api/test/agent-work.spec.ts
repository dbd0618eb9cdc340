/**
 * GET /api/agents/me/work: what an agent's desk reloads after a page load or a reconnect —
 * pending offers, held tickets, the wrap-up deadline — straight from the database.
 */
import type { AgentWorkResponse } from '@switchboard/contracts';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let agentToken: string;

beforeAll(async () => {
  t = await startTestApp('agentwork');
  agentToken = await t.token('agent', 2);
});
afterAll(() => t.close());

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const work = async (): Promise<AgentWorkResponse> =>
  (await t.http.get('/api/agents/me/work').set(as(agentToken)).expect(200)).body as AgentWorkResponse;

it('shows the pending offer, then the held ticket, then the wrap-up deadline', async () => {
  const idle = await work();
  expect(idle).toMatchObject({ agent: { email: 'agent2@switchboard.local', status: 'offline' }, offers: [] });
  expect(idle.tickets).toEqual([]);
  expect(idle.wrapUp).toBeNull();

  await t.http.put('/api/agents/me/status').set(as(agentToken)).send({ status: 'available' }).expect(200);
  const posted = await t.http
    .post('/api/tickets')
    .set(as(await t.token('integration')))
    .send(ticketBody({ queue: 'complaints', subject: 'Router keeps dropping' }))
    .expect(201);

  const offered = await work();
  expect(offered.offers).toHaveLength(1);
  const [offer] = offered.offers;
  expect(offer).toMatchObject({
    ticketId: posted.body.id,
    ticket: { id: posted.body.id, subject: 'Router keeps dropping', queue: 'complaints', status: 'offered' },
  });
  expect(Date.parse(offer!.expiresAt)).toBeGreaterThan(Date.now());

  await t.http.post(`/api/offers/${offer!.offerId}/accept`).set(as(agentToken)).expect(200);
  const holding = await work();
  expect(holding.offers).toEqual([]);
  expect(holding.tickets.map((x) => [x.id, x.status])).toEqual([[posted.body.id, 'in_progress']]);

  await t.http
    .post(`/api/tickets/${posted.body.id}/resolve`)
    .set(as(agentToken))
    .send({ resolutionCode: 'fixed' })
    .expect(200);
  // The ticket is resolved; the agent is in the queue's wrap-up (30 s for complaints).
  const wrapping = await work();
  expect(wrapping.tickets).toEqual([]);
  expect(wrapping.wrapUp?.ticketId).toBe(posted.body.id);
  expect(Date.parse(wrapping.wrapUp!.until) - Date.now()).toBeGreaterThan(20_000);

  await t.http.post('/api/agents/me/wrap-up/complete').set(as(agentToken)).expect(200);
  expect((await work()).wrapUp).toBeNull();
});

it('does not show an offer whose deadline has passed', async () => {
  const agent = await t.login('agent', 2);
  const ticket = await t.http
    .post('/api/tickets')
    .set(as(await t.token('integration')))
    .send(ticketBody({ queue: 'technical' })) // not one of agent 2's queues: nobody else offers it
    .expect(201);
  await t.db.query(
    `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at)
     VALUES (gen_random_uuid(), $1, $2, 'pending', now() - interval '1 second')`,
    [ticket.body.id, agent.user.id],
  );
  expect((await work()).offers.map((o) => o.ticketId)).not.toContain(ticket.body.id);
});

it('is for agents only', async () => {
  await t.http
    .get('/api/agents/me/work')
    .set(as(await t.token('supervisor')))
    .expect(403);
  await t.http.get('/api/agents/me/work').expect(401);
});
