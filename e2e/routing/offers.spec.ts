/**
 * Offer deadlines and abandonment: a timed-out offer is rescinded and the ticket goes to the
 * next agent; three misses in a row set an agent away; a customer who leaves while waiting or
 * while offered is counted as abandoned and the offer is taken back from the agent's screen.
 */
import { Stack, waitFor } from '../support/stack.js';
import { createAgents, queueBody, reconnect, setStatus, ticketBody, type SimulatedAgent } from './agents.js';

let stack: Stack;
let admin: string;
let integration: string;

beforeAll(async () => {
  stack = await Stack.start('offers', {
    env: { REOFFER_COOLDOWN_SECONDS: '8', ROUTING_RECHECK_SECONDS: '1', AGENT_DISCONNECT_GRACE_SECONDS: '2' },
  });
  admin = (await stack.login('admin@switchboard.local')).accessToken;
  integration = (await stack.login('integration@switchboard.local')).accessToken;
});
afterAll(() => stack?.stop());

const post = async (queue: string, n: number) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, ticketBody(queue, n));
  expect(res.status).toBe(201);
  return res.body.id;
};
const offerFor = (agent: SimulatedAgent, ticketId: string) => agent.offers.find((o) => o.ticketId === ticketId);
const events = async (ticketId: string) =>
  (
    await stack.query<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`,
      [ticketId],
    )
  ).map((e) => e.type);

it('rescinds a timed-out offer and offers the ticket to the next agent', async () => {
  expect(
    (await stack.call('POST', '/api/queues', admin, queueBody('timeouts', { offerTimeoutSeconds: 5 }))).status,
  ).toBe(201);
  const [silent, responsive] = await createAgents(stack, admin, 'timeouts', 2, 'to');
  await setStatus(stack, silent!, 'available');
  await new Promise((r) => setTimeout(r, 50));
  await setStatus(stack, responsive!, 'available'); // the silent one has been idle longer: offered first
  responsive!.socket.on(
    'offer.created',
    (offer) => void stack.call('POST', `/api/offers/${offer.offerId}/accept`, responsive!.token),
  );

  const ticketId = await post('timeouts', 1);
  await waitFor(() => offerFor(silent!, ticketId) !== undefined, 5_000);
  const first = offerFor(silent!, ticketId)!;
  expect(Date.parse(first.expiresAt) - Date.now()).toBeGreaterThan(3_000);
  await waitFor(() => silent!.rescinded.includes(first.offerId), 10_000);
  await waitFor(() => offerFor(responsive!, ticketId) !== undefined, 5_000);
  await waitFor(async () => (await events(ticketId)).includes('ticket.accepted'), 5_000);
  expect(await events(ticketId)).toEqual([
    'ticket.created',
    'ticket.queued',
    'ticket.offered',
    'ticket.offer_expired',
    'ticket.offered',
    'ticket.accepted',
  ]);
  const [offer] = await stack.query<{ status: string }>(`SELECT status FROM offers WHERE id = $1`, [first.offerId]);
  expect(offer!.status).toBe('expired');
});

it('sets an agent away after three offers missed in a row', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('misses', { offerTimeoutSeconds: 5 }))).status).toBe(
    201,
  );
  const [agent] = await createAgents(stack, admin, 'misses', 1, 'miss');
  await setStatus(stack, agent!, 'available');
  const tickets = [await post('misses', 1), await post('misses', 2), await post('misses', 3)];
  await waitFor(async () => {
    const [row] = await stack.query<{ status: string; status_reason: string | null }>(
      `SELECT status, status_reason FROM agents WHERE user_id = $1`,
      [agent!.id],
    );
    return row!.status === 'away';
  }, 30_000);
  const [row] = await stack.query<{ status_reason: string; missed_offers: number }>(
    `SELECT status_reason, missed_offers FROM agents WHERE user_id = $1`,
    [agent!.id],
  );
  expect(row).toEqual({ status_reason: 'missed-offers', missed_offers: 3 });
  // The socket event follows the commit.
  await waitFor(() => agent!.rescinded.length === 3, 5_000);
  // Away agents get nothing more; the tickets wait for someone else.
  const statuses = await stack.query<{ status: string }>(`SELECT status FROM tickets WHERE id = ANY($1)`, [tickets]);
  expect(statuses.map((s) => s.status)).toEqual(['queued', 'queued', 'queued']);
  const me = await stack.call<{ status: string; statusReason: string }>('GET', '/api/agents/me', agent!.token);
  expect(me.body).toMatchObject({ status: 'away', statusReason: 'missed-offers' });
});

it('abandons a waiting ticket and an offered one, rescinding the offer on the agent screen', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('abandons'))).status).toBe(201);
  const [agent] = await createAgents(stack, admin, 'abandons', 1, 'ab');

  const waiting = await post('abandons', 1); // nobody available yet: it waits
  expect(
    (await stack.call('POST', `/api/tickets/${waiting}/abandon`, integration, { reason: 'caller-hung-up' })).status,
  ).toBe(200);

  await setStatus(stack, agent!, 'available');
  const offered = await post('abandons', 2);
  await waitFor(() => offerFor(agent!, offered) !== undefined, 5_000);
  const offer = offerFor(agent!, offered)!;
  expect((await stack.call('POST', `/api/tickets/${offered}/abandon`, integration)).status).toBe(200);
  await waitFor(() => agent!.rescinded.includes(offer.offerId), 5_000);
  expect((await stack.call('POST', `/api/offers/${offer.offerId}/accept`, agent!.token)).status).toBe(409);

  expect(await events(waiting)).toEqual(['ticket.created', 'ticket.queued', 'ticket.abandoned']);
  expect(await events(offered)).toEqual([
    'ticket.created',
    'ticket.queued',
    'ticket.offered',
    'ticket.offer_rescinded',
    'ticket.abandoned',
  ]);
  const [{ n }] = (await stack.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE q.key = 'abandons' AND t.status = 'abandoned'`,
  )) as [{ n: number }];
  expect(n).toBe(2);
});

it('sets an agent offline when their connection stays gone past the grace period, returning the offer', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('presence'))).status).toBe(201);
  const [leaver, blip] = await createAgents(stack, admin, 'presence', 2, 'pr');
  await setStatus(stack, leaver!, 'available');
  const ticketId = await post('presence', 1);
  await waitFor(() => offerFor(leaver!, ticketId) !== undefined, 5_000);
  const status = async (agentId: string) =>
    (await stack.query<{ status: string }>(`SELECT status FROM agents WHERE user_id = $1`, [agentId]))[0]!.status;

  // A blip: the connection drops and comes back within the grace period; nothing changes.
  await setStatus(stack, blip!, 'away');
  await setStatus(stack, blip!, 'available');
  blip!.socket.close();
  await reconnect(stack, blip!);

  const closedAt = Date.now();
  leaver!.socket.close();
  await waitFor(
    async () => (await status(leaver!.id)) === 'offline',
    10_000,
    () => stack.logs(),
  );
  expect(Date.now() - closedAt).toBeGreaterThanOrEqual(1_500);
  const [offer] = await stack.query<{ status: string }>(
    `SELECT status FROM offers WHERE ticket_id = $1 ORDER BY created_at LIMIT 1`,
    [ticketId],
  );
  expect(offer!.status).toBe('rescinded');
  // The ticket went back to the queue and on to the agent who is still connected.
  await waitFor(
    () => offerFor(blip!, ticketId) !== undefined,
    10_000,
    () => stack.logs(),
  );
  expect(await status(blip!.id)).toBe('available');
});
