/**
 * Webhooks in the admin area, against a receiver of the test's own (node:http on 127.0.0.1) that
 * answers 500 to its first request and 200 after. The admin creates a webhook for new tickets and
 * reads its signing secret off the screen; a ticket the integration opens reaches the receiver,
 * signed with that secret; the delivery log shows the 500 then the 200; Send again delivers it
 * once more; a paused webhook gets nothing; a deleted one is gone. Each screen passes axe-core.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from '../support/browser.js';
import { Stack, waitFor } from '../support/stack.js';
import { seriousViolations } from './axe.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let stack: Stack;
let browser: Browser;
let admin: Page;
let integration: string;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
/** Read off the screen when the webhook is created. */
let secret = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(received.length === 1 ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/switchboard`;
  // A failed delivery is retried after a second here (10 s by default).
  stack = await Stack.start('console-webhooks', { apiEnv: { WEBHOOK_RETRY_BASE_MS: '1000' } });
  integration = (await stack.login('integration@switchboard.local')).accessToken;
  browser = await launchChromium();
  admin = await signIn(browser, stack.base, 'admin@switchboard.local');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** What a receiver does (docs/connectors.md): HMAC-SHA256 of "<t>.<raw body>", t within five minutes. */
function verified(key: string, rawBody: string, header: string | string[] | undefined): boolean {
  const parts = Object.fromEntries(
    String(header)
      .split(',')
      .map((p) => p.split('=', 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !/^[0-9a-f]{64}$/.test(parts.v1 ?? ''))
    return false;
  const expected = createHmac('sha256', key).update(`${t}.${rawBody}`).digest('hex');
  return timingSafeEqual(Buffer.from(parts.v1!, 'hex'), Buffer.from(expected, 'hex'));
}

const postTicket = async (subject: string) => {
  const res = await stack.call<{ id: string }>('POST', '/api/tickets', integration, {
    channel: 'chat',
    queue: 'complaints',
    subject,
    customer: { externalId: `net:${subject}`, name: 'Elif Kaya' },
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

const row = () => admin.getByTestId('webhook').filter({ hasText: receiverUrl });
let ticketId = '';

it('creates a webhook, refusing a bad URL on its field, and shows the signing secret once', async () => {
  await admin.getByRole('link', { name: 'Admin' }).click();
  await admin
    .getByRole('navigation', { name: 'Administration sections' })
    .getByRole('link', { name: 'Webhooks' })
    .click();
  await admin.getByText('No webhooks yet.').waitFor();
  expect(new URL(admin.url()).pathname).toBe('/admin/webhooks');
  expect(await seriousViolations(admin)).toEqual([]);

  await admin.getByRole('button', { name: 'New webhook' }).click();
  const form = admin.getByRole('dialog', { name: 'New webhook' });
  await form.getByLabel('URL').fill('ftp://127.0.0.1/switchboard');
  await form.getByLabel('Description').fill('chat network bridge');
  await form.getByRole('button', { name: 'Create webhook' }).click();
  // The API's own words, each on its field.
  await form.getByText('url must be an http(s) URL').waitFor();
  await form.getByText('events must name at least one event').waitFor();
  expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
  expect(await seriousViolations(admin)).toEqual([]);
  expect(await stack.query('SELECT 1 FROM webhooks')).toHaveLength(0);

  await form.getByLabel('URL').fill(receiverUrl);
  await form.getByRole('checkbox', { name: 'Ticket created' }).check();
  await form.getByRole('button', { name: 'Create webhook' }).click();
  const shown = form.getByTestId('webhook-secret-value');
  await shown.waitFor();
  secret = (await shown.textContent()) ?? '';
  expect(secret).toMatch(/^[\w-]{43}$/);
  const note = (await form.getByTestId('webhook-secret').textContent()) ?? '';
  expect(note).toContain('Shown only now');
  expect(note).toContain('Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">');
  await form.getByRole('button', { name: 'Copy secret' }).waitFor();
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-webhook-secret');
  await form.getByRole('button', { name: 'Done' }).click();
  await form.waitFor({ state: 'detached' });

  await row().getByTestId('webhook-state').filter({ hasText: 'Active' }).waitFor();
  await expect(row().textContent()).resolves.toContain('Ticket created');
  await row().getByText('No deliveries yet.').waitFor();
  expect(
    await stack.query('SELECT url, events, active, description FROM webhooks WHERE url = $1', [receiverUrl]),
  ).toEqual([{ url: receiverUrl, events: ['ticket.created'], active: true, description: 'chat network bridge' }]);
});

it('delivers a new ticket signed with the shown secret, and logs the 500 then the 200', async () => {
  ticketId = await postTicket('order-1182');
  await waitFor(
    () => received.length >= 2,
    20_000,
    () => stack.logs(),
  );
  const [first, second] = received;
  for (const r of [first!, second!]) {
    expect(verified(secret, r.body, r.headers['switchboard-signature'])).toBe(true);
    expect(r.headers['switchboard-event']).toBe('ticket.created');
    expect(JSON.parse(r.body)).toMatchObject({ event: 'ticket.created', ticket: { id: ticketId } });
  }
  expect(verified('not-the-secret-at-all', first!.body, first!.headers['switchboard-signature'])).toBe(false);
  expect(second!.headers['switchboard-delivery']).toBe(first!.headers['switchboard-delivery']);

  // The list says so within a poll, then the log shows both attempts, the newest delivery first.
  await row().locator('[data-testid="webhook-last-delivery"][data-status="delivered"]').waitFor();
  await row().getByRole('button', { name: 'Deliveries of chat network bridge' }).click();
  const delivery = admin.getByTestId('webhook-delivery').first();
  await delivery.getByText('Delivered').waitFor();
  await expect(delivery.textContent()).resolves.toContain('Ticket created');
  const attempts = delivery.getByTestId('webhook-attempts').getByRole('listitem');
  expect(await attempts.allTextContents()).toEqual([
    expect.stringContaining('answered 500'),
    expect.stringContaining('answered 200'),
  ]);
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-webhook-deliveries');
});

it('sends a delivery again on request', async () => {
  const delivery = admin.getByTestId('webhook-delivery').first();
  const id = String(received[0]!.headers['switchboard-delivery']);
  await delivery.getByRole('button', { name: `Send again: delivery ${id}` }).click();
  await waitFor(
    () => received.length === 3,
    10_000,
    () => stack.logs(),
  );
  const again = received[2]!;
  expect(again.headers['switchboard-delivery']).toBe(id);
  expect(again.body).toBe(received[0]!.body);
  expect(verified(secret, again.body, again.headers['switchboard-signature'])).toBe(true);
  await waitFor(
    async () => (await delivery.getByTestId('webhook-attempts').getByRole('listitem').count()) === 3,
    10_000,
  );
  await expect(delivery.getByTestId('webhook-attempts').getByRole('listitem').last().textContent()).resolves.toContain(
    'answered 200',
  );
});

it('sends nothing while paused, and again once resumed', async () => {
  await row().getByRole('button', { name: 'Pause chat network bridge' }).click();
  await row().getByTestId('webhook-state').filter({ hasText: 'Paused' }).waitFor();
  expect(await stack.query('SELECT active FROM webhooks')).toEqual([{ active: false }]);
  // Events are queued for a webhook when they happen: one paused then is never sent.
  const whilePaused = await postTicket('order-1183');
  expect(await stack.query('SELECT 1 FROM webhook_deliveries WHERE ticket_id = $1', [whilePaused])).toHaveLength(0);

  await row().getByRole('button', { name: 'Resume chat network bridge' }).click();
  await row().getByTestId('webhook-state').filter({ hasText: 'Active' }).waitFor();
  const afterwards = await postTicket('order-1184');
  await waitFor(
    () => received.length === 4,
    20_000,
    () => stack.logs(),
  );
  expect(received.map((r) => (JSON.parse(r.body) as { ticket: { id: string } }).ticket.id)).toEqual([
    ticketId,
    ticketId,
    ticketId,
    afterwards,
  ]);
  // The log has the new delivery on top.
  await admin.getByTestId('webhook-delivery').nth(1).waitFor();
  await admin.getByTestId('webhook-delivery').first().getByText('Delivered').waitFor();
  expect(await admin.getByTestId('webhook-delivery').count()).toBe(2);
});

it('shows the webhooks tab in Persian, right to left', async () => {
  await admin.getByLabel('Language').selectOption('fa');
  await admin.getByRole('heading', { name: 'وب‌هوک‌ها' }).waitFor();
  await row().getByText('فعال').first().waitFor();
  expect(await admin.evaluate(() => document.documentElement.dir)).toBe('rtl');
  expect(await seriousViolations(admin)).toEqual([]);
  await screenshot(admin, 'admin-webhooks-fa');
  await admin.getByLabel('زبان').selectOption('en');
  await admin.getByRole('heading', { name: 'Webhooks' }).waitFor();
});

it('changes the events a webhook gets', async () => {
  await row().getByRole('button', { name: 'Edit chat network bridge' }).click();
  const form = admin.getByRole('dialog', { name: 'Change webhook' });
  expect(await form.getByRole('checkbox', { name: 'Ticket created' }).isChecked()).toBe(true);
  await form.getByRole('checkbox', { name: 'Ticket resolved' }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  await row().getByText('Ticket created, Ticket resolved').waitFor();
  expect(await stack.query('SELECT events FROM webhooks')).toEqual([{ events: ['ticket.created', 'ticket.resolved'] }]);
});

it('deletes a webhook after asking', async () => {
  await row().getByRole('button', { name: 'Delete chat network bridge' }).click();
  const confirm: Locator = admin.getByRole('dialog', { name: 'Delete webhook' });
  await expect(confirm.textContent()).resolves.toContain(receiverUrl);
  expect(await seriousViolations(admin)).toEqual([]);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await confirm.waitFor({ state: 'detached' });
  await admin.getByText('No webhooks yet.').waitFor();
  expect(await stack.query('SELECT 1 FROM webhooks')).toHaveLength(0);
});
