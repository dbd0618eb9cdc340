import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { MESSAGE_BODY_MAX, type EmailLanguage } from '@switchboard/contracts';
import {
  automaticMailReason,
  DEFAULT_ACKNOWLEDGEMENT,
  guessLanguage,
  newThreadToken,
  parseAddress,
  renderTemplate,
  splitQuoted,
  ticketNumberInSubject,
} from '@switchboard/domain';
import {
  followUpOf,
  lockTicket,
  mailQueueById,
  placeOfMail,
  queuesByAddress,
  ticketOfToken,
  type MailQueue,
  type NewAttachment,
  type NewEmailMessage,
} from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { AttachmentStore } from '../attachments/attachment-store.js';
import {
  ACCEPTED,
  ATTACHMENT_TYPES,
  AttachmentsService,
  displayName,
  fileType,
} from '../attachments/attachments.service.js';
import { InjectConfig } from '../common/app-config.js';
import { MessagesService } from '../conversations/messages.service.js';
import { RateLimits } from '../rate-limits/rate-limits.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
import { TicketTransferService } from '../tickets/ticket-transfer.service.js';
import { MailOutbox } from './mail-outbox.js';

/** Files kept from one mail; the rest are listed as refused. */
const MAX_FILES = 10;
/** How many of a mail's References are looked up (the most direct first). */
const MAX_REFERENCES = 50;
/** A follow-up of a follow-up…: how far a reply to an old thread is followed to the ticket now open. */
const MAX_FOLLOWS = 5;

/** What became of one mail. */
export type InboundOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'duplicate'; ticketId: string; messageId: string }
  | { kind: 'created'; ticketId: string; messageId: string; follows: string | null }
  | { kind: 'added'; ticketId: string; messageId: string; reopened: boolean };

/** The SMTP envelope: who the sending server says it is from and the accepted recipients. */
export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

/** A refusal the SMTP conversation answers with its code (550 unknown mailbox, 451 try later). */
export class SmtpRefusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Sender {
  address: string;
  name: string | null;
}

interface ReadMail {
  rfcId: string;
  sender: Sender;
  subject: string;
  body: string;
  quoted: string | null;
  language: EmailLanguage;
  to: string[];
  cc: string[];
  inReplyTo: string | null;
  references: string[];
  attachments: NewAttachment[];
  refused: { name: string; reason: string }[];
  rawKey: string;
  /** false for list and bulk mail: kept, never answered automatically. */
  acknowledge: boolean;
}

/** Header text as one line: control characters (NUL among them, which text columns refuse) go. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what goes
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/**
 * A Message-ID as stored and looked up: without brackets and control characters; one too long
 * for the unique index (over 500 bytes) is kept as its SHA-256, the same for every mail citing it.
 */
function mailId(id: string): string {
  const clean = oneLine(id).replace(/^<|>$/g, '');
  return Buffer.byteLength(clean) > 500 ? `${createHash('sha256').update(clean).digest('hex')}@long-id.invalid` : clean;
}

/** A header's first value as text (a header given twice comes back as a list). */
function headerText(value: unknown): string | null {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

/** Addresses and refused files kept per mail; more are counted, not listed. */
const MAX_LISTED = 50;

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list
    .flatMap((a) => a.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a): a is { address: string; name: string } => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({
      address: oneLine(a.address).toLowerCase().slice(0, 320),
      name: oneLine(a.name ?? '').slice(0, 200),
    }))
    .filter((a) => a.address.includes('@'));
}

/** A message body as the conversation keeps it: no NUL (PostgreSQL text refuses it), within the message limit. */
function bodyText(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is the one character text columns cannot hold
  const clean = text.replace(/\u0000/g, '').trim();
  if (clean.length <= MESSAGE_BODY_MAX) return clean;
  const note = '\n\n[… cut here: the whole mail is in its original]';
  return clean.slice(0, MESSAGE_BODY_MAX - note.length) + note;
}

/**
 * Mail that reached a queue's address (SmtpInbound): a new thread opens a ticket in the queue, a
 * reply (In-Reply-To / References, or the reply address's token) joins its ticket, the same mail
 * twice is one message, and automatic mail (auto-replies, bounces) never opens or answers anything.
 */
@Injectable()
export class EmailInboundService {
  private readonly logger = new Logger(EmailInboundService.name);

  constructor(
    private readonly work: TicketWork,
    private readonly intake: TicketIntakeService,
    private readonly messages: MessagesService,
    private readonly transfers: TicketTransferService,
    private readonly outbox: MailOutbox,
    private readonly store: AttachmentStore,
    private readonly attachments: AttachmentsService,
    private readonly limits: RateLimits,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** RCPT TO: a queue's address (with or without a reply token) is accepted; anything else is not ours. */
  async accepts(recipient: string): Promise<boolean> {
    const parsed = parseAddress(recipient);
    if (!parsed) return false;
    const [queue] = await queuesByAddress(this.work.sql, [parsed.base]);
    if (queue && !queue.retired) return true;
    // A reply address of a thread whose queue changed its address since still reaches its ticket.
    return parsed.token !== null && (await ticketOfToken(this.work.sql, parsed.token)) !== null;
  }

  async receive(raw: Buffer, envelope: Envelope): Promise<InboundOutcome> {
    const parsed = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
    const from = addresses(parsed.from)[0] ?? null;
    const envelopeFrom = envelope.mailFrom?.trim().toLowerCase() || null;
    const automatic = automaticMailReason({
      headers: parsed.headers,
      envelopeFrom,
      from: from?.address ?? null,
      contentType: (parsed.headers.get('content-type') as { value?: string } | undefined)?.value ?? null,
    });
    // A list or bulk mail from a person is kept; only its acknowledgement is left out (RFC 3834).
    const bulk = automatic === 'precedence: list' || automatic === 'precedence: bulk';
    if (automatic && !bulk) return this.ignored(automatic, envelope);
    const sender = from ?? (envelopeFrom ? { address: envelopeFrom, name: '' } : null);
    if (!sender) return this.ignored('no sender address', envelope);

    const recipients = envelope.rcptTo.map((r) => parseAddress(r)).filter((r) => r !== null);
    const token = recipients.find((r) => r.token)?.token ?? null;
    const rfcId = parsed.messageId
      ? mailId(parsed.messageId)
      : `${createHash('sha256').update(raw).digest('hex')}@no-message-id.invalid`;
    const references = [
      ...new Set(
        [
          parsed.inReplyTo ?? '',
          ...[...(Array.isArray(parsed.references) ? parsed.references : [parsed.references ?? ''])].reverse(),
        ]
          .flatMap((r) => r.split(/\s+/))
          .filter(Boolean)
          .map(mailId),
      ),
    ].slice(0, MAX_REFERENCES);
    // One read: the Message-ID seen before, the ticket of the token or of a reference, our queues among the addresses.
    const lookedUp = [...new Set([...recipients.map((r) => r.base), sender.address])];
    const place = await placeOfMail(this.work.sql, rfcId, token, references, lookedUp);
    const ours = place.queues;
    // Our own mail coming back (a relay or a customer's rule sending it to us) must not loop.
    if (ours.some((q) => q.email === sender.address))
      return this.ignored('sent from one of our own addresses', envelope);
    const queue = recipients.map((r) => ours.find((q) => q.email === r.base && !q.retired)).find(Boolean) ?? null;
    if (place.seen) return { kind: 'duplicate', ticketId: place.seen.ticketId, messageId: place.seen.messageId };

    let ticketId = place.byToken ?? place.byReference;
    if (!ticketId && !queue) throw new SmtpRefusal(550, '5.1.1 no queue takes mail for these recipients');
    // Only the customer of the thread (or someone they copied) continues it; anyone else's mail
    // citing it (a forward answered, a colleague copied) never reopens it.
    const known = !place.thread || place.thread.customer === sender.address || place.thread.cc.includes(sender.address);

    let mail: ReadMail | null = null;
    try {
      mail = await this.read(parsed, raw, rfcId, sender, ours, references, bulk);
      for (let hop = 0; ticketId && hop <= MAX_FOLLOWS; hop++) {
        const joined = await this.join(ticketId, mail, known);
        if (joined.kind === 'added') return joined;
        // Closed past its FCR window: a newer ticket may already continue it.
        const next = await followUpOf(this.work.sql, ticketId);
        if (!next) {
          // The continuing ticket opens in the old ticket's queue while it takes mail, else where it was sent.
          const old = await mailQueueById(this.work.sql, joined.queueId);
          const continuing = old && !old.retired ? old : queue;
          if (!continuing)
            throw new SmtpRefusal(550, '5.1.1 this conversation is closed and no queue takes mail for it');
          return await this.open(continuing, mail, ticketId);
        }
        ticketId = next;
      }
      if (!queue) throw new SmtpRefusal(550, '5.1.1 this conversation could not be followed to an open ticket');
      return await this.open(queue, mail, null);
    } catch (error) {
      // Stored after all (the same mail at once on another connection, or a failure after the
      // commit): the mail is in, its files stay.
      const again = await placeOfMail(this.work.sql, rfcId, null, []).catch(() => null);
      if (again?.seen) return { kind: 'duplicate', ticketId: again.seen.ticketId, messageId: again.seen.messageId };
      if (mail) await this.discard(mail);
      throw error;
    }
  }

  private ignored(reason: string, envelope: Envelope): InboundOutcome {
    this.logger.log(`mail from ${envelope.mailFrom || '<>'} to ${envelope.rcptTo.join(', ')} ignored: ${reason}`);
    return { kind: 'ignored', reason };
  }

  /** Text, quoted history, files (through the attachment checks) and the raw mail, stored; none kept if it fails. */
  private async read(
    parsed: ParsedMail,
    raw: Buffer,
    rfcId: string,
    sender: Sender,
    ours: MailQueue[],
    references: string[],
    bulk: boolean,
  ): Promise<ReadMail> {
    const text = parsed.text ?? '';
    const split = splitQuoted(text);
    const to = addresses(parsed.to).map((a) => a.address);
    const cc = addresses(parsed.cc).map((a) => a.address);
    const attachments: NewAttachment[] = [];
    const refused: { name: string; reason: string }[] = [];
    // What is stored goes again if anything after it fails: a refused mail leaves no file behind.
    const kept: string[] = [];
    let rawKey: string;
    try {
      let unlisted = 0;
      const refuse = (name: string, reason: string) =>
        refused.length < MAX_LISTED ? refused.push({ name, reason }) : unlisted++;
      for (const file of parsed.attachments) {
        // Pictures inside an HTML body (a signature's logo) are part of the text, not files sent.
        if (file.related) continue;
        const name = displayName(file.filename);
        if (attachments.length >= MAX_FILES) {
          refuse(name, `only the first ${MAX_FILES} files of a mail are kept`);
          continue;
        }
        if (file.size > this.config.attachmentMaxBytes) {
          refuse(name, `larger than the limit of ${this.config.attachmentMaxBytes} bytes`);
          continue;
        }
        const type = await fileType(file.content);
        if (!type || !ATTACHMENT_TYPES[type]) {
          refuse(name, `${type ?? 'a type that is not recognised'}; accepted: ${ACCEPTED}`);
          continue;
        }
        const attachment = await this.attachments.keep(file.content, name, type);
        kept.push(attachment.storageKey);
        attachments.push(attachment);
      }
      if (unlisted > 0) refused.push({ name: `${unlisted} more files`, reason: 'not kept (see the original)' });
      rawKey = await this.store.put(raw, new Date());
      kept.push(rawKey);
    } catch (error) {
      for (const key of kept) await this.store.remove(key).catch(() => undefined);
      throw error;
    }
    const body = bodyText(split.reply) || (attachments.length > 0 ? '(files only)' : '(no text)');
    return {
      rfcId,
      sender: { address: sender.address.slice(0, 320), name: sender.name || null },
      subject: oneLine(parsed.subject ?? '')
        .replace(/\s+/g, ' ')
        .slice(0, 998),
      body,
      quoted: split.quoted ? bodyText(split.quoted) : null,
      language: guessLanguage({
        contentLanguage: headerText(parsed.headers.get('content-language')),
        text: split.reply,
      }),
      to: to.slice(0, MAX_LISTED),
      // Everyone else on the mail (To and Cc, our own addresses and plus-addresses left out) is copied on replies.
      cc: [...new Set([...to, ...cc])].filter((a) => !ours.some((q) => q.email === parseAddress(a)?.base)).slice(0, 10),
      inReplyTo: parsed.inReplyTo ? mailId(parsed.inReplyTo.split(/\s+/)[0] ?? '') || null : null,
      references,
      attachments,
      refused,
      rawKey,
      acknowledge: !bulk,
    };
  }

  private async discard(mail: ReadMail): Promise<void> {
    for (const key of [mail.rawKey, ...mail.attachments.map((a) => a.storageKey)]) {
      await this.store.remove(key).catch(() => undefined);
    }
  }

  private mailRow(mail: ReadMail): Omit<NewEmailMessage, 'messageId' | 'ticketId' | 'at'> {
    return {
      rfcId: mail.rfcId,
      direction: 'inbound',
      fromAddress: mail.sender.address,
      toAddresses: mail.to,
      ccAddresses: mail.cc,
      subject: mail.subject,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      quoted: mail.quoted,
      refused: mail.refused,
      rawKey: mail.rawKey,
      state: 'received',
    };
  }

  /**
   * Adds the mail to its ticket while it is open, or reopens it when resolved within the FCR
   * window (a repeat contact); a ticket closed longer ago (or abandoned) takes nothing, and its
   * queue is where the continuing ticket opens.
   */
  private async join(
    ticketId: string,
    mail: ReadMail,
    known: boolean,
  ): Promise<(InboundOutcome & { kind: 'added' }) | { kind: 'closed'; queueId: string }> {
    return this.work.run(async (tx) => {
      const ticket = await lockTicket(tx, ticketId);
      if (!ticket) throw new Error(`ticket ${ticketId} of a mail thread does not exist`);
      const now = new Date();
      const windowMs = this.config.fcrWindowDays * 86_400_000;
      // Someone other than the thread's customer writing about a resolved ticket is a new contact.
      const reopen =
        known &&
        ticket.status === 'resolved' &&
        ticket.resolvedAt !== null &&
        now.getTime() - ticket.resolvedAt.getTime() <= windowMs;
      if ((ticket.status === 'resolved' && !reopen) || ticket.status === 'abandoned') {
        return { kind: 'closed', queueId: ticket.queueId };
      }
      if (reopen) await this.transfers.reopenIn(tx, ticket, null, { note: null, via: 'email' }, now);
      const row = this.messages.addFromMail(
        tx,
        ticket,
        mail.body,
        mail.attachments,
        mail.sender.name,
        this.mailRow(mail),
      );
      return { kind: 'added', ticketId: ticket.id, messageId: row.id, reopened: reopen };
    });
  }

  /** A new thread (or one continuing a closed ticket): a ticket in the queue, with its thread and acknowledgement. */
  private async open(queue: MailQueue, mail: ReadMail, follows: string | null): Promise<InboundOutcome> {
    await this.limits
      .consume(
        { name: 'email-new-tickets', points: this.config.email.newTicketsPerSenderPerHour, windowSeconds: 3600 },
        mail.sender.address,
        'new tickets from this sender',
      )
      .catch((error: unknown) => {
        throw new SmtpRefusal(
          451,
          `4.7.1 too many new tickets from ${mail.sender.address}; try again later (${String((error as Error).message ?? error)})`,
        );
      });
    let messageId = '';
    let acknowledgement: string | null = null;
    const { ticket } = await this.intake.intake(
      {
        channel: 'email',
        queue: queue.key,
        subject: mail.subject.slice(0, 300) || mail.body.split('\n', 1)[0]!.slice(0, 80) || '(no subject)',
        customer: { email: mail.sender.address, ...(mail.sender.name ? { name: mail.sender.name.slice(0, 200) } : {}) },
      },
      undefined,
      { id: null, role: 'customer' },
      (tx, created) => {
        const thread = {
          customerAddress: mail.sender.address,
          cc: mail.cc.filter((a) => a !== mail.sender.address),
          queueAddress: queue.email,
          subject: mail.subject.slice(0, 300),
        };
        tx.insertEmailThread({
          ticketId: created.id,
          token: newThreadToken(),
          ...thread,
          followsTicketId: follows,
          at: new Date(),
        });
        messageId = this.messages.addFromMail(
          tx,
          created,
          mail.body,
          mail.attachments,
          mail.sender.name,
          this.mailRow(mail),
        ).id;
        // No acknowledgement to list mail, nor to a mail that quotes one of our references in its
        // subject as a new thread (a helpdesk answering ours without thread headers: no ping-pong).
        if (!queue.acknowledgement.enabled || !mail.acknowledge || ticketNumberInSubject(mail.subject) !== null) return;
        const template = queue.acknowledgement.templates?.[mail.language] ?? DEFAULT_ACKNOWLEDGEMENT[mail.language];
        // What the sender wrote goes into our mail only shortened: the acknowledgement is no way to relay text.
        const values = {
          customerName: (mail.sender.name ?? created.customer.name ?? '').slice(0, 60),
          ticketNumber: `SB-${created.number}`,
          subject: mail.subject.length > 80 ? `${mail.subject.slice(0, 79)}…` : mail.subject,
          queueName: queue.name,
        };
        const subject = renderTemplate(template.subject, values).replace(/\s+/g, ' ').trim().slice(0, 998);
        acknowledgement = this.messages.addSystemMail(tx, created, renderTemplate(template.body, values), (message) =>
          this.outbox.write(tx, created.id, message, {
            // To the sender alone: never to the addresses they copied.
            thread: { ...thread, cc: [] },
            number: created.number,
            references: [...mail.references].reverse().concat(mail.rfcId),
            inReplyTo: mail.rfcId,
            subject,
          }),
        ).id;
      },
    );
    if (acknowledgement) await this.outbox.enqueue(acknowledgement);
    return { kind: 'created', ticketId: ticket.id, messageId, follows };
  }
}
