/**
 * Invariant 2 under load, scaled out: 400 tickets and 16 agents racing to accept, decline (10 %)
 * and resolve, through two api processes (half the agents and tickets on each) and two routers
 * competing for the same routing jobs. Every ticket is resolved exactly once; no ticket ever has
 * two pending offers or two accepts; no agent ever holds more than its capacity; every event log
 * is a legal lifecycle path.
 */
import { isLegalPath } from '@switchboard/domain';
import type { TicketStatus } from '@switchboard/contracts';
import { Stack, waitFor } from '../support/stack.js';
import { createAgents, queueBody, setStatus, ticketBody, type SimulatedAgent } from './agents.js';

const TICKETS = 400;
const AGENTS = 16;

let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start('race', { routers: 2 });
  await stack.startApi();
}, 120_000);
afterAll(() => stack?.stop());

it('resolves 400 tickets with 16 agents racing across 2 apis and 2 routers, never double-assigning', async () => {
  expect(stack.apis).toHaveLength(2);
  const admin = (await stack.login('admin@switchboard.local')).accessToken;
  expect((await stack.call('POST', '/api/queues', admin, queueBody('race'))).status).toBe(201);
  const agents = await createAgents(stack, admin, 'race', AGENTS, 'sim', stack.apis);
  let declines = 0;
  const failures: string[] = [];

  const work = (agent: SimulatedAgent) => {
    agent.socket.on('offer.created', (offer) => {
      void (async () => {
        // Decline about one offer in ten, deterministically by offer id.
        if (parseInt(offer.offerId.slice(0, 2), 16) < 26) {
          declines++;
          const r = await stack.callAt(agent.base, 'POST', `/api/offers/${offer.offerId}/decline`, agent.token);
          if (r.status !== 200) failures.push(`decline ${r.status} ${JSON.stringify(r.body)}`);
          return;
        }
        const accepted = await stack.callAt(agent.base, 'POST', `/api/offers/${offer.offerId}/accept`, agent.token);
        if (accepted.status !== 200) {
          failures.push(`accept ${accepted.status} ${JSON.stringify(accepted.body)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, Math.random() * 20));
        const resolved = await stack.callAt(agent.base, 'POST', `/api/tickets/${offer.ticketId}/resolve`, agent.token, {
          resolutionCode: 'fixed',
        });
        if (resolved.status !== 200) failures.push(`resolve ${resolved.status} ${JSON.stringify(resolved.body)}`);
      })();
    });
  };
  agents.forEach(work);
  await Promise.all(agents.map((a) => setStatus(stack, a, 'available')));

  const integration = (await stack.login('integration@switchboard.local')).accessToken;
  for (let batch = 0; batch < TICKETS / 50; batch++) {
    const posted = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stack.callAt(stack.apis[i % 2]!, 'POST', '/api/tickets', integration, ticketBody('race', batch * 50 + i)),
      ),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(50).fill(201));
  }

  await waitFor(
    async () =>
      (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE status = 'resolved'`))[0]!.n ===
      TICKETS,
    150_000,
    () => `${failures.join('\n')}\n${stack.logs()}`,
  );
  expect(failures).toEqual([]);
  expect(declines).toBeGreaterThan(0);

  const events = await stack.query<{
    ticket_id: string;
    type: string;
    at: Date;
    data: Record<string, unknown>;
    seq: number;
  }>(`SELECT e.ticket_id, e.type, e.at, e.data, e.seq FROM ticket_events e ORDER BY e.ticket_id, e.seq`);
  const byTicket = new Map<string, typeof events>();
  for (const e of events) byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
  expect(byTicket.size).toBe(TICKETS);

  for (const [ticketId, log] of byTicket) {
    const count = (type: string) => log.filter((e) => e.type === type).length;
    expect({ ticketId, resolved: count('ticket.resolved'), accepted: count('ticket.accepted') }).toEqual({
      ticketId,
      resolved: 1,
      accepted: 1,
    });
    // Between an offer and its outcome there is never a second offer.
    let open = 0;
    for (const e of log) {
      if (e.type === 'ticket.offered') open++;
      if (
        ['ticket.accepted', 'ticket.offer_declined', 'ticket.offer_expired', 'ticket.offer_rescinded'].includes(e.type)
      )
        open--;
      expect({ ticketId, open: Math.max(0, open) <= 1 && open >= 0 }).toEqual({ ticketId, open: true });
    }
    const path: TicketStatus[] = [
      'new',
      ...log.filter((e) => typeof e.data.to === 'string').map((e) => e.data.to as TicketStatus),
    ];
    expect({ ticketId, legal: isLegalPath(path), path }).toEqual({ ticketId, legal: true, path });
  }

  // Capacity (voice 1): per agent, pending offers and tickets in hand never overlap in time.
  const offers = await stack.query<{
    agent_id: string;
    created_at: Date;
    responded_at: Date | null;
    status: string;
    ticket_id: string;
  }>(`SELECT agent_id, created_at, responded_at, status, ticket_id FROM offers`);
  expect(offers.filter((o) => o.status === 'pending')).toEqual([]);
  const holds = new Map<string, { start: number; end: number }[]>();
  const resolvedAt = new Map(
    events.filter((e) => e.type === 'ticket.resolved').map((e) => [e.ticket_id, e.at.getTime()]),
  );
  for (const o of offers) {
    const end = o.status === 'accepted' ? resolvedAt.get(o.ticket_id)! : o.responded_at!.getTime();
    holds.set(o.agent_id, [...(holds.get(o.agent_id) ?? []), { start: o.created_at.getTime(), end }]);
  }
  for (const [agentId, intervals] of holds) {
    intervals.sort((a, b) => a.start - b.start);
    for (let i = 1; i < intervals.length; i++) {
      expect({ agentId, overlap: intervals[i]!.start < intervals[i - 1]!.end }).toEqual({ agentId, overlap: false });
    }
  }
  expect(holds.size).toBe(AGENTS);

  // Both routers did routing work (each job records the worker that processed it).
  const redis = stack.redis();
  const done = await redis.zrange(`${stack.prefix}:routing:completed`, 0, -1);
  const workers = new Map<string, number>();
  for (const id of done) {
    const by = await redis.hget(`${stack.prefix}:routing:${id}`, 'pb'); // BullMQ's field for processedBy
    if (by) workers.set(by, (workers.get(by) ?? 0) + 1);
  }
  redis.disconnect();
  expect(workers.size).toBe(2);
  expect(Math.min(...workers.values())).toBeGreaterThan(done.length / 10);
});
