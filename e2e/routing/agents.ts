import type { OfferCreatedEvent } from '@switchboard/contracts';
import type { AgentSocket, Stack } from '../support/stack.js';

export interface SimulatedAgent {
  id: string;
  /** The api this agent's socket and calls go to. */
  base: string;
  token: string;
  socket: AgentSocket;
  offers: OfferCreatedEvent[];
  rescinded: string[];
}

/**
 * Creates agents in `queue` through the admin API and connects each over Socket.IO, spread in
 * turn over `bases` (by default the stack's current api).
 */
export async function createAgents(
  stack: Stack,
  adminToken: string,
  queue: string,
  count: number,
  prefix = 'sim',
  bases: string[] = [stack.base],
): Promise<SimulatedAgent[]> {
  const agents: SimulatedAgent[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@agents.test`;
    const created = await stack.call<{ id: string }>('POST', '/api/agents', adminToken, {
      name: `${prefix} ${i}`,
      email,
      password: 'simulated-agent',
      queues: [queue],
    });
    if (created.status !== 201) throw new Error(`agent ${email}: ${created.status} ${JSON.stringify(created.body)}`);
    const { accessToken } = await stack.login(email, 'simulated-agent');
    const agent: SimulatedAgent = {
      id: created.body.id,
      base: bases[i % bases.length]!,
      token: accessToken,
      socket: undefined!,
      offers: [],
      rescinded: [],
    };
    await reconnect(stack, agent);
    agents.push(agent);
  }
  return agents;
}

/** (Re)connects the agent's socket and records what it receives. */
export async function reconnect(stack: Stack, agent: SimulatedAgent): Promise<void> {
  const socket = await stack.socket(agent.token, agent.base);
  socket.on('offer.created', (offer) => agent.offers.push(offer));
  socket.on('offer.rescinded', ({ offerId }) => agent.rescinded.push(offerId));
  agent.socket = socket;
}

export async function setStatus(
  stack: Stack,
  agent: SimulatedAgent,
  status: 'available' | 'away' | 'offline',
): Promise<void> {
  const res = await stack.callAt(agent.base, 'PUT', '/api/agents/me/status', agent.token, { status });
  if (res.status !== 200)
    throw new Error(`status ${status}: ${res.status} ${JSON.stringify(res.body)}\n${stack.logs()}`);
}

export function queueBody(key: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key,
    name: key,
    serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
    offerTimeoutSeconds: 20,
    wrapUpSeconds: 0,
    ...over,
  };
}

export function ticketBody(queue: string, n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { channel: 'voice', queue, subject: `Ticket ${n}`, customer: { externalId: `cust-${queue}-${n}` }, ...over };
}

/** Accepts every offer and resolves the ticket shortly after; records failures instead of throwing. */
export function acceptAndResolve(stack: Stack, agent: SimulatedAgent, failures: string[], holdMs = 10): void {
  agent.socket.on('offer.created', (offer) => {
    void (async () => {
      const accepted = await stack.callAt(agent.base, 'POST', `/api/offers/${offer.offerId}/accept`, agent.token);
      // 409: the offer was taken back meanwhile (timeout, reconciler); the ticket is offered again.
      if (accepted.status === 409) return;
      if (accepted.status !== 200)
        return void failures.push(`accept ${accepted.status} ${JSON.stringify(accepted.body)}`);
      await new Promise((r) => setTimeout(r, holdMs));
      const resolved = await stack.callAt(agent.base, 'POST', `/api/tickets/${offer.ticketId}/resolve`, agent.token, {
        resolutionCode: 'fixed',
      });
      if (resolved.status !== 200) failures.push(`resolve ${resolved.status} ${JSON.stringify(resolved.body)}`);
    })();
  });
}

export async function resolvedCount(stack: Stack, queue: string): Promise<number> {
  const [row] = await stack.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE q.key = $1 AND t.status = 'resolved'`,
    [queue],
  );
  return row!.n;
}

/** Each ticket resolved once, accepted once, never two offers open at a time. */
export async function expectCleanHistories(stack: Stack, queue: string): Promise<void> {
  const rows = await stack.query<{ ticket_id: string; types: string[] }>(
    `SELECT e.ticket_id, array_agg(e.type ORDER BY e.seq) AS types FROM ticket_events e
       JOIN tickets t ON t.id = e.ticket_id JOIN queues q ON q.id = t.queue_id WHERE q.key = $1 GROUP BY e.ticket_id`,
    [queue],
  );
  for (const { ticket_id, types } of rows) {
    const count = (type: string) => types.filter((t) => t === type).length;
    let open = 0;
    let maxOpen = 0;
    for (const type of types) {
      if (type === 'ticket.offered') open++;
      if (['ticket.accepted', 'ticket.offer_declined', 'ticket.offer_expired', 'ticket.offer_rescinded'].includes(type))
        open--;
      maxOpen = Math.max(maxOpen, open);
    }
    expect({ ticket_id, resolved: count('ticket.resolved'), accepted: count('ticket.accepted'), maxOpen }).toEqual({
      ticket_id,
      resolved: 1,
      accepted: 1,
      maxOpen: 1,
    });
  }
}
