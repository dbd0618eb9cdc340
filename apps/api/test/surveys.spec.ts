/**
 * Satisfaction surveys (contract: The customer's side, CSAT): offered in the chat when the agent
 * resolves, answered once through a signed link (409 after, 410 once expired or withdrawn by a
 * reopen), never twice to a customer within the queue's cool-down; the answer is the ticket's
 * rating everywhere ratings are read.
 */
import type { ChatSessionState, CreateChatSessionResponse, SurveyView } from '@switchboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let agent: string;
let supervisor: string;
const sockets: Socket[] = [];
let address = 0;

beforeAll(async () => {
  t = await startTestApp('surveys');
  agent = await t.token('agent', 1);
  supervisor = await t.token('supervisor');
  await t.http
    .put('/api/agents/me/status')
    .set('authorization', `Bearer ${agent}`)
    .send({ status: 'available' })
    .expect(200);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

const as = (token: string) => ({
  get: (path: string) => t.http.get(path).set('authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => t.http.post(path).set('authorization', `Bearer ${token}`).send(body),
});

async function pendingOffer(ticketId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const [row] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
    if (row) return row.id as string;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no offer');
}

/** A chat opened by a customer, taken and resolved by the agent; what the customer's socket heard at the end. */
async function resolvedChat(customer: Record<string, string> = { name: 'Dana' }): Promise<{
  opened: CreateChatSessionResponse;
  ended: { reason: string; surveyUrl?: string };
}> {
  const opened = (
    await t.http
      .post('/api/chat/sessions')
      .set('x-forwarded-for', `192.0.2.${++address}`)
      .send({ queue: 'complaints', message: 'The app logs me out every minute.', customer })
      .expect(201)
  ).body as CreateChatSessionResponse;
  const socket = io(`${t.url}/chat`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { customerToken: opened.customerToken },
    reconnection: false,
  });
  sockets.push(socket);
  const ended = new Promise<{ reason: string; surveyUrl?: string }>((resolve) => socket.once('chat.ended', resolve));
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  await as(agent)
    .post(`/api/offers/${await pendingOffer(opened.ticketId)}/accept`)
    .expect(200);
  await as(agent).post(`/api/tickets/${opened.ticketId}/resolve`, { resolutionCode: 'fixed' }).expect(200);
  await as(agent).post('/api/agents/me/wrap-up/complete').expect(200);
  return { opened, ended: await ended };
}

const tokenOf = (url: string) => url.replace('/survey/', '');

describe('a survey in the chat', () => {
  it('is offered when the agent resolves, answered once, and becomes the ticket\u2019s rating', async () => {
    const { opened, ended } = await resolvedChat({ name: 'Dana', email: 'dana@example.com' });
    expect(ended.reason).toBe('resolved');
    expect(ended.surveyUrl).toMatch(/^\/survey\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(ended.surveyUrl!);
    // A reloaded chat gets the same link back.
    const state = (
      await t.http.get('/api/chat/session').set('authorization', `Bearer ${opened.customerToken}`).expect(200)
    ).body as ChatSessionState;
    expect(state).toMatchObject({ phase: 'ended', surveyUrl: ended.surveyUrl });

    const view = (await t.http.get(`/api/surveys/${token}`).expect(200)).body as SurveyView;
    expect(view).toMatchObject({ status: 'open', queue: 'Complaints', subject: 'The app logs me out every minute.' });
    await t.http.post(`/api/surveys/${token}`).send({ score: 6 }).expect(400);
    const answered = await t.http.post(`/api/surveys/${token}`).send({ score: 4, comment: 'Quick and kind.' });
    expect(answered.status).toBe(201);
    expect(answered.body.result).toMatchObject({ action: 'survey.answer', ticket: { id: opened.ticketId } });
    const again = await t.http.post(`/api/surveys/${token}`).send({ score: 5 });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already answered');
    expect((await t.http.get(`/api/surveys/${token}`).expect(200)).body).toMatchObject({
      status: 'answered',
      score: 4,
    });

    // The timeline: offered after the resolution, then the rating with its comment.
    const events = (await as(supervisor).get(`/api/tickets/${opened.ticketId}`).expect(200)).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];
    const types = events.map((e) => e.type);
    expect(types.indexOf('ticket.resolved')).toBeLessThan(types.indexOf('ticket.survey_offered'));
    expect(events.find((e) => e.type === 'ticket.csat_recorded')?.data).toMatchObject({
      score: 4,
      comment: 'Quick and kind.',
      source: 'survey',
    });
    // The customer's 360 shows it.
    const [ticket] = await t.db.query(`SELECT customer_id FROM tickets WHERE id = $1`, [opened.ticketId]);
    const customer = (await as(supervisor).get(`/api/customers/${ticket.customer_id}`).expect(200)).body;
    expect(customer.csat).toEqual([expect.objectContaining({ rating: 4, comment: 'Quick and kind.' })]);
  });

  it('refuses forged links, answers 410 once expired', async () => {
    const { ended } = await resolvedChat({ name: 'Eli' });
    const token = tokenOf(ended.surveyUrl!);
    const [id, mac] = token.split('.') as [string, string];
    const forged = `${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect((await t.http.post(`/api/surveys/${forged}`).send({ score: 1 })).status).toBe(404);
    expect(
      (await t.http.post(`/api/surveys/00000000-0000-4000-8000-000000000000.${mac}`).send({ score: 1 })).status,
    ).toBe(404);
    expect((await t.http.get('/api/surveys/not-a-token')).status).toBe(404);
    await t.db.query(`UPDATE surveys SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const late = await t.http.post(`/api/surveys/${token}`).send({ score: 5 });
    expect(late.status).toBe(410);
    expect(late.body.message).toContain('expired');
    expect((await t.http.get(`/api/surveys/${token}`).expect(200)).body.status).toBe('expired');
  });

  it('is withdrawn when the ticket reopens', async () => {
    const { opened, ended } = await resolvedChat({ name: 'Fay' });
    await as(supervisor).post(`/api/tickets/${opened.ticketId}/reopen`, { note: 'Came back by phone' }).expect(200);
    const res = await t.http.post(`/api/surveys/${tokenOf(ended.surveyUrl!)}`).send({ score: 2 });
    expect(res.status).toBe(410);
    expect(res.body.message).toContain('reopened');
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1 AND type = $2`, [
      opened.ticketId,
      'ticket.survey_cancelled',
    ]);
    expect(row.n).toBe(1);
    // Take the reopened ticket off the agent's way for the next test.
    const [offer] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [
      opened.ticketId,
    ]);
    if (offer) await as(agent).post(`/api/offers/${offer.id}/decline`).expect(200);
    await t.db.query(`UPDATE tickets SET status = 'abandoned' WHERE id = $1`, [opened.ticketId]);
  });
});

describe('survey policy per queue', () => {
  it('surveys a customer surveyed yesterday not again today, and not at all where the queue says no', async () => {
    const first = await resolvedChat({ name: 'Gus', email: 'gus@example.com' });
    expect(first.ended.surveyUrl).toBeDefined();
    // Yesterday's survey, in the queue's 7-day cool-down.
    await t.db.query(`UPDATE surveys SET created_at = now() - interval '1 day' WHERE id = $1`, [
      tokenOf(first.ended.surveyUrl!).split('.')[0],
    ]);
    const second = await resolvedChat({ name: 'Gus', email: 'gus@example.com' });
    expect(second.ended).toEqual({ reason: 'resolved' });
    const [offers] = await t.db.query(
      `SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.survey_offered'`,
      [second.opened.ticketId],
    );
    expect(offers.n).toBe(0);

    // With no cool-down the same customer is asked again; with surveys off, nobody is.
    const admin = await t.token('admin');
    await as(admin).post('/api/queues', {}).expect(400);
    await t.http
      .patch('/api/queues/complaints')
      .set('authorization', `Bearer ${admin}`)
      .send({ surveyCooldownDays: 0 })
      .expect(200);
    expect((await resolvedChat({ name: 'Gus', email: 'gus@example.com' })).ended.surveyUrl).toBeDefined();
    const off = await t.http
      .patch('/api/queues/complaints')
      .set('authorization', `Bearer ${admin}`)
      .send({ surveyEnabled: false })
      .expect(200);
    expect(off.body).toMatchObject({ surveyEnabled: false, surveyCooldownDays: 0 });
    expect((await resolvedChat({ name: 'Hal' })).ended).toEqual({ reason: 'resolved' });
  });
});
