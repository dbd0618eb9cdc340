/**
 * Handling a ticket end to end through the public API: waiting order (priority, ageing), the
 * routing trace, wrap-up by timer and by Done, transfer to a queue and to a named agent, reopen,
 * and the first-contact-resolution mark when the customer comes back about the same thing.
 */
import type { OfferCreatedEvent, TicketDetail } from '@switchboard/contracts';
import { isLegalPath } from '@switchboard/domain';
import type { TicketStatus } from '@switchboard/contracts';
import pg from 'pg';
import { Stack, waitFor } from '../support/stack.js';
import { createAgents, queueBody, setStatus, ticketBody, type SimulatedAgent } from './agents.js';

let stack: Stack;
let admin: string;
let integration: string;
let supervisor: string;

beforeAll(async () => {
  // Ageing fast enough to watch: one priority point every 0.2 s of waiting.
  stack = await Stack.start('handling', { env: { AGEING_SECONDS_PER_POINT: '0.2', ROUTING_RECHECK_SECONDS: '2' } });
  admin = (await stack.login('admin@switchboard.local')).accessToken;
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  supervisor = (await stack.login('supervisor@switchboard.local')).accessToken;
});
afterAll(() => stack?.stop());

const post = async (queue: string, n: number, over: Record<string, unknown> = {}) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, ticketBody(queue, n, over));
  expect(res.status).toBe(201);
  return res.body.id;
};
const nextOffer = async (
  agent: SimulatedAgent,
  after = agent.offers.length,
  timeoutMs = 10_000,
): Promise<OfferCreatedEvent> => {
  await waitFor(
    () => agent.offers.length > after,
    timeoutMs,
    () => stack.logs(),
  );
  return agent.offers[after]!;
};
const accept = async (agent: SimulatedAgent, offer: OfferCreatedEvent) =>
  expect((await stack.call('POST', `/api/offers/${offer.offerId}/accept`, agent.token)).status).toBe(200);
const resolve = async (agent: SimulatedAgent, ticketId: string, code = 'fixed') =>
  expect(
    (await stack.call('POST', `/api/tickets/${ticketId}/resolve`, agent.token, { resolutionCode: code })).status,
  ).toBe(200);
const detail = async (ticketId: string) =>
  (await stack.call<TicketDetail>('GET', `/api/tickets/${ticketId}`, supervisor)).body;
const path = (t: TicketDetail): TicketStatus[] => [
  'new',
  ...t.events.filter((e) => typeof e.data.to === 'string').map((e) => e.data.to as TicketStatus),
];

it('serves higher priority first, lets age overtake it, and records why each offer went where it did', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('order'))).status).toBe(201);
  const [agent] = await createAgents(stack, admin, 'order', 1, 'ord');
  const standardOld = await post('order', 1);
  await new Promise((r) => setTimeout(r, 2_500)); // ~12 points of ageing
  const gold = await post('order', 2, { customer: { externalId: 'gold-1', tier: 'gold' } }); // +10
  const platinum = await post('order', 3, { customer: { externalId: 'plat-1', tier: 'platinum' } }); // +20
  await setStatus(stack, agent!, 'available');
  const order: string[] = [];
  for (let i = 0; i < 3; i++) {
    const offer = await nextOffer(agent!, i);
    order.push(offer.ticketId);
    await accept(agent!, offer);
    await resolve(agent!, offer.ticketId);
  }
  expect(order).toEqual([platinum, standardOld, gold]);

  const t = await detail(platinum);
  const offered = t.events.find((e) => e.type === 'ticket.offered')!;
  expect(offered.data).toMatchObject({
    agentId: agent!.id,
    routing: { strategy: 'longest-idle', candidates: [{ agentId: agent!.id, eligible: true }] },
  });
  expect(isLegalPath(path(t))).toBe(true);
});

it('keeps an agent in wrap-up until the timer ends it, or until they press Done', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('wrapup', { wrapUpSeconds: 3 }))).status).toBe(201);
  const [agent] = await createAgents(stack, admin, 'wrapup', 1, 'wu');
  await setStatus(stack, agent!, 'available');
  const first = await post('wrapup', 1);
  await accept(agent!, await nextOffer(agent!, 0));
  const second = await post('wrapup', 2); // waits: the agent is busy
  await resolve(agent!, first);
  const resolvedAt = Date.now();
  const offer2 = await nextOffer(agent!, 1);
  expect(offer2.ticketId).toBe(second);
  expect(Date.now() - resolvedAt).toBeGreaterThanOrEqual(2_500); // not before the 3 s wrap-up ended
  expect((await detail(first)).events.at(-1)).toMatchObject({
    type: 'ticket.wrap_up_completed',
    data: { manual: false },
  });

  await accept(agent!, offer2);
  const third = await post('wrapup', 3);
  await resolve(agent!, second);
  await new Promise((r) => setTimeout(r, 300));
  expect(agent!.offers).toHaveLength(2); // still wrapping up
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', agent!.token)).status).toBe(200);
  const offer3 = await nextOffer(agent!, 2, 2_000);
  expect(offer3.ticketId).toBe(third);
  expect((await detail(second)).events.at(-1)).toMatchObject({
    type: 'ticket.wrap_up_completed',
    data: { manual: true },
  });
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', agent!.token)).status).toBe(409);
});

it('transfers to another queue and to a named agent, offering it under the usual rules', async () => {
  for (const key of ['front', 'back'])
    expect((await stack.call('POST', '/api/queues', admin, queueBody(key))).status).toBe(201);
  const [a] = await createAgents(stack, admin, 'front', 1, 'fr');
  const [b, c] = await createAgents(stack, admin, 'back', 2, 'bk');
  for (const agent of [a!, b!, c!]) await setStatus(stack, agent, 'available');
  const ticketId = await post('front', 1);
  await accept(a!, await nextOffer(a!, 0));

  expect(
    (
      await stack.call('POST', `/api/tickets/${ticketId}/transfer`, a!.token, {
        queue: 'back',
        note: 'needs back office',
      })
    ).status,
  ).toBe(200);
  await waitFor(
    () => b!.offers.length + c!.offers.length > 0,
    10_000,
    () => stack.logs(),
  );
  const receiver = b!.offers.length > 0 ? b! : c!;
  const other = receiver === b ? c! : b!;
  await accept(receiver, receiver.offers.at(-1)!);

  const bad = await stack.call('POST', `/api/tickets/${ticketId}/transfer`, receiver.token, {
    queue: 'back',
    agentId: other.id,
  });
  expect(bad.status).toBe(400);
  expect(
    (await stack.call('POST', `/api/tickets/${ticketId}/transfer`, receiver.token, { agentId: other.id })).status,
  ).toBe(200);
  const offer = await nextOffer(other, 0);
  expect(offer.ticketId).toBe(ticketId);
  await accept(other, offer);
  await resolve(other, ticketId);

  const t = await detail(ticketId);
  expect(t.events.filter((e) => e.type === 'ticket.transferred').map((e) => e.data.kind)).toEqual(['queue', 'agent']);
  expect(t.queue).toBe('back');
  expect(isLegalPath(path(t))).toBe(true);
  // The first agent is free for new work again.
  const next = await post('front', 2);
  expect((await nextOffer(a!, 1)).ticketId).toBe(next);
});

it('reopens a resolved ticket and marks a repeat contact within the FCR window', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('fcr'))).status).toBe(201);
  const [agent] = await createAgents(stack, admin, 'fcr', 1, 'fcr');
  await setStatus(stack, agent!, 'available');
  const customer = { externalId: 'fcr-customer' };
  const first = await post('fcr', 1, { category: 'billing-dispute', customer });
  await accept(agent!, await nextOffer(agent!, 0));
  await resolve(agent!, first, 'refund-issued');

  const again = await post('fcr', 2, { category: 'billing-dispute', customer });
  const repeat = (await detail(first)).events.find((e) => e.type === 'ticket.repeat_contact');
  expect(repeat?.data).toMatchObject({ newTicketId: again, category: 'billing-dispute' });
  const otherTopic = await post('fcr', 3, { category: 'address-change', customer });
  expect((await detail(first)).events.filter((e) => e.type === 'ticket.repeat_contact')).toHaveLength(1);
  expect(otherTopic).toBeTruthy();

  expect(
    (await stack.call('POST', `/api/tickets/${first}/reopen`, integration, { note: 'refund never arrived' })).status,
  ).toBe(200);
  const reopened = await detail(first);
  expect(reopened.status).toBe('queued');
  expect(reopened.resolutionCode).toBeNull();
  expect(reopened.events.slice(-2).map((e) => e.type)).toEqual(['ticket.reopened', 'ticket.queued']);
  expect((await stack.call('POST', `/api/tickets/${first}/reopen`, integration)).status).toBe(409);
});

it('offers a ticket to the next free agent while the best one is held by another claim, instead of waiting for it', async () => {
  expect((await stack.call('POST', '/api/queues', admin, queueBody('claims'))).status).toBe(201);
  const [first, second] = await createAgents(stack, admin, 'claims', 2, 'clm');
  await setStatus(stack, first!, 'available');
  await new Promise((r) => setTimeout(r, 50));
  await setStatus(stack, second!, 'available'); // `first` has been idle longest: longest-idle picks them
  // Another transaction holds `first`'s row, as a concurrent claim giving them work would.
  const holder = new pg.Client({ connectionString: stack.databaseUrl });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM agents WHERE user_id = $1 FOR UPDATE', [first!.id]);
    const ticketId = await post('claims', 1);
    // While the row is still held: a claim that queued behind the lock would never get here.
    const offer = await nextOffer(second!, 0);
    expect(offer.ticketId).toBe(ticketId);
    expect(first!.offers).toHaveLength(0);
    const offered = (await detail(ticketId)).events.find((e) => e.type === 'ticket.offered')!;
    expect(offered.data).toMatchObject({ agentId: second!.id, routing: { skippedBeingClaimed: [first!.id] } });
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
});
