/**
 * E-mail as a channel, over real SMTP on loopback: nodemailer sends to the stack's listener
 * (smtp-server), replies leave through a relay that is an smtp-server of this test. Contract:
 * The customer's side (e-mail).
 */
import type { AgentWorkResponse, EmailThread, Message, MessagePage } from '@switchboard/contracts';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { EmailSender } from '../src/email/email-sender.js';
import { SmtpInbound } from '../src/email/smtp-inbound.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const QUEUE_ADDRESS = 'complaints@switchboard.local';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The relay replies leave through: records what it receives; `down()` stops listening, `up()` listens again on the same port. */
class Relay {
  readonly received: ParsedMail[] = [];
  readonly envelopes: { from: string; to: string[] }[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async up(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push(mail);
            this.envelopes.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async waitFor(predicate: (mail: ParsedMail) => boolean, what: string): Promise<ParsedMail> {
    for (let i = 0; i < 200; i++) {
      const found = this.received.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the relay did not receive ${what} within 10 s`);
  }
}

let t: TestApp;
let smtp: Transporter;
let relay: Relay;
let supervisor: string;
let agent: string;
let integration: string;
let n = 0;

beforeAll(async () => {
  relay = new Relay();
  await relay.up();
  t = await startTestApp('email', {
    SMTP_INBOUND: 'true',
    SMTP_PORT: '0',
    SMTP_MAX_BYTES: '300000',
    SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`,
    EMAIL_SEND_ATTEMPTS: '3',
    EMAIL_RETRY_BASE_MS: '200',
    SMTP_CONNECTIONS_PER_IP_PER_MINUTE: '1000',
  });
  const at = t.app.get(SmtpInbound).address();
  if (!at) throw new Error('the stack is not listening for SMTP');
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: at.port, secure: false, ignoreTLS: true });
  supervisor = await t.token('supervisor');
  agent = await t.token('agent', 1);
  integration = await t.token('integration');
});
afterAll(async () => {
  smtp?.close();
  await t?.close();
  await relay?.down();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** A customer's address of its own per test, so tickets and rate limits never mix. */
const customer = () => `customer${++n}.${Date.now()}@mail.test`;

async function ticketOfMail(messageId: string): Promise<string | null> {
  const rows = await t.db.query<{ ticket_id: string }[]>(`SELECT ticket_id FROM email_messages WHERE rfc_id = $1`, [
    messageId.replace(/^<|>$/g, ''),
  ]);
  return rows[0]?.ticket_id ?? null;
}

async function messages(ticketId: string): Promise<Message[]> {
  const page = (await t.http.get(`/api/tickets/${ticketId}/messages`).set(as(supervisor)).expect(200))
    .body as MessagePage;
  return page.items;
}

async function waitForMessage(ticketId: string, predicate: (m: Message) => boolean, what: string): Promise<Message> {
  for (let i = 0; i < 200; i++) {
    const found = (await messages(ticketId)).find(predicate);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within 10 s`);
}

async function ticketCount(): Promise<number> {
  const [row] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM tickets`);
  return row!.n;
}

/**
 * Agent 1 takes the ticket: available, each offer accepted; one for an older waiting ticket (an
 * earlier test's) is finished on the way, as an agent would, until this ticket's offer comes.
 */
async function takeTicket(ticketId: string): Promise<void> {
  await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'available' }).expect(200);
  for (let i = 0; i < 400; i++) {
    const work = (await t.http.get('/api/agents/me/work').set(as(agent)).expect(200)).body as AgentWorkResponse;
    const offer = work.offers[0];
    if (!offer) {
      await new Promise((r) => setTimeout(r, 25));
      continue;
    }
    await t.http.post(`/api/offers/${offer.offerId}/accept`).set(as(agent)).expect(200);
    if (offer.ticketId === ticketId) {
      await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'offline' }).expect(200);
      return;
    }
    await finish(offer.ticketId);
  }
  throw new Error(`ticket ${ticketId} was not offered within 10 s`);
}

/** The agent resolves the ticket and ends its wrap-up. */
async function finish(ticketId: string): Promise<void> {
  await t.http.post(`/api/tickets/${ticketId}/resolve`).set(as(agent)).send({ resolutionCode: 'fixed' }).expect(200);
  await t.http.post('/api/agents/me/wrap-up/complete').set(as(agent)).expect(200);
}

/** The raw mail of a message, as a download. */
async function rawMail(ticketId: string, messageId: string): Promise<Response> {
  return fetch(`${t.url}/api/tickets/${ticketId}/messages/${messageId}/raw`, { headers: as(supervisor) });
}

describe('mail in', () => {
  it('a new thread opens one ticket in the queue of the address, with the From customer, the attachment and an acknowledgement', async () => {
    const from = customer();
    const sent = await smtp.sendMail({
      from: { name: 'Ayşe Yılmaz', address: from },
      to: QUEUE_ADDRESS,
      subject: 'My invoice is wrong',
      text: 'You charged me twice for October.\n\nOn Mon, 2 Nov 2026 at 09:00, Shop <shop@mail.test> wrote:\n> Your invoice is attached.\n> Thanks',
      attachments: [{ filename: 'screenshot.png', content: PNG }],
    });
    const ticketId = (await ticketOfMail(sent.messageId))!;
    expect(ticketId).toBeTruthy();
    const ticket = (await t.http.get(`/api/tickets/${ticketId}`).set(as(supervisor)).expect(200)).body as {
      channel: string;
      queue: string;
      subject: string;
      customer: { email: string | null; name: string | null };
    };
    expect(ticket).toMatchObject({ channel: 'email', queue: 'complaints', subject: 'My invoice is wrong' });
    expect(ticket.customer).toMatchObject({ email: from, name: 'Ayşe Yılmaz' });

    const [first, ack] = await messages(ticketId);
    expect(first).toMatchObject({
      direction: 'inbound',
      author: { kind: 'customer', name: 'Ayşe Yılmaz' },
      body: 'You charged me twice for October.',
      attachments: [{ name: 'screenshot.png', contentType: 'image/png', size: PNG.length }],
    });
    expect(first!.email).toMatchObject({ from, to: [QUEUE_ADDRESS], state: 'received', hasRaw: true });
    expect(first!.email!.quoted).toContain('> Your invoice is attached.');
    // The original is kept for QA, byte for byte what arrived.
    const raw = await rawMail(ticketId, first!.id);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('message/rfc822');
    const original = await raw.text();
    expect(original).toContain(`Message-ID: ${sent.messageId}`);
    expect(original).toContain('On Mon, 2 Nov 2026 at 09:00, Shop');

    // The acknowledgement answers the customer's mail and names the ticket.
    expect(ack).toMatchObject({ direction: 'outbound', author: { kind: 'system' } });
    const acknowledgement = await relay.waitFor((m) => m.inReplyTo === sent.messageId, 'the acknowledgement');
    expect(acknowledgement.to).toMatchObject({ value: [{ address: from }] });
    expect(acknowledgement.subject).toContain('SB-');
    expect(acknowledgement.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('a reply with In-Reply-To lands on the same ticket, its quoted history folded away', async () => {
    const from = customer();
    const first = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Broken kettle',
      text: 'It stopped working.',
    });
    const ticketId = (await ticketOfMail(first.messageId))!;
    const reply = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Re: Broken kettle',
      inReplyTo: first.messageId,
      references: [first.messageId],
      text: 'Here is the serial number: K-1234.\n\nOn Tue, 3 Nov 2026, I wrote:\n> It stopped working.',
    });
    expect(await ticketOfMail(reply.messageId)).toBe(ticketId);
    const inbound = (await messages(ticketId)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.body)).toEqual(['It stopped working.', 'Here is the serial number: K-1234.']);
    expect(inbound[1]!.email!.quoted).toContain('> It stopped working.');
  });

  it('a reply whose thread headers were lost still lands on its ticket through the reply address', async () => {
    const from = customer();
    const first = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Late delivery',
      text: 'Where is my parcel?',
    });
    const ticketId = (await ticketOfMail(first.messageId))!;
    const thread = (await t.http.get(`/api/tickets/${ticketId}/email`).set(as(supervisor)).expect(200))
      .body as EmailThread;
    expect(thread).toMatchObject({ to: from, from: QUEUE_ADDRESS, subject: 'Late delivery' });
    expect(thread.replyTo).toMatch(/^complaints\+[a-z2-7]{32}@switchboard\.local$/);
    const before = await ticketCount();
    const stripped = await smtp.sendMail({ from, to: thread.replyTo, subject: 'parcel', text: 'Still nothing.' });
    expect(await ticketOfMail(stripped.messageId)).toBe(ticketId);
    expect(await ticketCount()).toBe(before);
  });

  it('mail to an address no queue has is refused at RCPT with 550', async () => {
    const before = await ticketCount();
    const error = (await smtp
      .sendMail({ from: customer(), to: 'nobody@switchboard.local', subject: 'Hello', text: 'Anyone?' })
      .then(
        () => null,
        (e: unknown) => e,
      )) as { responseCode?: number; command?: string; rejected?: string[] } | null;
    expect(error).not.toBeNull();
    expect(error!.responseCode).toBe(550);
    expect(error!.rejected).toEqual(['nobody@switchboard.local']);
    expect(await ticketCount()).toBe(before);
  });

  it('a mail over the size limit is refused at DATA with 552, and nothing is kept', async () => {
    const before = await ticketCount();
    const error = (await smtp
      .sendMail({
        from: customer(),
        to: QUEUE_ADDRESS,
        subject: 'Big',
        text: 'See the file.',
        attachments: [{ filename: 'big.pdf', content: Buffer.alloc(400_000, 1) }],
      })
      .then(
        () => null,
        (e: unknown) => e,
      )) as { responseCode?: number; command?: string } | null;
    expect(error?.responseCode).toBe(552);
    expect(await ticketCount()).toBe(before);
  });

  it('auto-replies and bounces open nothing and are never answered', async () => {
    const before = await ticketCount();
    const senders = [customer(), customer(), customer()];
    await smtp.sendMail({
      from: senders[0],
      to: QUEUE_ADDRESS,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await smtp.sendMail({
      from: senders[1],
      to: QUEUE_ADDRESS,
      subject: 'Away',
      text: 'On holiday.',
      headers: { Precedence: 'auto_reply' },
    });
    await smtp.sendMail({
      from: 'MAILER-DAEMON@mx.mail.test',
      to: QUEUE_ADDRESS,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system.',
    });
    // A bounce's envelope sender is empty.
    await smtp.sendMail({
      envelope: { from: '', to: [QUEUE_ADDRESS] },
      from: senders[2],
      to: QUEUE_ADDRESS,
      subject: 'Delivery Status Notification (Failure)',
      text: 'Address not found.',
    });
    expect(await ticketCount()).toBe(before);
    const [row] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM email_messages WHERE from_address = ANY($1) OR to_addresses && $1`,
      [[...senders, 'mailer-daemon@mx.mail.test']],
    );
    expect(row!.n).toBe(0);
  });

  it('the same mail delivered twice (same Message-ID) is one message', async () => {
    const from = customer();
    const messageId = `<twice.${Date.now()}@mail.test>`;
    const mail = { from, to: QUEUE_ADDRESS, subject: 'Twice', text: 'Sent once, delivered twice.', messageId };
    await smtp.sendMail(mail);
    const before = await ticketCount();
    await smtp.sendMail(mail);
    expect(await ticketCount()).toBe(before);
    const ticketId = (await ticketOfMail(messageId))!;
    expect((await messages(ticketId)).filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  it('the same new mail delivered three times at once (a retrying server) makes one ticket, and every delivery is accepted', async () => {
    const from = customer();
    const messageId = `<race.${Date.now()}@mail.test>`;
    const mail = { from, to: QUEUE_ADDRESS, subject: 'Race', text: 'Delivered three times at once.', messageId };
    const before = await ticketCount();
    const answers = await Promise.all([smtp.sendMail(mail), smtp.sendMail(mail), smtp.sendMail(mail)]);
    expect(answers.map((a) => a.response)).toEqual([
      expect.stringMatching(/^250/),
      expect.stringMatching(/^250/),
      expect.stringMatching(/^250/),
    ]);
    expect(await ticketCount()).toBe(before + 1);
    const ticketId = (await ticketOfMail(messageId))!;
    expect((await messages(ticketId)).filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });
});

describe('mail out', () => {
  it('an agent reply is one mail with our Message-ID, threaded to the customer’s, and the answer to it threads back', async () => {
    const from = customer();
    const first = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Refund please',
      text: 'I want my money back.',
    });
    const ticketId = (await ticketOfMail(first.messageId))!;
    await takeTicket(ticketId);
    const posted = await t.http
      .post(`/api/tickets/${ticketId}/messages`)
      .set(as(agent))
      .send({ body: 'The refund is on its way: 3 working days.\nhttps://shop.example/refunds', visibility: 'public' })
      .expect(201);
    const reply = posted.body.message as Message;
    expect(reply.email).toMatchObject({ state: 'queued', from: QUEUE_ADDRESS, to: [from], hasRaw: false });

    const received = await relay.waitFor((m) => m.messageId === `<${reply.email!.messageId}>`, 'the agent’s reply');
    expect(received.inReplyTo).toBe(first.messageId);
    expect(received.references).toContain(first.messageId);
    expect(received.subject).toMatch(/^Re: Refund please \[SB-\d+\]$/);
    expect(received.replyTo?.value[0]?.address).toMatch(/^complaints\+[a-z2-7]{32}@switchboard\.local$/);
    expect(received.text).toContain('The refund is on its way: 3 working days.');
    expect(received.html).toContain('<a href="https://shop.example/refunds"');
    expect(relay.envelopes.at(-1)).toEqual({ from: QUEUE_ADDRESS, to: [from] });

    const sent = await waitForMessage(
      ticketId,
      (m) => m.id === reply.id && m.email?.state === 'sent',
      'the reply shown sent',
    );
    expect(sent.email!.response).toMatch(/^250/);
    expect(sent.deliveredAt).toBeDefined();

    // The customer answers that mail from their mail program: it joins the ticket.
    const answer = await smtp.sendMail({
      from,
      to: received.replyTo!.value[0]!.address,
      subject: received.subject,
      inReplyTo: received.messageId,
      references: [first.messageId, received.messageId!],
      text: 'Thank you!\n\n##- Please type your reply above this line -##\nThe refund is on its way',
    });
    expect(await ticketOfMail(answer.messageId)).toBe(ticketId);
    const last = (await messages(ticketId)).at(-1)!;
    expect(last).toMatchObject({ direction: 'inbound', body: 'Thank you!' });
    await finish(ticketId);
  });

  it('with the relay down the reply shows failed after its tries; after the relay returns, the agent’s retry sends it', async () => {
    const from = customer();
    const first = await smtp.sendMail({ from, to: QUEUE_ADDRESS, subject: 'Relay test', text: 'Hello?' });
    const ticketId = (await ticketOfMail(first.messageId))!;
    await relay.waitFor((m) => m.inReplyTo === first.messageId, 'the acknowledgement');
    await takeTicket(ticketId);
    await relay.down();
    try {
      const posted = await t.http
        .post(`/api/tickets/${ticketId}/messages`)
        .set(as(agent))
        .send({ body: 'We are on it.', visibility: 'public' })
        .expect(201);
      const id = (posted.body.message as Message).id;
      const failed = await waitForMessage(ticketId, (m) => m.id === id && m.email?.state === 'failed', 'the failure');
      expect(failed.email).toMatchObject({ attempts: 3, response: expect.stringContaining('ECONNREFUSED') });
      expect(failed.failure).toContain('ECONNREFUSED');

      // Not failed any more: a second retry of the same is refused.
      await relay.up();
      const retried = await t.http.post(`/api/tickets/${ticketId}/messages/${id}/retry`).set(as(agent)).expect(200);
      expect(retried.body.message.email.state).toBe('queued');
      await t.http.post(`/api/tickets/${ticketId}/messages/${id}/retry`).set(as(agent)).expect(409);
      const sent = await waitForMessage(ticketId, (m) => m.id === id && m.email?.state === 'sent', 'the retried send');
      expect(sent.failure).toBeUndefined();
      const received = await relay.waitFor((m) => m.messageId === `<${sent.email!.messageId}>`, 'the retried reply');
      expect(received.text).toContain('We are on it.');
      await finish(ticketId);
    } finally {
      await relay.up().catch(() => undefined);
    }
  });

  it('a send job lost between the commit and Redis is queued again by the reconcile', async () => {
    const from = customer();
    const first = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      cc: ['partner@mail.test', 'complaints+abcdefghijklmnopqrstuvwxyz234567@switchboard.local'],
      subject: 'Lost job',
      text: 'Hello again.',
    });
    const ticketId = (await ticketOfMail(first.messageId))!;
    const thread = (await t.http.get(`/api/tickets/${ticketId}/email`).set(as(supervisor)).expect(200))
      .body as EmailThread;
    // Others on the customer's mail are copied; our own addresses never are.
    expect(thread.cc).toEqual(['partner@mail.test']);
    const ack = await waitForMessage(ticketId, (m) => m.email?.state === 'sent', 'the acknowledgement sent');
    // As after a crash: the row says queued (a new round), no job exists for it.
    await t.db.query(
      `UPDATE email_messages SET state = 'queued', round = round + 1, updated_at = now() - interval '10 minutes' WHERE message_id = $1`,
      [ack.id],
    );
    const before = relay.received.filter((m) => m.messageId === `<${ack.email!.messageId}>`).length;
    expect(await t.app.get(EmailSender).reconcile()).toBeGreaterThanOrEqual(1);
    await waitForMessage(ticketId, (m) => m.id === ack.id && m.email?.state === 'sent', 'the re-queued send');
    expect(relay.received.filter((m) => m.messageId === `<${ack.email!.messageId}>`)).toHaveLength(before + 1);
    const i = relay.received.findLastIndex((m) => m.messageId === `<${ack.email!.messageId}>`);
    // The acknowledgement goes to the sender alone, never to those they copied.
    expect(relay.envelopes[i]?.to).toEqual([from]);

    // A job that ended without recording its answer (its worker died on the last try): the
    // reconcile shows the mail failed, and staff can send it again.
    await t.db.query(
      `UPDATE email_messages SET state = 'queued', updated_at = now() - interval '10 minutes' WHERE message_id = $1`,
      [ack.id],
    );
    await t.app.get(EmailSender).reconcile();
    const failed = await waitForMessage(ticketId, (m) => m.id === ack.id && m.email?.state === 'failed', 'the failure');
    expect(failed.failure).toBeTruthy();
    await t.http.post(`/api/tickets/${ticketId}/messages/${ack.id}/retry`).set(as(supervisor)).expect(200);
    await waitForMessage(ticketId, (m) => m.id === ack.id && m.email?.state === 'sent', 'the retried send');
  });

  it('another agent cannot retry a mail of a ticket they do not hold', async () => {
    const rows = await t.db.query<{ message_id: string; ticket_id: string }[]>(
      `SELECT message_id, ticket_id FROM email_messages WHERE direction = 'outbound' LIMIT 1`,
    );
    const other = await t.token('agent', 2);
    await t.http
      .post(`/api/tickets/${rows[0]!.ticket_id}/messages/${rows[0]!.message_id}/retry`)
      .set(as(other))
      .expect(404);
    void integration;
  });
});

describe('coming back', () => {
  it('a reply to a ticket resolved within the FCR window reopens it; after the window it opens a new ticket that follows it', async () => {
    const from = customer();
    const first = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Wrong size',
      text: 'The shoes are too small.',
    });
    const ticketId = (await ticketOfMail(first.messageId))!;
    await takeTicket(ticketId);
    await finish(ticketId);

    const again = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Re: Wrong size',
      inReplyTo: first.messageId,
      text: 'The new pair is too small as well.',
    });
    expect(await ticketOfMail(again.messageId)).toBe(ticketId);
    const reopened = (await t.http.get(`/api/tickets/${ticketId}`).set(as(supervisor)).expect(200)).body as {
      status: string;
      events: { type: string }[];
    };
    expect(reopened.status).toBe('queued');
    expect(reopened.events.map((e) => e.type)).toContain('ticket.reopened');

    // Resolved again, 30 days ago: past the 7-day window.
    await takeTicket(ticketId);
    await finish(ticketId);
    await t.db.query(`UPDATE tickets SET resolved_at = now() - interval '30 days' WHERE id = $1`, [ticketId]);
    const later = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Re: Wrong size',
      inReplyTo: again.messageId,
      text: 'Now the sole came off.',
    });
    const newId = (await ticketOfMail(later.messageId))!;
    expect(newId).not.toBe(ticketId);
    const thread = (await t.http.get(`/api/tickets/${newId}/email`).set(as(supervisor)).expect(200))
      .body as EmailThread;
    expect(thread.follows?.ticketId).toBe(ticketId);
    // A further reply to the old thread goes to the ticket that continues it, not a third one.
    const more = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Re',
      inReplyTo: first.messageId,
      text: 'Photo attached.',
    });
    expect(await ticketOfMail(more.messageId)).toBe(newId);
  });
});

describe('someone else citing a thread', () => {
  it('adds to an open ticket, but never reopens a resolved one: it opens a ticket of its own', async () => {
    const from = customer();
    const first = await smtp.sendMail({ from, to: QUEUE_ADDRESS, subject: 'Broken lamp', text: 'The lamp flickers.' });
    const ticketId = (await ticketOfMail(first.messageId))!;
    const colleague = customer();
    const joined = await smtp.sendMail({
      from: colleague,
      to: QUEUE_ADDRESS,
      subject: 'Fwd: Broken lamp',
      inReplyTo: first.messageId,
      text: 'Mine flickers too.',
    });
    expect(await ticketOfMail(joined.messageId)).toBe(ticketId);
    await takeTicket(ticketId);
    await finish(ticketId);
    const later = await smtp.sendMail({
      from: colleague,
      to: QUEUE_ADDRESS,
      subject: 'Re: Broken lamp',
      inReplyTo: first.messageId,
      text: 'And now mine is dead.',
    });
    const own = (await ticketOfMail(later.messageId))!;
    expect(own).not.toBe(ticketId);
    const resolved = (await t.http.get(`/api/tickets/${ticketId}`).set(as(supervisor)).expect(200)).body as {
      status: string;
    };
    expect(resolved.status).toBe('resolved');
    const thread = (await t.http.get(`/api/tickets/${own}/email`).set(as(supervisor)).expect(200)).body as EmailThread;
    expect(thread).toMatchObject({ to: colleague, follows: { ticketId } });
  });
});

describe('queue addresses', () => {
  it('an admin sets, refuses a taken or malformed one, and removes an address (mail to it is refused after)', async () => {
    const admin = await t.token('admin');
    const set = await t.http
      .patch('/api/queues/billing')
      .set(as(admin))
      .send({ email: ' Invoices@Support.Test ' })
      .expect(200);
    expect(set.body.email).toBe('invoices@support.test');
    const taken = await t.http
      .patch('/api/queues/technical')
      .set(as(admin))
      .send({ email: 'invoices@support.test' })
      .expect(409);
    expect(taken.body.message).toContain('invoices@support.test');
    const plus = await t.http
      .patch('/api/queues/technical')
      .set(as(admin))
      .send({ email: 'help+x@support.test' })
      .expect(400);
    expect(plus.body.message).toEqual([expect.stringContaining('must not contain "+"')]);
    const template = await t.http
      .patch('/api/queues/technical')
      .set(as(admin))
      .send({ emailAcknowledgement: { enabled: true, templates: { tr: { subject: 'Aldık {{ticket}}', body: 'x' } } } })
      .expect(400);
    expect(JSON.stringify(template.body)).toContain('emailAcknowledgement.templates.tr');
    await t.http.patch('/api/queues/billing').set(as(admin)).send({ email: null }).expect(200);
    const refused = await smtp
      .sendMail({ from: customer(), to: 'invoices@support.test', subject: 'x', text: 'y' })
      .then(
        () => null,
        (e: { responseCode?: number }) => e.responseCode,
      );
    expect(refused).toBe(550);
  });
});

describe('a hostile sender', () => {
  it('NUL bytes in headers, a repeated Content-Language and a huge Message-ID still make one ticket', async () => {
    const from = customer();
    const longId = `<${'界'.repeat(990)}@mail.test>`;
    const raw = Buffer.from(
      `From: =?utf-8?Q?Ay=00=C5=9Fe?= <${from}>\r\nTo: ${QUEUE_ADDRESS}\r\nSubject: =?utf-8?Q?hi=00there?=\r\n` +
        `Content-Language: tr\r\nContent-Language: en\r\nMessage-ID: ${longId}\r\n` +
        'Content-Type: text/plain; charset=utf-8\r\n\r\nMerhaba, siparişim gelmedi.\r\n',
    );
    await smtp.sendMail({ envelope: { from, to: [QUEUE_ADDRESS] }, raw });
    await smtp.sendMail({ envelope: { from, to: [QUEUE_ADDRESS] }, raw });
    const [row] = await t.db.query<{ ticket_id: string; subject: string }[]>(
      `SELECT em.ticket_id, em.subject FROM email_messages em WHERE em.from_address = $1`,
      [from],
    );
    expect(row!.subject).toBe('hi there');
    const ticket = (await t.http.get(`/api/tickets/${row!.ticket_id}`).set(as(supervisor)).expect(200)).body as {
      subject: string;
    };
    expect(ticket.subject).toBe('hi there');
    // The same huge Message-ID again was the same mail.
    expect((await messages(row!.ticket_id)).filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  it('a list mail is kept without an acknowledgement, and so is a new thread quoting one of our references', async () => {
    const list = await smtp.sendMail({
      from: customer(),
      to: QUEUE_ADDRESS,
      subject: 'From our team list',
      text: 'Our whole team cannot log in.',
      headers: { Precedence: 'list' },
    });
    const tagged = await smtp.sendMail({
      from: customer(),
      to: QUEUE_ADDRESS,
      subject: 'Re: We have received your message [SB-10001]',
      text: 'Ticket received.',
    });
    for (const sent of [list, tagged]) {
      const ticketId = (await ticketOfMail(sent.messageId))!;
      expect(ticketId).toBeTruthy();
      const all = await messages(ticketId);
      expect(all.map((m) => m.direction)).toEqual(['inbound']);
    }
  });

  it('more than 20 recipients: the rest are refused with 452', async () => {
    const info = await smtp.sendMail({
      // Distinct addresses (a mail program sends each once): the queue's, with a token-shaped plus part.
      envelope: {
        from: customer(),
        to: Array.from({ length: 22 }, (_, i) => `complaints+recipient${String(i).padStart(8, '0')}@switchboard.local`),
      },
      from: customer(),
      to: QUEUE_ADDRESS,
      subject: 'Many',
      text: 'To everyone.',
    });
    expect(info.accepted).toHaveLength(20);
    expect(info.rejected).toHaveLength(2);
    expect((info.rejectedErrors?.[0] as { responseCode?: number } | undefined)?.responseCode).toBe(452);
  });

  it('a malformed mail with NUL bytes and binary junk is kept as text, never a failure', async () => {
    const from = customer();
    const messageId = `<junk.${Date.now()}@mail.test>`;
    const raw = Buffer.concat([
      Buffer.from(
        `From: ${from}\r\nTo: ${QUEUE_ADDRESS}\r\nSubject: =?utf-8?B?!!not-base64?=\r\nMessage-ID: ${messageId}\r\n` +
          'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nBefore\u0000after ',
      ),
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x0d, 0x0a]),
      Buffer.from('the end\r\n'),
    ]);
    await smtp.sendMail({ envelope: { from, to: [QUEUE_ADDRESS] }, raw });
    const ticketId = (await ticketOfMail(messageId))!;
    const [first] = await messages(ticketId);
    expect(first!.body).toContain('Beforeafter');
    expect(first!.body).not.toContain('\u0000');
  });

  it('a mail with twelve pictures keeps ten and names the two it did not keep', async () => {
    const from = customer();
    const sent = await smtp.sendMail({
      from,
      to: QUEUE_ADDRESS,
      subject: 'Photos',
      text: 'All the photos.',
      attachments: Array.from({ length: 12 }, (_, i) => ({ filename: `photo${i + 1}.png`, content: PNG })),
    });
    const ticketId = (await ticketOfMail(sent.messageId))!;
    const [first] = await messages(ticketId);
    expect(first!.attachments).toHaveLength(10);
    expect(first!.email!.refused).toEqual([
      { name: 'photo11.png', reason: 'only the first 10 files of a mail are kept' },
      { name: 'photo12.png', reason: 'only the first 10 files of a mail are kept' },
    ]);
  });

  it('an HTML-only mail becomes text: its markup and scripts never reach the agent', async () => {
    const sent = await smtp.sendMail({
      from: customer(),
      to: QUEUE_ADDRESS,
      subject: 'HTML',
      html: '<p>Hello <b>team</b></p><script>alert(1)</script><img src=x onerror="alert(2)">',
    });
    const ticketId = (await ticketOfMail(sent.messageId))!;
    const [first] = await messages(ticketId);
    expect(first!.body).toContain('Hello team');
    expect(first!.body).not.toMatch(/<script|onerror|<b>/);
  });

  it('a sender opening too many tickets, and a host connecting too often, are told to try later', async () => {
    const limited = await startTestApp('email-limits', {
      SMTP_INBOUND: 'true',
      SMTP_PORT: '0',
      SMTP_CONNECTIONS_PER_IP_PER_MINUTE: '6',
      EMAIL_NEW_TICKETS_PER_SENDER_PER_HOUR: '2',
    });
    const port = limited.app.get(SmtpInbound).address()!.port;
    const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    try {
      const from = customer();
      const codes: (number | 'ok')[] = [];
      for (let i = 0; i < 8; i++) {
        codes.push(
          await client.sendMail({ from, to: QUEUE_ADDRESS, subject: `Thread ${i}`, text: 'Again.' }).then(
            () => 'ok' as const,
            (e: { responseCode?: number }) => e.responseCode ?? 0,
          ),
        );
      }
      // Two new tickets an hour from one sender, then 451 (temporary: the sending server keeps it);
      // six connections a minute from one host, then 421.
      expect(codes).toEqual(['ok', 'ok', 451, 451, 451, 451, 421, 421]);
      const [row] = await limited.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM customers c JOIN tickets t ON t.customer_id = c.id WHERE c.email = $1`,
        [from],
      );
      expect(row!.n).toBe(2);
    } finally {
      client.close();
      await limited.close();
    }
  });
});
