import type { OfferCreatedEvent } from '@switchboard/contracts';
import type { AgentSocket, Stack } from '../support/stack.js';

export interface SimulatedAgent {
  id: string;
  token: string;
  socket: AgentSocket;
  offers: OfferCreatedEvent[];
  rescinded: string[];
}

/** Creates agents in `queue` through the admin API and connects each over Socket.IO. */
export async function createAgents(
  stack: Stack,
  adminToken: string,
  queue: string,
  count: number,
  prefix = 'sim',
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
    const socket = await stack.socket(accessToken);
    const agent: SimulatedAgent = { id: created.body.id, token: accessToken, socket, offers: [], rescinded: [] };
    socket.on('offer.created', (offer) => agent.offers.push(offer));
    socket.on('offer.rescinded', ({ offerId }) => agent.rescinded.push(offerId));
    agents.push(agent);
  }
  return agents;
}

export async function setStatus(
  stack: Stack,
  agent: SimulatedAgent,
  status: 'available' | 'away' | 'offline',
): Promise<void> {
  const res = await stack.call('PUT', '/api/agents/me/status', agent.token, { status });
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
