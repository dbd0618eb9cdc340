/**
 * The console in a real browser (Debian's Chromium through playwright-core) against the whole
 * stack: an agent takes a ticket from offer to wrap-up while a supervisor's wallboard follows
 * the waiting count; the history page replays the ticket's timeline; Persian renders right to
 * left; a dropped connection shows a banner and the desk recovers. Screenshots: e2e/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';

let stack: Stack;
let browser: Browser;
let agent: Page;
let supervisor: Page;
let integration: string;
const SUBJECT = 'Charged twice for the March invoice';

beforeAll(async () => {
  stack = await Stack.start('console');
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  browser = await launchChromium();
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
  supervisor = await signIn(browser, stack.base, 'supervisor@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const postTicket = (subject: string) =>
  stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue: 'complaints',
    subject,
    description: 'The card statement shows the same amount on the 3rd and the 4th.',
    category: 'billing-dispute',
    customer: { name: 'Ayşe Yılmaz', email: 'ayse@example.com', tier: 'gold' },
  });

/** The waiting figure on the supervisor's tile for a queue (the tile carries it as data-value). */
const waiting = (queue: string) =>
  supervisor
    .getByTestId(`waiting-${queue}`)
    .getAttribute('data-value')
    .then((v) => Number(v));

it('an agent takes a ticket from offer to wrap-up while the wallboard counts it waiting and gone', async () => {
  await supervisor.getByTestId('tile-complaints').waitFor();
  expect(await waiting('complaints')).toBe(0);

  await agent.getByRole('radio', { name: 'Available' }).check();
  await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();

  const posted = await postTicket(SUBJECT);
  expect(posted.status).toBe(201);
  const offer = agent.getByTestId('offer-card');
  await offer.waitFor();
  await expect(offer.textContent()).resolves.toContain(SUBJECT);
  await expect(offer.textContent()).resolves.toContain('Ayşe Yılmaz');
  await expect(offer.getByTestId('offer-countdown').textContent()).resolves.toMatch(/Expires in \d+ s/);
  await screenshot(agent, 'desk-offer');

  // Offered but not yet answered: the customer is still waiting, and the board says so.
  await waitFor(async () => (await waiting('complaints')) === 1, 5_000);
  await screenshot(supervisor, 'wallboard-waiting');

  await offer.getByRole('button', { name: 'Accept' }).click();
  await agent.getByRole('heading', { name: SUBJECT }).waitFor();
  await waitFor(async () => (await waiting('complaints')) === 0, 5_000);

  // A typed note survives a reload before it is saved (and stays a note).
  await agent.getByText('Internal note', { exact: true }).click();
  const note = agent.getByRole('textbox', { name: 'Note', exact: true });
  await note.fill('Refund of the second charge promised within 3 days.');
  await agent.reload();
  await expect(agent.getByRole('textbox', { name: 'Note', exact: true }).inputValue()).resolves.toBe(
    'Refund of the second charge promised within 3 days.',
  );
  await agent.getByRole('button', { name: 'Add note' }).click();
  await agent
    .getByTestId('transcript')
    .getByText('Refund of the second charge promised within 3 days.', { exact: true })
    .waitFor();
  expect(await agent.getByRole('textbox', { name: 'Note', exact: true }).inputValue()).toBe('');
  await screenshot(agent, 'desk-ticket');

  await agent.getByLabel('Resolution code').selectOption('refunded');
  await agent.getByRole('button', { name: 'Resolve' }).click();
  const wrapUp = agent.getByTestId('wrap-up');
  await wrapUp.waitFor();
  await expect(wrapUp.textContent()).resolves.toMatch(/Wrap-up ends in \d+ s/);
  await screenshot(agent, 'desk-wrap-up');
  await wrapUp.getByRole('button', { name: 'Done' }).click();
  await agent.getByText('No ticket in hand').waitFor();

  const [row] = await stack.query<{ status: string; resolution_code: string }>(
    'SELECT status, resolution_code FROM tickets WHERE id = $1',
    [posted.body.id],
  );
  expect(row).toEqual({ status: 'resolved', resolution_code: 'refunded' });
});

it('the history page finds the resolved ticket and shows its whole timeline in order', async () => {
  await supervisor.getByRole('link', { name: 'History' }).click();
  await supervisor.getByLabel('Resolution code').selectOption('refunded');
  await supervisor.getByRole('button', { name: 'Search' }).click();
  await supervisor.getByRole('link', { name: SUBJECT }).click();
  const timeline = supervisor.getByTestId('timeline');
  await timeline.waitFor();
  const events = await timeline.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
  expect(events).toEqual([
    'ticket.created',
    'ticket.queued',
    'ticket.offered',
    'ticket.accepted',
    'ticket.note_added',
    'ticket.resolved',
    'ticket.wrap_up_completed',
  ]);
  await expect(timeline.textContent()).resolves.toContain('Refund of the second charge promised within 3 days.');
  await expect(timeline.textContent()).resolves.toContain('Resolved as “Refunded” by Agent 1');
  await screenshot(supervisor, 'history-timeline');
});

it('renders Persian right to left, and keeps the choice after a reload', async () => {
  await agent.getByLabel('Language').selectOption('fa');
  await agent.getByText('وضعیت', { exact: true }).waitFor();
  const dir = () => agent.evaluate(() => [document.documentElement.dir, document.documentElement.lang]);
  expect(await dir()).toEqual(['rtl', 'fa']);
  // Numbers in Persian digits, the time in state included (no Latin digit in it).
  await waitFor(async () => /^[^0-9]*[۰-۹]/.test((await agent.getByTestId('status-time').textContent()) ?? ''), 3_000);
  expect(await agent.getByTestId('status-time').textContent()).not.toMatch(/[0-9]/);
  // The header lays out from the right: the product name sits right of the log-out button.
  const name = await agent.getByText('سوئیچبورد').boundingBox();
  const logout = await agent.getByRole('button', { name: 'خروج' }).boundingBox();
  expect(name!.x).toBeGreaterThan(logout!.x);
  await screenshot(agent, 'desk-fa');
  await agent.reload();
  await agent.getByText('وضعیت', { exact: true }).waitFor();
  expect(await dir()).toEqual(['rtl', 'fa']);
  await agent.getByLabel('زبان').selectOption('en');
  await agent.getByText('Status', { exact: true }).waitFor();
  expect(await dir()).toEqual(['ltr', 'en']);
});

it('shows a banner while the connection is down, and the desk takes offers again once it is back', async () => {
  const api = stack.processes.find((p) => p.name === 'api')!;
  const port = Number(new URL(stack.base).port);
  await stack.kill(api);
  const banner = agent.getByTestId('connection-banner');
  await banner.waitFor({ timeout: 10_000 });
  await expect(banner.textContent()).resolves.toContain('Connection lost');
  await screenshot(agent, 'desk-connection-lost');

  await stack.startApi({}, port);
  await banner.waitFor({ state: 'detached', timeout: 20_000 });
  // Recovered: a new ticket reaches the desk as an offer, and D declines it from the keyboard.
  const posted = await postTicket('Second contact: still charged twice');
  expect(posted.status).toBe(201);
  const offer = agent.getByTestId('offer-card');
  await offer.waitFor({ timeout: 10_000 });
  await agent.keyboard.press('d');
  await offer.waitFor({ state: 'detached', timeout: 10_000 });
  const [declined] = await stack.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1 AND type = 'ticket.offer_declined'`,
    [posted.body.id],
  );
  expect(declined!.n).toBe(1);
});
