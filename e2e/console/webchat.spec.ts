/**
 * The customer's web chat against the whole stack, in two browser contexts: a customer opens
 * /chat?queue=complaints and waits with a position and an estimate; an agent takes the chat in
 * the console; both see each other's messages, typing and read marks; the customer's reload
 * loses and duplicates nothing; the agent resolves and the customer is told. Also: the page is
 * accessible, Persian is right to left, and its JavaScript stays under 60 kB gzipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { ROOT, Stack, waitFor } from '../support/stack.js';
import { seriousViolations } from './axe.js';

let stack: Stack;
let browser: Browser;
let agent: Page;
let customer: Page;

beforeAll(async () => {
  stack = await Stack.start('webchat');
  browser = await launchChromium();
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
  const context = await browser.newContext({ viewport: { width: 420, height: 760 }, locale: 'en-GB' });
  customer = await context.newPage();
  customer.on('pageerror', (error) => console.error(`[customer] page error: ${error.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The texts of the customer's transcript, in order. */
const customerTranscript = () =>
  customer
    .getByTestId('chat-message')
    .locator('.body')
    .evaluateAll((els) => els.map((e) => e.textContent));

it('a customer and an agent talk in real time, through a reload, until the agent resolves', async () => {
  await customer.goto(`${stack.base}/chat?queue=complaints`);
  expect(await seriousViolations(customer)).toEqual([]);
  await customer.getByLabel('Your name').fill('Ayşe Yılmaz');
  await customer.getByLabel('How can we help?').fill('My parcel was marked delivered but never arrived.');
  await customer.getByRole('button', { name: 'Start chat' }).click();

  // Nobody is available: the customer waits, and sees their place and the estimate.
  const status = customer.getByTestId('chat-status');
  await status.filter({ hasText: 'You are number 1 in line' }).waitFor();
  expect(await status.textContent()).toMatch(/You are number 1 in line, (about \d+ minutes?|an agent will be)/);
  expect(await seriousViolations(customer)).toEqual([]);
  await screenshot(customer, 'webchat-waiting');

  // The agent comes free and takes the chat; the customer sees who joined.
  await agent.getByRole('radio', { name: 'Available' }).check();
  const offer = agent.getByTestId('offer-card');
  await offer.waitFor();
  await offer.getByRole('button', { name: 'Accept' }).click();
  const transcript = agent.getByTestId('transcript');
  await transcript.getByText('My parcel was marked delivered but never arrived.').waitFor();
  await status.filter({ hasText: 'Agent 1 joined the chat' }).waitFor();

  // The agent types: the customer sees it; the agent sends with Enter: the customer has it within 1 s.
  const reply = agent.getByRole('textbox', { name: 'Reply', exact: true });
  await reply.pressSequentially('Sorry to hear that');
  await customer.getByTestId('chat-typing').filter({ hasText: 'Agent 1 is typing' }).waitFor({ timeout: 2_000 });
  await reply.pressSequentially(', let me check the courier.');
  await reply.press('Enter');
  await customer.getByText('Sorry to hear that, let me check the courier.').waitFor({ timeout: 1_000 });
  // The customer has read it (the page is in view): the agent's desk says so.
  await transcript.getByTestId('read-mark').filter({ hasText: 'Read' }).waitFor({ timeout: 2_000 });

  // The customer types and writes back: the agent sees the typing, then the message within 1 s.
  const composer = customer.getByLabel('Your message');
  await composer.pressSequentially('Order 4711');
  await agent.getByTestId('customer-typing').filter({ hasText: 'Ayşe Yılmaz is typing' }).waitFor({ timeout: 2_000 });
  await composer.pressSequentially(', it was due on Monday.');
  await composer.press('Enter');
  await transcript.getByText('Order 4711, it was due on Monday.').waitFor({ timeout: 1_000 });
  // The agent's screen read it: the customer's message is marked read.
  await customer
    .getByTestId('chat-message')
    .filter({ hasText: 'Order 4711' })
    .getByTestId('chat-mark')
    .filter({ hasText: 'Read' })
    .waitFor({ timeout: 2_000 });
  await screenshot(customer, 'webchat-conversation');
  await screenshot(agent, 'desk-conversation');
  expect(await seriousViolations(customer)).toEqual([]);
  expect(await seriousViolations(agent)).toEqual([]);

  // A reload mid-conversation: the same transcript, nothing twice, still with the agent.
  const before = await customerTranscript();
  expect(before).toEqual([
    'My parcel was marked delivered but never arrived.',
    'Sorry to hear that, let me check the courier.',
    'Order 4711, it was due on Monday.',
  ]);
  await customer.reload();
  await status.filter({ hasText: 'Agent 1 joined the chat' }).waitFor();
  await customer.getByText('Order 4711, it was due on Monday.').waitFor();
  expect(await customerTranscript()).toEqual(before);
  // A message after the reload arrives once.
  await reply.fill('Found it: it is at the depot and will come tomorrow.');
  await reply.press('Enter');
  await customer.getByText('Found it: it is at the depot and will come tomorrow.').waitFor({ timeout: 1_000 });
  expect(await customerTranscript()).toEqual([...before, 'Found it: it is at the depot and will come tomorrow.']);

  // The customer sends a photo: the agent has it in the transcript.
  await customer.locator('#attach').setInputFiles({
    name: 'parcel-label.png',
    mimeType: 'image/png',
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  });
  await customer.getByRole('button', { name: '📎 parcel-label.png' }).waitFor();
  await transcript.getByTestId('attachment').filter({ hasText: 'parcel-label.png' }).waitFor({ timeout: 2_000 });

  // The agent resolves: the customer is told, can write no more, and is asked how it went.
  await agent.getByLabel('Resolution code').selectOption('informed');
  await agent.getByRole('button', { name: 'Resolve' }).click();
  await customer.getByText('The agent closed this chat as resolved').waitFor();
  expect(await customer.getByLabel('Your message').isDisabled()).toBe(true);
  const survey = customer.getByTestId('survey');
  await survey.waitFor();
  expect(await seriousViolations(customer)).toEqual([]);
  await survey.getByRole('radio', { name: '4 Satisfied', exact: true }).check();
  await survey.getByLabel('Anything you want to tell us? (optional)').fill('Clear answer, thank you.');
  await screenshot(customer, 'webchat-survey');
  await survey.getByRole('button', { name: 'Send rating' }).click();
  await customer.getByText('Thank you for your rating!').waitFor();
  await screenshot(customer, 'webchat-resolved');

  // The ticket's timeline: the messages, then the resolution, then the survey and its answer.
  const ticketId = (
    await stack.query<{ id: string }>(`SELECT id FROM tickets WHERE channel = 'chat' ORDER BY created_at DESC LIMIT 1`)
  )[0]!.id;
  const supervisor = await signIn(browser, stack.base, 'supervisor@switchboard.local');
  await supervisor.goto(`${stack.base}/tickets/${ticketId}`);
  const timeline = supervisor.getByTestId('timeline');
  await timeline.waitFor();
  const events = await timeline.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
  expect(events.filter((e) => e === 'ticket.message_added')).toHaveLength(5);
  expect(events.lastIndexOf('ticket.message_added')).toBeLessThan(events.indexOf('ticket.resolved'));
  expect(events.indexOf('ticket.resolved')).toBeLessThan(events.indexOf('ticket.survey_offered'));
  expect(events.indexOf('ticket.survey_offered')).toBeLessThan(events.indexOf('ticket.csat_recorded'));
  const rating = await timeline.locator('[data-event="ticket.csat_recorded"]').textContent();
  expect(rating).toContain('Rated 4 / 5 in the survey');
  expect(rating).toContain('Clear answer, thank you.');
  await screenshot(supervisor, 'ticket-timeline-chat');

  // The wallboard counts the rating and the survey it answered.
  await supervisor.getByRole('link', { name: 'Wallboard' }).click();
  await supervisor.getByTestId('tile-complaints').waitFor();
  const figure = (key: string) => supervisor.getByTestId(`${key}-complaints`).getAttribute('data-value');
  await waitFor(async () => (await figure('csatResponseRatePercent')) === '100 %', 5_000);
  expect(await figure('csatPercent')).toBe('100 %');
});

it('an agent holds three chats in tabs, with unread counts, while a fourth waits', async () => {
  // Four customers write in (through the chat API, as the page does).
  const open = async (name: string) => {
    const res = await fetch(`${stack.base}/api/chat/sessions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `198.51.100.${name.length}${name.charCodeAt(0)}`,
      },
      body: JSON.stringify({ queue: 'complaints', message: `Hello from ${name}`, customer: { name } }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { ticketId: string; customerToken: string };
  };
  // The agent is free (an earlier chat's wrap-up done) and available.
  const wrapUp = agent.getByTestId('wrap-up');
  if ((await wrapUp.count()) > 0) await wrapUp.getByRole('button', { name: 'Done' }).click();
  await agent.getByRole('radio', { name: 'Available' }).check();
  const chats = [];
  for (const name of ['Can', 'Deniz', 'Ece', 'Filiz']) chats.push(await open(name));
  // The agent takes what is offered, one after the other, up to their chat capacity (3).
  for (let i = 0; i < 3; i++) {
    // With room for several chats, offers may come one after the other or side by side.
    const offer = agent.getByTestId('offer-card').first();
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Accept' }).click();
    // One ticket shows on its own; from the second on, each is a tab.
    if (i === 0) await agent.getByTestId('ticket-workspace').waitFor();
    else await agent.getByTestId('ticket-tab').nth(i).waitFor();
  }
  const tabs = agent.getByTestId('ticket-tab');
  await expect(tabs.count()).resolves.toBe(3);
  // The fourth waits: no offer for a full agent, and its customer is first in line.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await agent.getByTestId('offer-card').count()).toBe(0);
  const fourth = (await (
    await fetch(`${stack.base}/api/chat/session`, { headers: { authorization: `Bearer ${chats[3]!.customerToken}` } })
  ).json()) as { phase: string; position: number };
  expect(fourth).toMatchObject({ phase: 'waiting', position: 1 });

  // A customer writes in a chat that is not in view: its tab counts it; opening the tab clears it.
  await tabs.filter({ hasText: 'Ece' }).click();
  const send = (token: string, body: string) =>
    fetch(`${stack.base}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ body }),
    });
  await send(chats[0]!.customerToken, 'Are you still there?');
  await send(chats[0]!.customerToken, 'Order 4712');
  const canTab = tabs.filter({ hasText: 'Can' });
  await canTab.getByTestId('unread').filter({ hasText: '2' }).waitFor({ timeout: 2_000 });
  expect(await tabs.filter({ hasText: 'Ece' }).getByTestId('unread').count()).toBe(0);
  await screenshot(agent, 'desk-three-chats');
  await canTab.click();
  await agent.getByTestId('transcript').getByText('Order 4712').waitFor();
  expect(await canTab.getByTestId('unread').count()).toBe(0);
});

it('speaks Persian right to left', async () => {
  const context = await browser.newContext({ locale: 'fa-IR' });
  const page = await context.newPage();
  await page.goto(`${stack.base}/chat?queue=complaints`);
  await page.getByRole('button', { name: 'شروع گفتگو' }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
    'rtl',
    'fa',
  ]);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'webchat-fa');
  await context.close();
});

it('ships under 60 kB of gzipped JavaScript, and none of the staff console', () => {
  const assets = join(ROOT, 'apps', 'webchat', 'dist', 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gzipped = scripts.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
  console.log(`web chat JavaScript: ${scripts.length} file(s), ${(gzipped / 1024).toFixed(1)} kB gzipped`);
  expect(gzipped).toBeLessThan(60 * 1024);
  const code = scripts.map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
  expect(code).not.toMatch(/mantine|react-dom|Wallboard/i);
});
