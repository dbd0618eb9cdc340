/**
 * The hot path's cost in SQL statements, counted at the driver: every statement the api sends
 * (BEGIN and COMMIT included) for one ticket's whole life — intake with its offer, accept,
 * resolve, wrap-up done — must stay within the budget below. A change that adds a round trip to
 * the path every contact travels fails here and has to argue for itself (docs/benchmarks.md).
 */
import { reconcileScans } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SmtpInbound } from '../src/email/smtp-inbound.js';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

/** Statements per lifecycle; docs/benchmarks.md ("Statements per ticket") has the breakdown. */
const LIFECYCLE_BUDGET = 18;

let sent: string[] | null = null;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  return String((config as { text?: unknown }).text ?? config);
}
/** The mail sender's statements run as a job of their own (after the commit), not in the request. */
const SENDER = new Set([
  'sb_email_outbound_mail',
  'sb_email_keep_raw',
  'sb_email_send_outcome',
  'sb_message_by_id',
  'sb_email_ticket_holder',
]);
function isSenders(config: unknown): boolean {
  return typeof config === 'object' && config !== null && SENDER.has(String((config as { name?: unknown }).name));
}

let t: TestApp;
let agent: string;
let integration: string;

beforeAll(async () => {
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: unknown,
    ...args: unknown[]
  ) {
    if (!isSenders(args[0])) sent?.push(textOf(args[0]).replace(/\s+/g, ' ').trim());
    return query.apply(this, args);
  };
  // The QA sampling sweep and the webhook poll run on their own clocks: off here, so only the
  // request's statements count.
  t = await startTestApp('statements', {
    QA_SAMPLING_SECONDS: '0',
    WEBHOOK_POLL_MS: '0',
    EMAIL_RECONCILE_SECONDS: '0',
    SMTP_INBOUND: 'true',
    SMTP_PORT: '0',
  });
  // What the router's reconciler does when it starts: the waiting counts in Redis, counted from
  // PostgreSQL (without them every intake counts its place in PostgreSQL instead).
  const work = t.app.get(TicketWork);
  await work.board.rebuild(await reconcileScans.waitingCounts(work.sql));
  agent = await t.token('agent', 1);
  integration = await t.token('integration');
  await t.http.put('/api/agents/me/status').set(as(agent)).send({ status: 'available' }).expect(200);
});
afterAll(async () => {
  (pg.Client.prototype as unknown as { query: unknown }).query = query;
  await t.close();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** The statements one request sends; a session looked up again after its cache expired is left out. */
async function counted(step: () => Promise<unknown>): Promise<string[]> {
  sent = [];
  await step();
  const statements = sent.filter((s) => !/\bauth_sessions\b/.test(s));
  sent = null;
  return statements;
}

async function lifecycle(): Promise<Record<string, string[]>> {
  let ticketId = '';
  let offerId = '';
  const intake = await counted(async () => {
    const res = await t.http
      .post('/api/tickets')
      .set(as(integration))
      .send(ticketBody({ queue: 'complaints' }));
    expect(res.status).toBe(201);
    ticketId = res.body.id;
  });
  const [offer] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
  expect(offer).toBeDefined();
  offerId = offer.id;
  const accept = await counted(() => t.http.post(`/api/offers/${offerId}/accept`).set(as(agent)).expect(200));
  const resolve = await counted(() =>
    t.http.post(`/api/tickets/${ticketId}/resolve`).set(as(agent)).send({ resolutionCode: 'fixed' }).expect(200),
  );
  const wrapUp = await counted(() => t.http.post('/api/agents/me/wrap-up/complete').set(as(agent)).expect(200));
  const [row] = await t.db.query(`SELECT status FROM tickets WHERE id = $1`, [ticketId]);
  expect(row.status).toBe('resolved');
  return { intake, accept, resolve, wrapUp };
}

it(`runs a ticket's whole life in at most ${LIFECYCLE_BUDGET} SQL statements`, async () => {
  await lifecycle(); // the first one prepares the statements on its connections
  const steps = await lifecycle();
  const total = Object.values(steps).reduce((n, s) => n + s.length, 0);
  const breakdown = Object.entries(steps)
    .map(
      ([step, statements]) =>
        `${step} (${statements.length}):\n  ${statements.map((s) => s.slice(0, 110)).join('\n  ')}`,
    )
    .join('\n');
  if (total > LIFECYCLE_BUDGET)
    throw new Error(`${total} statements, over the budget of ${LIFECYCLE_BUDGET}:\n${breakdown}`);
  expect(total).toBeLessThanOrEqual(LIFECYCLE_BUDGET);
});

/** Statements of each step of an e-mail conversation; docs/benchmarks.md ("Statements per mail"). */
const MAIL_BUDGET = { newThread: 9, reply: 6, agentReply: 5 };

it(`takes mail in and answers it within ${JSON.stringify(MAIL_BUDGET)} SQL statements`, async () => {
  const port = t.app.get(SmtpInbound).address()!.port;
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const conversation = async (n: number) => {
      const from = `mail${n}.${Date.now()}@mail.test`;
      let first = '';
      const newThread = await counted(async () => {
        first = (await smtp.sendMail({ from, to: 'complaints@switchboard.local', subject: 'Hi', text: 'Hello.' }))
          .messageId;
      });
      const [mail] = await t.db.query(`SELECT ticket_id FROM email_messages WHERE rfc_id = $1`, [
        first.replace(/^<|>$/g, ''),
      ]);
      const ticketId = mail.ticket_id as string;
      const reply = await counted(() =>
        smtp.sendMail({ from, to: 'complaints@switchboard.local', subject: 'Re: Hi', inReplyTo: first, text: 'More.' }),
      );
      const [offer] = await t.db.query(`SELECT id FROM offers WHERE ticket_id = $1 AND status = 'pending'`, [ticketId]);
      await t.http.post(`/api/offers/${offer.id}/accept`).set(as(agent)).expect(200);
      const agentReply = await counted(() =>
        t.http
          .post(`/api/tickets/${ticketId}/messages`)
          .set(as(agent))
          .send({ body: 'On it.', visibility: 'public' })
          .expect(201),
      );
      await t.http
        .post(`/api/tickets/${ticketId}/resolve`)
        .set(as(agent))
        .send({ resolutionCode: 'fixed' })
        .expect(200);
      await t.http.post('/api/agents/me/wrap-up/complete').set(as(agent)).expect(200);
      return { newThread, reply, agentReply };
    };
    await conversation(1); // prepares the statements on their connections
    const steps = await conversation(2);
    const breakdown = Object.entries(steps)
      .map(
        ([step, statements]) =>
          `${step} (${statements.length}):\n  ${statements.map((q) => q.slice(0, 110)).join('\n  ')}`,
      )
      .join('\n');
    for (const [step, budget] of Object.entries(MAIL_BUDGET)) {
      const used = steps[step as keyof typeof steps].length;
      if (used > budget) throw new Error(`${step}: ${used} statements, over the budget of ${budget}:\n${breakdown}`);
    }
  } finally {
    smtp.close();
  }
});
