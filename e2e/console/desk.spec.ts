/**
 * A desk an agent can trust all shift, tried as agents would in a real browser: an offer never
 * steals the keys of a note being typed, and A/D follow the physical key; offers reach every
 * page; a transfer's note reaches the next agent; a supervisor's change of status reaches the
 * open desk in words; logging out with work in hand warns first.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor, type AgentSocket } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let agent: Page;
let agentId: string;
let integration: string;
let supervisor: string;
const sockets: AgentSocket[] = [];

beforeAll(async () => {
  stack = await Stack.start('desk');
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  supervisor = (await stack.login('supervisor@switchboard.local')).accessToken;
  agentId = (await stack.login('agent1@switchboard.local')).user.id;
  browser = await launchChromium();
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
  await agent.getByRole('radio', { name: 'Available' }).check();
  await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await stack?.stop();
});

let n = 0;
const postChat = async (subject: string, name = `Customer ${++n}`) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue: 'complaints',
    subject,
    customer: { externalId: `desk-${name}`, name },
  });
  expect(res.status).toBe(201);
  return res.body.id;
};
const pendingOffers = (ticketId: string) =>
  stack.query<{ id: string; agent_id: string }>(
    `SELECT id, agent_id FROM offers WHERE ticket_id = $1 AND status = 'pending'`,
    [ticketId],
  );

it('typing a note while an offer arrives neither accepts it nor loses a letter; D declines on a Persian layout', async () => {
  await postChat('First chat of the shift');
  await agent.getByTestId('offer-card').getByRole('button', { name: 'Accept' }).click();
  await agent.getByText('Internal note', { exact: true }).click();
  const note = agent.getByRole('textbox', { name: 'Note', exact: true });
  await note.click();
  await agent.keyboard.type('The customer ');

  const second = await postChat('A second chat arrives');
  const card = agent.getByTestId('offer-card');
  await card.waitFor();
  // Still typing, with a and d in the words: nothing is answered, the caret stays in the note.
  await agent.keyboard.type('asked about a refund and a discount');
  expect(await note.inputValue()).toBe('The customer asked about a refund and a discount');
  expect(await agent.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  expect(await pendingOffers(second)).toHaveLength(1);
  expect(await card.isVisible()).toBe(true);
  await screenshot(agent, 'desk-offer-while-typing');

  // Out of the field, D on a Persian keyboard (the key "ی", physical KeyD) declines.
  await agent.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await agent.evaluate(() =>
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ی', code: 'KeyD', bubbles: true })),
  );
  await card.waitFor({ state: 'detached' });
  await waitFor(async () => (await pendingOffers(second)).length === 0, 3_000);
  const [declined] = await stack.query<{ status: string }>(
    `SELECT status FROM offers WHERE ticket_id = $1 ORDER BY created_at DESC LIMIT 1`,
    [second],
  );
  expect(declined!.status).toBe('declined');
  // The note was never lost.
  expect(await note.inputValue()).toBe('The customer asked about a refund and a discount');
  // That customer hangs up: the declined ticket leaves the queue for the tests after this one.
  expect((await stack.call('POST', `/api/tickets/${second}/abandon`, integration, {})).status).toBe(200);
});

it('an offer arriving while the agent is on History is seen there, with the tab title saying so', async () => {
  await agent.getByRole('link', { name: 'History' }).click();
  await agent.getByRole('button', { name: 'Search' }).waitFor();
  const ticket = await postChat('Offered while on History');
  const card = agent.getByTestId('offer-card');
  await card.waitFor({ timeout: 3_000 });
  expect(await card.textContent()).toContain('Offered while on History');
  expect(await card.textContent()).toContain('Chat');
  expect(await agent.title()).toMatch(/^\(1\) Incoming ticket/);
  await screenshot(agent, 'history-offer');
  await card.getByRole('button', { name: 'Accept' }).click();
  await card.waitFor({ state: 'detached' });
  const [row] = await stack.query<{ status: string }>(`SELECT status FROM tickets WHERE id = $1`, [ticket]);
  expect(row!.status).toBe('in_progress');
  expect(await agent.title()).toBe('Switchboard');
});

it('the receiving agent sees who transferred the ticket and the note for them', async () => {
  // Agent 2 holds a chat and hands it to agent 1 with a note.
  const second = await stack.login('agent2@switchboard.local');
  sockets.push(await stack.socket(second.accessToken));
  await stack.call('PUT', '/api/agents/me/status', second.accessToken, { status: 'available' });
  // Agent 1 is full (three chats in hand) only after this one; keep them from being offered it first.
  await stack.call('PUT', `/api/agents/${agentId}/status`, supervisor, { status: 'away', reason: 'break' });
  const ticket = await postChat('Needs a replacement part', 'Zeynep Kaya');
  await waitFor(async () => (await pendingOffers(ticket)).length === 1, 5_000);
  const [offer] = await pendingOffers(ticket);
  expect(offer!.agent_id).toBe(second.user.id);
  expect((await stack.call('POST', `/api/offers/${offer!.id}/accept`, second.accessToken)).status).toBe(200);
  await agent.getByRole('link', { name: 'Desk' }).click();
  await agent.getByRole('radio', { name: 'Available' }).check();
  await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
  const moved = await stack.call('POST', `/api/tickets/${ticket}/transfer`, second.accessToken, {
    agentId,
    note: 'Photos of the broken hinge are in the e-mail from Monday.',
  });
  expect(moved.status).toBe(200);

  const card = agent.getByTestId('offer-card');
  await card.waitFor();
  const transfer = card.getByTestId('transfer-note');
  await transfer.getByText('Transferred from Agent 2 (complaints)').waitFor();
  await transfer.getByText('Photos of the broken hinge are in the e-mail from Monday.').waitFor();
  await screenshot(agent, 'desk-transfer-offer');
  await card.getByRole('button', { name: 'Accept' }).click();
  await agent.getByTestId('ticket-tab').filter({ hasText: 'Zeynep Kaya' }).click();
  await agent
    .getByTestId('ticket-workspace')
    .getByTestId('transfer-note')
    .getByText('Photos of the broken hinge are in the e-mail from Monday.')
    .waitFor();
});

it('a supervisor setting the agent Away reaches the open desk within 2 s, with the reason in words', async () => {
  await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
  const started = Date.now();
  expect(
    (await stack.call('PUT', `/api/agents/${agentId}/status`, supervisor, { status: 'away', reason: 'coaching' }))
      .status,
  ).toBe(200);
  await agent.getByTestId('status-notice').filter({ hasText: 'A supervisor set your status: Away: Coaching' }).waitFor({
    timeout: 2_000,
  });
  await agent
    .getByTestId('status-time')
    .filter({ hasText: 'Away: Coaching' })
    .waitFor({ timeout: 2_000 - (Date.now() - started) });
  expect(await agent.getByRole('radio', { name: 'Away' }).isChecked()).toBe(true);
  await screenshot(agent, 'desk-status-by-supervisor');
});

it('logging out with chats in hand warns first, and staying keeps the agent signed in', async () => {
  await agent.getByRole('button', { name: 'Log out' }).click();
  const dialog = agent.getByRole('dialog');
  await dialog.getByText(/You still have \d tickets? in hand/).waitFor();
  await screenshot(agent, 'desk-logout-warning');
  await dialog.getByRole('button', { name: 'Stay and transfer' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await agent.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
  await agent.getByRole('button', { name: 'Log out' }).click();
  await agent.getByRole('dialog').getByRole('button', { name: 'Log out anyway' }).click();
  await agent.getByRole('button', { name: 'Sign in' }).waitFor();
});
