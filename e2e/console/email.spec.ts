/**
 * E-mail on the agent's desk against the whole stack: a customer's mail (with a quoted history, a
 * photo and a file that is not kept) reaches the api's SMTP listener and is offered to an agent,
 * who reads it as a mail (the history folded, the original downloadable) and answers. With no
 * relay the reply is kept as a file and says so; with a relay that refuses it the reply says why,
 * and Retry sends it once the relay takes mail again. Also: axe on the thread, Persian right to left.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Browser, Locator, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import type { QueueResponse } from '@switchboard/contracts';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack } from '../support/stack.js';
import { seriousViolations } from './axe.js';

const QUEUE_ADDRESS = 'complaints@support.test';
const SUBJECT = 'The kettle I ordered arrived broken';
const CUSTOMER_TEXT = 'The kettle from order 4711 arrived with a cracked lid. A photo is attached.';
const QUOTED_TEXT = 'Your order 4711 has been shipped and arrives within 3 days.';
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let stack: Stack;
let browser: Browser;
let agent: Page;
let smtpPort = 0;
let apiEnv: Record<string, string> = {};
let adminToken = '';

/** A port nobody listens on now (the api's SMTP listener takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  smtpPort = await freePort();
  apiEnv = { SMTP_INBOUND: 'true', SMTP_PORT: String(smtpPort), EMAIL_SEND_ATTEMPTS: '2', EMAIL_RETRY_BASE_MS: '200' };
  stack = await Stack.start('email', { apiEnv });
  adminToken = (await stack.login('admin@switchboard.local')).accessToken;
  const queue = await stack.call<QueueResponse>('PATCH', '/api/queues/complaints', adminToken, {
    email: QUEUE_ADDRESS,
  });
  expect(queue.status).toBe(200);
  expect(queue.body.email).toBe(QUEUE_ADDRESS);
  browser = await launchChromium();
  agent = await signIn(browser, stack.base, 'agent1@switchboard.local');
  await agent.getByRole('radio', { name: 'Available' }).check();
  await agent.getByTestId('status-time').filter({ hasText: 'Available' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The thread's card of the mail that says `text`. */
const mail = (text: string): Locator =>
  agent.getByTestId('transcript').getByTestId('email-message').filter({ hasText: text });

it('the customer’s mail is offered, read as a mail with its history folded, and a reply with no relay is kept as a file', async () => {
  const customer = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  await customer.sendMail({
    from: 'Ayşe Yılmaz <ayse@example.com>',
    to: QUEUE_ADDRESS,
    cc: 'Mehmet Demir <mehmet@example.com>',
    subject: SUBJECT,
    text: [
      'Hello,',
      '',
      CUSTOMER_TEXT,
      '',
      'Ayşe',
      '',
      'On Mon, 3 Mar 2025 at 09:12, Kettle Shop <orders@shop.example> wrote:',
      `> ${QUOTED_TEXT}`,
      '> Thank you for shopping with us.',
      '',
    ].join('\n'),
    attachments: [
      { filename: 'cracked-lid.png', content: PNG, contentType: 'image/png' },
      {
        filename: 'setup.exe',
        content: Buffer.from('MZ this is not a photo'),
        contentType: 'application/x-msdownload',
      },
    ],
  });
  customer.close();

  const offer = agent.getByTestId('offer-card');
  await offer.waitFor({ timeout: 30_000 });
  expect(await offer.textContent()).toContain('E-mail');
  await offer.getByRole('button', { name: 'Accept' }).click();

  // The thread: headed by the subject, the mail as a card with who wrote to whom.
  await agent.getByRole('region', { name: SUBJECT }).waitFor();
  const inbound = mail(CUSTOMER_TEXT);
  await inbound.waitFor();
  const addresses = (await inbound.getByTestId('email-addresses').textContent()) ?? '';
  expect(addresses).toContain('ayse@example.com');
  expect(addresses).toContain(QUEUE_ADDRESS);
  expect(await inbound.getByTestId('email-cc').textContent()).toContain('mehmet@example.com');
  expect(await inbound.getByTestId('email-subject').textContent()).toBe(SUBJECT);
  expect(await inbound.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);

  // The quoted history is folded until asked for.
  const quoted = inbound.getByTestId('email-quoted');
  expect(await quoted.isVisible()).toBe(false);
  expect(await inbound.innerText()).not.toContain(QUOTED_TEXT);
  await inbound.getByRole('button', { name: 'Show quoted text' }).click();
  await quoted.getByText(QUOTED_TEXT, { exact: false }).waitFor();
  expect(await inbound.getByRole('button', { name: 'Hide quoted text' }).getAttribute('aria-expanded')).toBe('true');

  // The photo is kept; the program is not, and the card says so.
  await inbound.getByTestId('attachment').filter({ hasText: 'cracked-lid.png' }).waitFor();
  expect(await inbound.getByTestId('email-refused').textContent()).toContain('setup.exe');

  // The original mail downloads with the agent's session.
  const [download] = await Promise.all([
    agent.waitForEvent('download'),
    inbound.getByRole('button', { name: 'View original' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.eml$/);
  const original = await simpleParser(readFileSync(await download.path()));
  expect(original.subject).toBe(SUBJECT);
  expect(original.text).toContain(QUOTED_TEXT);

  // The composer says where the reply goes.
  expect(await agent.getByTestId('reply-to').textContent()).toContain('ayse@example.com');
  expect(await agent.getByTestId('reply-cc').textContent()).toContain('mehmet@example.com');
  expect(await agent.getByTestId('reply-from').textContent()).toContain(QUEUE_ADDRESS);
  const reference = (await agent.getByTestId('ticket-reference').textContent()) ?? '';
  expect(await agent.getByTestId('reply-subject').textContent()).toBe(`Subject:Re: ${SUBJECT} [${reference}]`);
  expect(await seriousViolations(agent)).toEqual([]);

  // Enter is a new line in a mail; the button sends it. No relay: the reply is kept as a file.
  const reply = agent.getByRole('textbox', { name: 'Reply', exact: true });
  await reply.fill('Dear Ayşe,');
  await reply.press('Enter');
  await reply.pressSequentially('we are sorry about the lid. A new kettle leaves our depot today.');
  expect(await reply.inputValue()).toBe('Dear Ayşe,\nwe are sorry about the lid. A new kettle leaves our depot today.');
  await agent.getByRole('button', { name: 'Send reply' }).click();
  const sent = mail('A new kettle leaves our depot today.');
  await sent
    .getByTestId('email-state')
    .filter({ hasText: 'Not sent — kept as a file (no mail relay is configured)' })
    .waitFor();
  expect(await sent.getAttribute('data-state')).toBe('not_sent');
  expect(await sent.getByTestId('email-addresses').textContent()).toContain('ayse@example.com');
  expect(await sent.getByTestId('email-subject').textContent()).toBe(`Re: ${SUBJECT} [${reference}]`);
  expect(await sent.getByRole('button', { name: 'Retry' }).count()).toBe(0);

  // A note stays a note: in the thread for staff, never a mail.
  await agent.getByText('Internal note', { exact: true }).click();
  expect(await agent.getByTestId('reply-addresses').count()).toBe(0);
  await agent.getByRole('textbox', { name: 'Note', exact: true }).fill('Replacement ordered under RMA-2231.');
  await agent.getByRole('button', { name: 'Add note' }).click();
  const note = agent.getByTestId('transcript-message').filter({ hasText: 'Replacement ordered under RMA-2231.' });
  await note.getByText('Internal note').waitFor();
  expect(await mail('Replacement ordered under RMA-2231.').count()).toBe(0);
  await agent.getByText('Reply to customer', { exact: true }).click();
  await agent.getByTestId('reply-addresses').waitFor();
  expect(await seriousViolations(agent)).toEqual([]);
  // The customer's mail in view for the picture (the thread keeps the newest in view).
  await agent.evaluate(() => window.scrollTo(0, 0));
  await agent.getByTestId('transcript').evaluate((log) => (log.scrollTop = 0));
  await screenshot(agent, 'desk-email');

  // Persian: the thread in Persian, right to left.
  await agent.getByLabel('Language').selectOption('fa');
  await inbound.getByRole('button', { name: 'پنهان کردن متن نقل‌شده' }).waitFor();
  await sent.getByTestId('email-state').filter({ hasText: 'ارسال نشد' }).waitFor();
  expect(await agent.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(await seriousViolations(agent)).toEqual([]);
  await screenshot(agent, 'desk-email-fa');
  await agent.getByLabel('زبان').selectOption('en');
  await inbound.getByRole('button', { name: 'Hide quoted text' }).waitFor();
});

it('a reply the relay refuses says why, and Retry sends it once the relay takes mail', async () => {
  // A relay that refuses every recipient with a 550 until told otherwise, and keeps what it takes.
  let refusing = true;
  const received: { to: string[]; raw: Buffer }[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refusing) return callback();
      callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayPort = (relay.server.address() as { port: number }).port;

  try {
    // The api again, where the desk expects it, now with the relay.
    const api = stack.processes.find((p) => p.name === 'api' && p.child.exitCode === null)!;
    const port = Number(new URL(stack.base).port);
    await stack.kill(api);
    await stack.startApi({ ...apiEnv, SMTP_RELAY_URL: `smtp://127.0.0.1:${relayPort}` }, port);
    await agent.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });

    const text = 'The courier collects the broken kettle tomorrow morning.';
    await agent.getByRole('textbox', { name: 'Reply', exact: true }).fill(text);
    await agent.getByRole('button', { name: 'Send reply' }).click();
    const reply = mail(text);
    const state = reply.getByTestId('email-state');
    await state.filter({ hasText: /^Not delivered: 550 / }).waitFor({ timeout: 20_000 });
    expect(await state.textContent()).toContain('mailbox unavailable');
    expect(received).toHaveLength(0);
    expect(await seriousViolations(agent)).toEqual([]);
    await agent.evaluate(() => window.scrollTo(0, 0));
    await screenshot(agent, 'desk-email-failed');

    refusing = false;
    await reply.getByRole('button', { name: 'Retry' }).click();
    await state.filter({ hasText: /^Sent / }).waitFor({ timeout: 20_000 });
    expect(await reply.getAttribute('data-state')).toBe('sent');
    expect(await reply.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    // The relay has the mail, once, to the customer and the one copied.
    expect(received).toHaveLength(1);
    expect(received[0]!.to.sort()).toEqual(['ayse@example.com', 'mehmet@example.com']);
    const delivered = await simpleParser(received[0]!.raw);
    expect(delivered.text).toContain(text);
    expect(delivered.subject).toContain(SUBJECT);
    expect(delivered.from?.text).toContain(QUEUE_ADDRESS.split('@')[1]);
  } finally {
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  }
});

it('an admin gives a queue its address and a Turkish acknowledgement; a taken or refused address is said on the field', async () => {
  const admin = await signIn(browser, stack.base, 'admin@switchboard.local');
  await admin.goto(`${stack.base}/admin/queues`);
  await admin.getByTestId('queues-table').waitFor();
  await admin.getByTestId('queue-complaints').getByTestId('queue-email').filter({ hasText: QUEUE_ADDRESS }).waitFor();
  // The demo's own address for billing, acknowledged with the built-in text.
  expect(await admin.getByTestId('queue-billing').getByTestId('queue-email').textContent()).toBe(
    'billing@switchboard.localAcknowledges new e-mails',
  );

  await admin.getByRole('button', { name: 'Edit billing' }).click();
  const form = admin.getByRole('dialog', { name: 'Queue billing' });
  await form.waitFor();
  const address = form.getByLabel('E-mail address');
  expect(await address.inputValue()).toBe('billing@switchboard.local');
  const save = form.getByRole('button', { name: 'Save' });
  // The address of another queue: the API's 409, on the field.
  await address.fill('Complaints@Support.test');
  await save.click();
  await form.getByText('is already the address of another queue', { exact: false }).waitFor();
  expect(await address.getAttribute('aria-invalid')).toBe('true');
  // A "+" the API refuses (replies come back to local+token@domain): its 400, on the field.
  await address.fill('billing+vip@support.test');
  expect(await address.getAttribute('aria-invalid')).not.toBe('true');
  await save.click();
  await form.getByText('email must not contain "+"', { exact: false }).waitFor();
  expect(await address.getAttribute('aria-invalid')).toBe('true');
  expect(await seriousViolations(admin)).toEqual([]);

  await address.fill('billing@support.test');
  expect(await form.getByRole('switch', { name: 'Acknowledge new e-mails' }).isChecked()).toBe(true);
  await form.getByRole('tab', { name: 'Türkçe' }).click();
  const subject = 'Talebiniz alındı: {{ticketNumber}}';
  const body = 'Merhaba {{customerName}},\n"{{subject}}" konulu e-postanız {{queueName}} ekibine ulaştı.';
  await form.getByLabel('Subject (Türkçe)').fill(subject);
  await save.click();
  await form.getByText('The Türkçe acknowledgement needs both a subject and a body, or neither.').waitFor();
  await form.getByLabel('Body (Türkçe)').fill(body);
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-queue-email');
  await save.click();
  await form.waitFor({ state: 'detached' });
  await admin
    .getByTestId('queue-billing')
    .getByTestId('queue-email')
    .filter({ hasText: 'billing@support.test' })
    .waitFor();
  const billing = async () =>
    (await stack.call<QueueResponse[]>('GET', '/api/queues', adminToken)).body.find((q) => q.key === 'billing')!;
  expect(await billing()).toMatchObject({
    email: 'billing@support.test',
    emailAcknowledgement: { enabled: true, templates: { tr: { subject, body } } },
  });

  // No acknowledgement, and no address: the list says so.
  await admin.getByRole('button', { name: 'Edit billing' }).click();
  await form.waitFor();
  expect(await form.getByLabel('E-mail address').inputValue()).toBe('billing@support.test');
  await form.getByRole('switch', { name: 'Acknowledge new e-mails' }).uncheck();
  await form.getByLabel('E-mail address').fill('');
  await save.click();
  await form.waitFor({ state: 'detached' });
  await admin.getByTestId('queue-billing').getByTestId('queue-email').filter({ hasText: '—' }).waitFor();
  expect(await billing()).toMatchObject({ email: null, emailAcknowledgement: { enabled: false } });
  await admin.context().close();
});
