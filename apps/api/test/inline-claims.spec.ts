/**
 * Inline claims: a ticket posted while an agent is free is offered in the intake's unit of work;
 * when the claim itself fails, the intake is written again without it, the POST still succeeds
 * and the ticket's routing job is queued for the router to do the claim instead. No router runs
 * here, so what the test sees is the api's part alone.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { ROUTING_QUEUE } from '@switchboard/messaging';
import { reconcileScans } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { Queue } from 'bullmq';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
let integration: string;
let agentId: string;
let routing: Queue;

beforeAll(async () => {
  t = await startTestApp('inline');
  integration = await t.token('integration');
  const agent = await t.login('agent', 1);
  agentId = agent.user.id;
  routing = t.app.get<Queue>(getQueueToken(ROUTING_QUEUE));
  // Redis's waiting counts, as the router's reconciler builds them when it starts.
  const work = t.app.get(TicketWork);
  await work.board.rebuild(await reconcileScans.waitingCounts(work.sql));
  // Only agent 1 is free; everyone else stays offline.
  await t.http
    .put('/api/agents/me/status')
    .set('authorization', `Bearer ${agent.accessToken}`)
    .send({ status: 'available' })
    .expect(200);
});
afterAll(async () => {
  await t.db.query(`DROP TRIGGER IF EXISTS offers_fail ON offers`);
  await t.close();
});

const post = () =>
  t.http
    .post('/api/tickets')
    .set('authorization', `Bearer ${integration}`)
    .send(ticketBody({ queue: 'complaints' }));

const ticketState = async (id: string) => {
  const [ticket] = await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [id]);
  const offers = await t.db.query(`SELECT agent_id, status FROM offers WHERE ticket_id = $1`, [id]);
  const events = await t.db.query(`SELECT type FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`, [id]);
  return { status: ticket.status, offers, events: events.map((e: { type: string }) => e.type) };
};

const routeJobs = async (ticketId: string) =>
  (await routing.getJobs(['waiting', 'delayed', 'prioritized'])).filter(
    (j) => j.name === 'ticket.route' && (j.data as { ticketId: string }).ticketId === ticketId,
  );

it('offers a ticket to the free agent in the same transaction that queued it', async () => {
  const res = await post().expect(201);
  const state = await ticketState(res.body.id);
  expect(state.status).toBe('offered');
  expect(state.offers).toEqual([{ agent_id: agentId, status: 'pending' }]);
  expect(state.events).toEqual(['ticket.created', 'ticket.queued', 'ticket.offered']);
  // Offered: the router has nothing to route for it.
  expect(await routeJobs(res.body.id)).toEqual([]);
  // Free the agent again for the next case.
  await t.db.query(`UPDATE offers SET status = 'rescinded' WHERE ticket_id = $1`, [res.body.id]);
  await t.db.query(`UPDATE tickets SET status = 'abandoned' WHERE id = $1`, [res.body.id]);
});

it('when the claim fails, undoes it, still answers 201 and leaves the ticket to the router', async () => {
  // Every offer insert fails, as a claim failing half-way through would.
  await t.db.query(`CREATE OR REPLACE FUNCTION offers_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'forced offer failure'; END $$`);
  await t.db.query(`CREATE TRIGGER offers_fail BEFORE INSERT ON offers FOR EACH ROW EXECUTE FUNCTION offers_fail()`);
  try {
    const res = await post().expect(201);
    expect(res.body).toMatchObject({ status: 'queued', position: 1 });
    const state = await ticketState(res.body.id);
    expect(state.status).toBe('queued');
    expect(state.offers).toEqual([]);
    expect(state.events).toEqual(['ticket.created', 'ticket.queued']);
    // The agent was not left reserved by the undone claim.
    const [agent] = await t.db.query(`SELECT status FROM agents WHERE user_id = $1`, [agentId]);
    expect(agent.status).toBe('available');
    // The router's job for the ticket, due now (not after a recheck delay).
    const jobs = await routeJobs(res.body.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.opts.delay ?? 0).toBe(0);
  } finally {
    await t.db.query(`DROP TRIGGER IF EXISTS offers_fail ON offers`);
  }
});

it('lets a ticket that arrives behind others wait its turn, even when an agent is free at that instant', async () => {
  // The agent is away while U arrives: U waits.
  await t.db.query(`UPDATE agents SET status = 'away' WHERE user_id = $1`, [agentId]);
  const u = await post().expect(201);
  expect(u.body.status).toBe('queued');
  // The agent comes free, and in the instant before their own routing pass the newcomer arrives
  // (the agent's status is set behind the api's back: no pass runs for it).
  await t.db.query(`UPDATE agents SET status = 'available' WHERE user_id = $1`, [agentId]);
  const ahead: { id: string }[] = await t.db.query(
    `SELECT t.id FROM tickets t JOIN queues q ON q.id = t.queue_id
      WHERE q.key = 'complaints' AND t.status = 'queued' ORDER BY t.priority DESC, t.enqueued_at, t.id`,
  );
  expect(ahead.map((r) => r.id)).toContain(u.body.id);
  const newcomer = await post().expect(201);
  // It joined the line behind them and took nobody...
  expect(newcomer.body).toMatchObject({ status: 'queued', position: ahead.length + 1 });
  expect((await ticketState(newcomer.body.id)).offers).toEqual([]);
  // ...and the free agent was offered the ticket first in line instead.
  const offers = await t.db.query(`SELECT ticket_id FROM offers WHERE agent_id = $1 AND status = 'pending'`, [agentId]);
  expect(offers).toEqual([{ ticket_id: ahead[0]!.id }]);
  expect((await ticketState(ahead[0]!.id)).events.at(-1)).toBe('ticket.offered');
});
