import type { AgentWorkResponse } from '@switchboard/contracts';
import type { TestApp } from './test-app.js';

let seq = 0;

/**
 * A ticket worked end to end through the API: posted by the integration, offered to the agent
 * (made available for it), accepted, answered with a public message when `reply` is given,
 * resolved, wrap-up done, and the agent offline again so nothing else comes their way.
 */
export async function resolvedTicket(
  t: TestApp,
  tokens: { agent: string; integration: string },
  ticket: { queue?: string; subject?: string; reply?: string } = {},
): Promise<string> {
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  await t.http.put('/api/agents/me/status').set(as(tokens.agent)).send({ status: 'available' }).expect(200);
  const n = ++seq;
  const posted = await t.http
    .post('/api/tickets')
    .set(as(tokens.integration))
    .send({
      channel: 'web',
      queue: ticket.queue ?? 'complaints',
      subject: ticket.subject ?? `Complaint ${n}`,
      customer: { name: `Customer ${n}`, externalId: `crm-${n}` },
    })
    .expect(201);
  const id = posted.body.id as string;
  let offer: AgentWorkResponse['offers'][number] | undefined;
  for (let i = 0; i < 100 && !offer; i++) {
    const work = (await t.http.get('/api/agents/me/work').set(as(tokens.agent)).expect(200)).body as AgentWorkResponse;
    offer = work.offers.find((o) => o.ticketId === id);
    if (!offer) await new Promise((r) => setTimeout(r, 50));
  }
  if (!offer) throw new Error(`ticket ${id} was not offered to the agent within 5 s`);
  await t.http.post(`/api/offers/${offer.offerId}/accept`).set(as(tokens.agent)).expect(200);
  if (ticket.reply)
    await t.http
      .post(`/api/tickets/${id}/messages`)
      .set(as(tokens.agent))
      .send({ body: ticket.reply, visibility: 'public' })
      .expect(201);
  await t.http.post(`/api/tickets/${id}/resolve`).set(as(tokens.agent)).send({ resolutionCode: 'fixed' }).expect(200);
  await t.http.post('/api/agents/me/wrap-up/complete').set(as(tokens.agent)).expect(200);
  await t.http.put('/api/agents/me/status').set(as(tokens.agent)).send({ status: 'offline' }).expect(200);
  return id;
}
