import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import type { EmailLanguage } from '@switchboard/contracts';
import { REPLY_MARKER, replyAddress, textToHtml } from '@switchboard/domain';
import { rooms, type RealtimeEmitter } from '@switchboard/messaging';
import {
  keepRawMail,
  messageById,
  outboundMail,
  recordSend,
  staleQueuedMail,
  statement,
  type OutboundMail,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { InjectConfig } from '../common/app-config.js';
import { messageView } from '../conversations/messages.service.js';
import { REALTIME_EMITTER } from '../messaging/messaging.module.js';
import { EMAIL_QUEUE, MailOutbox, sendJobId, type SendMailJob } from './mail-outbox.js';

/** A queued mail untouched this long may have lost its job (a crash after the commit): queue it again. */
const RECONCILE_AFTER_SECONDS = 120;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The relay's answer in words: its SMTP reply when it gave one, else the error's code or text. */
export function relayAnswer(error: unknown): string {
  const e = error as { response?: unknown; code?: unknown; message?: unknown };
  if (typeof e.response === 'string' && e.response) return e.response;
  if (typeof e.code === 'string' && e.code && e.code !== 'EENVELOPE' && e.code !== 'EMESSAGE') {
    return typeof e.message === 'string' && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.code;
  }
  return typeof e.message === 'string' ? e.message : String(error);
}

/**
 * A 5xx answer to the recipients or the mail will not change by trying again. A 5xx at login or
 * greeting is the relay's setup (fixed by an admin, then tries go on), not the mail's.
 */
function permanent(error: unknown): boolean {
  const e = error as { responseCode?: unknown; command?: unknown };
  const code = e.responseCode;
  const command = typeof e.command === 'string' ? e.command.toUpperCase() : '';
  return (
    typeof code === 'number' &&
    code >= 500 &&
    code < 600 &&
    (command.startsWith('RCPT') || command === 'DATA' || command.startsWith('MAIL'))
  );
}

const HOLDER = statement('email_ticket_holder', `SELECT assigned_agent_id AS "agentId" FROM tickets WHERE id = $1`);

/**
 * Sends outbound mail: one BullMQ job per round, retried with exponential backoff. The mail is
 * composed once (Message-ID, In-Reply-To, References, reply address, text and HTML) and kept, so
 * every try sends the same bytes. With no relay configured it is written as an `.eml` file under
 * `<DATA_DIR>/mail/outbox` and marked not sent. Each outcome reaches the agent's desk at once.
 */
@Processor(EMAIL_QUEUE, { concurrency: 4 })
export class EmailSender extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmailSender.name);
  private readonly transport: Transporter | null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** The outbox directory, made once. */
  private outboxMade: Promise<void> | null = null;

  constructor(
    private readonly work: TicketWork,
    private readonly store: AttachmentStore,
    private readonly outbox: MailOutbox,
    @InjectQueue(EMAIL_QUEUE) private readonly queue: Queue,
    @Inject(REALTIME_EMITTER) private readonly emitter: RealtimeEmitter,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
    this.transport = config.email.relayUrl
      ? nodemailer.createTransport({
          ...parseConnectionUrl(config.email.relayUrl),
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : null;
  }

  onApplicationBootstrap(): void {
    if (this.config.email.reconcileSeconds === 0) return;
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.email.reconcileSeconds * 1000);
    this.reconcileTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.transport?.close();
  }

  /**
   * Queued mail untouched for a while: a job lost before Redis took it is queued again under its
   * round's id; a job that ended without recording an answer (its worker died on the last try)
   * leaves the mail failed, so staff can send it again.
   */
  async reconcile(): Promise<number> {
    try {
      const stale = await staleQueuedMail(this.work.sql, RECONCILE_AFTER_SECONDS);
      for (const mail of stale) {
        const job = await this.queue.getJob(sendJobId(mail.messageId, mail.round));
        const state = job ? await job.getState() : 'missing';
        if (state === 'missing' || state === 'unknown') await this.outbox.enqueue(mail.messageId, mail.round);
        else if (state === 'failed' || state === 'completed') {
          await this.settle(
            { messageId: mail.messageId, round: mail.round },
            'failed',
            job?.failedReason || 'the send ended without an answer from the relay',
          );
        }
      }
      return stale.length;
    } catch (error) {
      this.logger.warn(`mail reconcile failed: ${String(error)}`);
      return 0;
    }
  }

  async process(job: Job<SendMailJob & { sent?: string }>): Promise<string> {
    const { messageId, round } = job.data;
    const last = () => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // Sent on an earlier try whose answer could not be recorded: record it, never send again.
    if (job.data.sent !== undefined) {
      await this.settle({ messageId, round }, 'sent', job.data.sent);
      return 'sent';
    }
    let mail: OutboundMail | null;
    let raw: Buffer;
    try {
      mail = await outboundMail(this.work.sql, messageId);
      if (!mail || mail.state !== 'queued' || mail.round !== round) return 'nothing to send';
      raw = await this.composed(mail);
      if (!this.transport) {
        const path = await this.keepUnsent(mail, raw);
        await this.settle(mail, 'not_sent', `no mail relay is configured (SMTP_RELAY_URL): kept as ${path}`, false);
        return 'kept';
      }
    } catch (error) {
      // Our side failed (the database, a stored file): on the last try the mail shows failed.
      if (last()) await this.settle({ messageId, round }, 'failed', `could not be prepared: ${String(error)}`, false);
      throw error;
    }
    let info: { response?: string; rejected?: unknown[]; rejectedErrors?: unknown[] };
    try {
      info = (await this.transport.sendMail({
        envelope: { from: mail.fromAddress, to: [...mail.toAddresses, ...mail.ccAddresses] },
        raw,
      })) as typeof info;
    } catch (error) {
      const final = permanent(error) || last();
      await this.settle(mail, final ? 'failed' : 'queued', relayAnswer(error)).catch(() => undefined);
      if (permanent(error)) throw new UnrecoverableError(relayAnswer(error));
      throw error;
    }
    // The customer's own address refused while a copy went: the reply did not reach them.
    const rejected = (info.rejected ?? []).map((r) => String(r).toLowerCase());
    const answer = rejected.includes(mail.toAddresses[0]!)
      ? {
          state: 'failed' as const,
          response: relayAnswer(info.rejectedErrors?.[0] ?? `refused ${mail.toAddresses[0]}`),
        }
      : { state: 'sent' as const, response: info.response ?? '250 OK' };
    await job.updateData({ ...job.data, sent: answer.response }).catch(() => undefined);
    await this.settle(mail, answer.state, answer.response);
    return answer.state;
  }

  /** Records a try's outcome (if the mail is still queued in that round) and tells the agent holding the ticket. */
  private async settle(
    mail: Pick<OutboundMail, 'messageId' | 'round'>,
    state: 'queued' | 'sent' | 'failed' | 'not_sent',
    response: string,
    tried = true,
  ): Promise<void> {
    const changed = await recordSend(this.work.sql, mail.messageId, mail.round, state, response, tried);
    if (!changed) return;
    const row = await messageById(this.work.sql, mail.messageId);
    const agentId = row ? await this.holderOf(row.ticketId) : null;
    if (row && agentId) {
      this.emitter
        .to(rooms.agent(agentId))
        .emit('message.updated', { ticketId: row.ticketId, message: messageView(row) });
    }
  }

  private async holderOf(ticketId: string): Promise<string | null> {
    const [row] = await this.work.sql.query<{ agentId: string | null }>(HOLDER, [ticketId]);
    return row?.agentId ?? null;
  }

  /** The mail's bytes: composed at the first try and kept, so every try (and QA) sees the same mail. */
  private async composed(mail: OutboundMail): Promise<Buffer> {
    if (mail.rawKey) return bytesOf(this.store.open(mail.rawKey));
    const attachments = await Promise.all(
      mail.attachments.map(async (a) => ({
        filename: a.name,
        contentType: a.contentType,
        content: await bytesOf(this.store.open(a.storageKey)),
      })),
    );
    const language: EmailLanguage = mail.language === 'tr' || mail.language === 'fa' ? mail.language : 'en';
    const marker = REPLY_MARKER[language];
    const reference = `SB-${mail.number}`;
    const text = `${marker}\n\n${mail.body}\n\n— ${mail.queueName} · ${reference}\n`;
    const html =
      `<div style="color:#868e96;font-size:12px">${textToHtml(marker)}</div>` +
      `<div>${textToHtml(mail.body)}</div>` +
      `<div style="color:#868e96;font-size:12px">${textToHtml(`— ${mail.queueName} · ${reference}`)}</div>`;
    const composer = new MailComposer({
      from: { name: mail.queueName, address: mail.fromAddress },
      to: mail.toAddresses,
      cc: mail.ccAddresses,
      ...(mail.replyTo ? { replyTo: replyAddress(mail.fromAddress, mail.replyTo) } : {}),
      subject: mail.subject,
      messageId: `<${mail.rfcId}>`,
      ...(mail.inReplyTo ? { inReplyTo: `<${mail.inReplyTo}>` } : {}),
      ...(mail.references.length > 0 ? { references: mail.references.map((r) => `<${r}>`) } : {}),
      date: mail.at,
      text,
      html,
      attachments,
      headers: {
        'X-Switchboard-Ticket': reference,
        // The acknowledgement is automatic: other systems must not answer it (no auto-reply loops).
        ...(mail.authorKind === 'system' ? { 'Auto-Submitted': 'auto-replied' } : {}),
      },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const bytes = await composer.compile().build();
    const key = await this.store.put(bytes, new Date());
    const kept = await keepRawMail(this.work.sql, mail.messageId, key);
    if (kept !== key) {
      await this.store.remove(key).catch(() => undefined);
      if (kept) return bytesOf(this.store.open(kept));
    }
    return bytes;
  }

  /** No relay: the mail as a file a person can open (README, E-mail), under `<DATA_DIR>/mail/outbox`. */
  private async keepUnsent(mail: OutboundMail, raw: Buffer): Promise<string> {
    const directory = resolve(this.config.dataDir, 'mail', 'outbox');
    this.outboxMade ??= mkdir(directory, { recursive: true, mode: 0o700 }).then(() => undefined);
    await this.outboxMade.catch((error: unknown) => {
      this.outboxMade = null;
      throw error;
    });
    const file = join(directory, `SB-${mail.number}-${mail.messageId}.eml`);
    await writeFile(file, raw, { mode: 0o600 });
    return relative(process.cwd(), file) || file;
  }
}
