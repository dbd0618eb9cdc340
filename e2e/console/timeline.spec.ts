/**
 * The ticket's timeline read as a QA reviewer would, in a real browser: a chat offered to the
 * longest-idle of two free agents, accepted, talked through (a note among the messages) and
 * resolved. The page says why it went to that agent, how long each step took, shows the
 * conversation in place, filters to the messages or the routing alone, and shows no internal id;
 * in Persian, its numbers are Persian digits.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor, type AgentSocket } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let qa: Page;
let ticketId: string;
const sockets: AgentSocket[] = [];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CONVERSATION = [
  'Hello, my parcel never arrived.',
  'Sorry to hear that, I am checking with the courier now.',
  'Courier confirms it was lost in transit.',
  'Thank you, please send a new one.',
];

beforeAll(async () => {
  stack = await Stack.start('timeline');
  const integration = (await stack.login('integration@switchboard.local')).accessToken;
  const agents = [];
  for (const n of [1, 2]) {
    const token = (await stack.login(`agent${n}@switchboard.local`)).accessToken;
    const socket = await stack.socket(token);
    sockets.push(socket);
    agents.push({ token, socket });
  }
  const [first, second] = agents as [(typeof agents)[0], (typeof agents)[0]];
  // Agent 1 is free first, so Agent 1 has been idle longest when the chat arrives.
  expect((await stack.call('PUT', '/api/agents/me/status', first.token, { status: 'available' })).status).toBe(200);
  expect((await stack.call('PUT', '/api/agents/me/status', second.token, { status: 'available' })).status).toBe(200);
  const offered = new Promise<string>((resolve) => first.socket.once('offer.created', (o) => resolve(o.offerId)));
  const created = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue: 'complaints',
    subject: 'Parcel never arrived',
    customer: { externalId: 'timeline-1', name: 'Leyla Demir' },
  });
  expect(created.status).toBe(201);
  ticketId = created.body.id;
  expect((await stack.call('POST', `/api/offers/${await offered}/accept`, first.token)).status).toBe(200);

  const messages = `/api/tickets/${ticketId}/messages`;
  const [hello, reply, note, thanks] = CONVERSATION as [string, string, string, string];
  expect((await stack.call('POST', messages, integration, { body: hello, direction: 'inbound' })).status).toBe(201);
  expect((await stack.call('POST', messages, first.token, { body: reply, visibility: 'public' })).status).toBe(201);
  expect((await stack.call('POST', messages, first.token, { body: note, visibility: 'internal' })).status).toBe(201);
  expect((await stack.call('POST', messages, integration, { body: thanks, direction: 'inbound' })).status).toBe(201);
  const resolved = await stack.call('POST', `/api/tickets/${ticketId}/resolve`, first.token, {
    resolutionCode: 'replaced',
  });
  expect(resolved.status).toBe(200);
  expect((await stack.call('POST', '/api/agents/me/wrap-up/complete', first.token)).status).toBe(200);
  for (const { token } of agents) await stack.call('PUT', '/api/agents/me/status', token, { status: 'offline' });

  browser = await launchChromium();
  qa = await signIn(browser, stack.base, 'qa@switchboard.local');
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await stack?.stop();
});

const timeline = () => qa.getByTestId('timeline');
const shown = () =>
  timeline()
    .locator('li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
const line = (type: string) => timeline().locator(`li[data-event="${type}"]`);
/** What the event recorded, to check the words against (the step's duration, in seconds). */
const recorded = async (type: string, field: string) => {
  const [row] = await stack.query<{ value: string }>(
    `SELECT data->>'${field}' AS value FROM ticket_events WHERE ticket_id = $1 AND type = $2`,
    [ticketId, type],
  );
  return Math.round(Number(row!.value));
};

it('tells a reviewer why the ticket went to its agent, how long each step took, and what was said', async () => {
  await qa.goto(`${stack.base}/tickets/${ticketId}`);
  await timeline().waitFor();
  expect(await shown()).toEqual([
    'ticket.created',
    'ticket.queued',
    'ticket.offered',
    'ticket.accepted',
    'ticket.message_added',
    'ticket.message_added',
    'ticket.note_added',
    'ticket.message_added',
    'ticket.resolved',
    'ticket.wrap_up_completed',
  ]);
  expect(await line('ticket.created').textContent()).toContain('Came in by Chat to complaints');
  expect(await line('ticket.offered').textContent()).toContain(
    'Offered to Agent 1: longest idle of 2 candidates in complaints',
  );
  const waited = await recorded('ticket.accepted', 'waitSeconds');
  expect(await line('ticket.accepted').textContent()).toContain(`Accepted by Agent 1 · waited ${waited} s`);
  const handled = await recorded('ticket.resolved', 'handleSeconds');
  expect(await line('ticket.resolved').textContent()).toContain(
    `Resolved as “Replaced” by Agent 1 · handled ${handled} s`,
  );
  expect(await line('ticket.wrap_up_completed').textContent()).toMatch(/wrap-up \d+ s · ended by the agent/);

  // The conversation in place, in order, each with its author; the note marked internal.
  expect(await timeline().getByTestId('timeline-message').allTextContents()).toEqual(CONVERSATION);
  const [first, reply, note] = await timeline()
    .locator('li[data-event="ticket.message_added"], li[data-event="ticket.note_added"]')
    .allTextContents();
  expect(first).toContain('Leyla Demir wrote');
  expect(reply).toContain('Agent 1 wrote');
  expect(note).toContain('Internal note');

  // Nothing a reviewer cannot read: no internal id, no raw data.
  const text = (await timeline().textContent()) ?? '';
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(/[{}]|handle s|target:/);
  await screenshot(qa, 'ticket-timeline-review');
});

it('filters to the messages only or the routing only, and keeps the choice while the page stays open', async () => {
  await qa.getByText('Messages only', { exact: true }).click();
  await waitFor(async () => (await shown()).length === 4, 3_000);
  expect(await shown()).toEqual([
    'ticket.message_added',
    'ticket.message_added',
    'ticket.note_added',
    'ticket.message_added',
  ]);
  expect(await timeline().getByTestId('timeline-message').allTextContents()).toEqual(CONVERSATION);

  await qa.getByText('Routing only', { exact: true }).click();
  await waitFor(async () => (await shown()).length === 3, 3_000);
  expect(await shown()).toEqual(['ticket.queued', 'ticket.offered', 'ticket.accepted']);
  expect(await timeline().textContent()).not.toContain(CONVERSATION[0]);
  await screenshot(qa, 'ticket-timeline-routing');

  // Away to the history and back (the same page load): still the routing alone.
  await qa.getByRole('link', { name: 'History' }).click();
  await qa.getByRole('heading', { name: 'History' }).waitFor();
  await qa.goBack();
  await timeline().waitFor();
  expect(await shown()).toEqual(['ticket.queued', 'ticket.offered', 'ticket.accepted']);
  expect(await qa.getByRole('radio', { name: 'Routing only' }).isChecked()).toBe(true);
  await qa.getByText('Everything', { exact: true }).click();
  await waitFor(async () => (await shown()).length === 10, 3_000);
});

it('says a real contact’s durations in minutes and seconds', async () => {
  // Here every step took milliseconds; give the stored steps a real contact's times (waited 12 s,
  // handled 4 min 3 s, wrap-up 30 s after the resolution) and read them again.
  await stack.query(
    `UPDATE ticket_events SET data = data || CASE type WHEN 'ticket.accepted' THEN '{"waitSeconds": 12.4}'::jsonb
                                                     ELSE '{"handleSeconds": 243.2}'::jsonb END
      WHERE ticket_id = $1 AND type IN ('ticket.accepted', 'ticket.resolved')`,
    [ticketId],
  );
  await stack.query(
    `UPDATE ticket_events SET at = (SELECT at FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.resolved') + interval '30 s'
      WHERE ticket_id = $1 AND type = 'ticket.wrap_up_completed'`,
    [ticketId],
  );
  await qa.reload();
  await timeline().waitFor();
  expect(await line('ticket.accepted').getByTestId('timeline-text').textContent()).toBe(
    'Accepted by Agent 1 · waited 12 s',
  );
  expect(await line('ticket.resolved').getByTestId('timeline-text').textContent()).toBe(
    'Resolved as “Replaced” by Agent 1 · handled 4 min 3 s',
  );
  expect(await line('ticket.wrap_up_completed').getByTestId('timeline-text').textContent()).toBe(
    'wrap-up 30 s · ended by the agent',
  );
});

it('reads in Persian with Persian digits', async () => {
  await qa.getByLabel('Language').selectOption('fa');
  await waitFor(async () => ((await line('ticket.offered').textContent()) ?? '').includes('پیشنهاد شد'), 3_000);
  expect(await line('ticket.offered').textContent()).toContain(
    'به Agent 1 پیشنهاد شد: بیشترین زمان بیکاری از میان ۲ نامزد در complaints',
  );
  const wrapUp = (await line('ticket.wrap_up_completed').getByTestId('timeline-text').textContent()) ?? '';
  expect(wrapUp).toContain('جمع‌بندی ۳۰ ثانیه');
  expect(wrapUp).not.toMatch(/[0-9]/);
  expect(await line('ticket.accepted').textContent()).toContain('۱۲ ثانیه انتظار');
  expect(await line('ticket.resolved').textContent()).toContain('۴ دقیقه ۳ ثانیه رسیدگی');
  await screenshot(qa, 'ticket-timeline-fa');
  await qa.getByLabel('زبان').selectOption('en');
});
