/**
 * The history, searched as a QA reviewer would in a real browser: an agent picked by name, a word
 * only a note holds, the abandoned calls, the resolutions in the order they happened; then the
 * ticket page names the agent, the handle time and what the customer wrote in the survey.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor, type AgentSocket } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let qa: Page;
let integration: string;
const sockets: AgentSocket[] = [];
const ROUTER = 'Router keeps rebooting every hour';
const INVOICE = 'Invoice sent to the wrong address';
const HUNG_UP = 'Caller left before anyone answered';

const post = async (subject: string, name: string) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue: 'complaints',
    subject,
    customer: { externalId: `history-${name}`, name },
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

/** One agent takes one ticket through to the end: available, accepts its offer, writes a note, resolves. */
async function handle(agentNumber: number, subject: string, customer: string, note: string): Promise<string> {
  const login = await stack.login(`agent${agentNumber}@switchboard.local`);
  const token = login.accessToken;
  const socket = await stack.socket(token);
  sockets.push(socket);
  const offered = new Promise<string>((resolve) => socket.once('offer.created', (o) => resolve(o.offerId)));
  expect((await stack.call('PUT', '/api/agents/me/status', token, { status: 'available' })).status).toBe(200);
  const id = await post(subject, customer);
  expect((await stack.call('POST', `/api/offers/${await offered}/accept`, token)).status).toBe(200);
  expect((await stack.call('POST', `/api/tickets/${id}/notes`, token, { body: note })).status).toBe(201);
  const resolved = await stack.call('POST', `/api/tickets/${id}/resolve`, token, { resolutionCode: 'fixed' });
  expect(resolved.status).toBe(200);
  await stack.call('POST', '/api/agents/me/wrap-up/complete', token);
  expect((await stack.call('PUT', '/api/agents/me/status', token, { status: 'offline' })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  stack = await Stack.start('history');
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  // Nobody is available yet: this caller waits, then hangs up.
  const gone = await post(HUNG_UP, 'Impatient Caller');
  expect((await stack.call('POST', `/api/tickets/${gone}/abandon`, integration, {})).status).toBe(200);
  await handle(2, ROUTER, 'Deniz Aydın', 'The customer mentioned a warranty extension bought at the shop.');
  const invoice = await handle(3, INVOICE, 'Maria Rossi', 'Address corrected in the billing system.');
  const rated = await stack.call('POST', `/api/tickets/${invoice}/csat`, integration, {
    score: 2,
    comment: 'Took three calls to get this fixed.',
  });
  expect(rated.status).toBe(201);
  browser = await launchChromium();
  qa = await signIn(browser, stack.base, 'qa@switchboard.local');
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await stack?.stop();
});

const rows = () => qa.getByTestId('history-row');
/** The subjects of the rows shown, top to bottom. */
const subjects = () =>
  rows().evaluateAll((trs) => trs.map((tr) => tr.querySelector('a span[dir="auto"]')?.textContent ?? ''));
const search = () => qa.getByRole('button', { name: 'Search' }).click();
const showing = async (expected: string[]) => {
  await waitFor(async () => JSON.stringify(await subjects()) === JSON.stringify(expected), 5_000).catch(() => {});
  expect(await subjects()).toEqual(expected);
};

it('finds the tickets of an agent picked by name, with the agent, channel, handle time and CSAT shown', async () => {
  await qa.getByRole('link', { name: 'History' }).click();
  await qa.getByRole('heading', { name: 'History' }).waitFor();
  await qa.getByRole('combobox', { name: 'Agent' }).fill('Agent 3');
  await qa.getByRole('option', { name: 'Agent 3' }).click();
  await search();
  await showing([INVOICE]);
  const row = rows().first();
  expect(await row.getByTestId('history-agent').textContent()).toBe('Agent 3');
  const cells = await row.locator('td').allTextContents();
  expect(cells).toContain('Chat');
  expect(cells).toContain('2 / 5');
  // A handle time in words: seconds for a ticket resolved at once.
  expect(cells.some((c) => /^\d+ s$/.test(c))).toBe(true);
  await screenshot(qa, 'history-agent-picker');
});

it('finds a ticket by a word only its note holds', async () => {
  await qa.goto(`${stack.base}/history`);
  await qa.getByRole('searchbox', { name: 'Words or reference' }).fill('warranty');
  await search();
  await showing([ROUTER]);
  expect(await rows().first().getByTestId('history-agent').textContent()).toBe('Agent 2');
});

it('finds the abandoned calls', async () => {
  await qa.goto(`${stack.base}/history`);
  await qa.getByLabel('Outcome').selectOption({ label: 'Abandoned' });
  await search();
  await showing([HUNG_UP]);
  expect(await rows().first().locator('td').allTextContents()).toContain('Abandoned');
});

it('sorts the resolutions by resolution time, latest first, then earliest first', async () => {
  await qa.goto(`${stack.base}/history`);
  await search();
  await showing([INVOICE, ROUTER]);
  const resolvedHeader = qa.getByRole('columnheader', { name: /Resolved/ });
  expect(await resolvedHeader.getAttribute('aria-sort')).toBe('descending');
  await qa.getByRole('button', { name: 'Sort by Resolved' }).click();
  await showing([ROUTER, INVOICE]);
  expect(await resolvedHeader.getAttribute('aria-sort')).toBe('ascending');
  await screenshot(qa, 'history-sorted');
});

it("the ticket page names the agent, the handle time and the customer's comment", async () => {
  await qa.getByRole('link', { name: INVOICE }).click();
  const facts = qa.getByTestId('ticket-facts');
  await facts.waitFor();
  const text = (await facts.textContent()) ?? '';
  expect(text).toContain('AgentAgent 3');
  expect(text).toMatch(/Handled\d+ s/);
  expect(text).toContain('CSAT2 / 5');
  expect(text).toContain('Took three calls to get this fixed.');
  await screenshot(qa, 'history-ticket-facts');
});
