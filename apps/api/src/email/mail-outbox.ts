import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { newThreadToken, replySubject } from '@switchboard/domain';
import { replyContext, type EmailRow, type NewMessage, type TicketRow } from '@switchboard/persistence';
import type { WorkTx } from '@switchboard/work';
import type { JobsOptions, Queue } from 'bullmq';
import { InjectConfig } from '../common/app-config.js';

export const EMAIL_QUEUE = 'email';

/** One send of an outbound mail: its message and the round (each retry by staff is a new round). */
export interface SendMailJob {
  messageId: string;
  round: number;
}

/** A reply's References carry the thread's first mail and its newest ones, at most this many in all. */
const MAX_REFERENCES = 20;

/** The job id of a round: the same round queued twice (a reconcile after a crash) is one job. */
export function sendJobId(messageId: string, round: number): string {
  return `mail-${messageId}-${round}`;
}

/** The Message-ID domain: the configured one, else the queue address's. */
export function messageIdDomain(config: AppConfig, queueAddress: string): string {
  return config.email.domain ?? queueAddress.slice(queueAddress.lastIndexOf('@') + 1);
}

/** Who an outbound mail goes to and what it says, beyond the message itself. */
export interface MailHeaders {
  /** The mail's subject; default: "Re: <thread subject> [SB-n]". */
  subject?: string;
}

/**
 * Turns a public message on an e-mail ticket into an outbound mail: written with the message in
 * the same unit of work (state `queued`), sent by a BullMQ job after the commit (EmailSender). A
 * job lost to a crash between the two is queued again by the sender's reconcile.
 */
@Injectable()
export class MailOutbox {
  private readonly logger = new Logger(MailOutbox.name);

  constructor(
    @InjectQueue(EMAIL_QUEUE) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Writes the mail beside `message` (the ticket is locked by the caller). A ticket opened by a
   * connector or staff as channel email gets its thread on its first reply, from the customer's
   * and the queue's addresses; without either there is nobody to write to (409).
   */
  async prepare(tx: WorkTx, ticket: TicketRow, message: NewMessage, headers: MailHeaders = {}): Promise<EmailRow> {
    const context = await replyContext(tx, ticket.id);
    if (!context) throw new ConflictException(`ticket ${ticket.id} does not exist`);
    let thread = context.thread;
    if (!thread) {
      if (!context.customerEmail) {
        throw new ConflictException(
          'this e-mail ticket\u2019s customer has no e-mail address: there is nobody to send it to',
        );
      }
      if (!context.queueEmail) {
        throw new ConflictException(
          `queue ${ticket.queue.key} has no e-mail address to send from: an admin sets one (PATCH /api/queues/${ticket.queue.key})`,
        );
      }
      thread = {
        token: newThreadToken(),
        customerAddress: context.customerEmail,
        cc: [],
        queueAddress: context.queueEmail,
        subject: context.ticketSubject,
        followsTicketId: null,
        followsNumber: null,
      };
      tx.insertEmailThread({
        ticketId: ticket.id,
        token: thread.token,
        customerAddress: thread.customerAddress,
        cc: [],
        queueAddress: thread.queueAddress,
        subject: thread.subject,
        followsTicketId: null,
        at: message.at,
      });
    }
    return this.write(tx, ticket.id, message, {
      thread,
      number: context.number,
      references: context.references,
      inReplyTo: context.lastInbound ?? context.references.at(-1) ?? null,
      subject: headers.subject,
    });
  }

  /**
   * Writes the mail beside `message` from what the caller knows already: the thread, the
   * ticket's Message-IDs oldest first and the one it answers (a new ticket's acknowledgement,
   * whose thread is written in the same unit of work, has nothing to read yet).
   */
  write(
    tx: WorkTx,
    ticketId: string,
    message: NewMessage,
    mail: {
      thread: { customerAddress: string; cc: string[]; queueAddress: string; subject: string };
      number: number;
      references: readonly string[];
      inReplyTo: string | null;
      subject?: string;
    },
  ): EmailRow {
    const all = mail.references;
    const references = all.length > MAX_REFERENCES ? [all[0]!, ...all.slice(-(MAX_REFERENCES - 1))] : [...all];
    return tx.addMail({
      messageId: message.id,
      ticketId,
      rfcId: `${randomUUID()}@${messageIdDomain(this.config, mail.thread.queueAddress)}`,
      direction: 'outbound',
      fromAddress: mail.thread.queueAddress,
      toAddresses: [mail.thread.customerAddress],
      ccAddresses: mail.thread.cc,
      subject: mail.subject ?? replySubject(mail.thread.subject, mail.number),
      inReplyTo: mail.inReplyTo,
      references,
      quoted: null,
      refused: [],
      rawKey: null,
      state: 'queued',
      at: message.at,
    });
  }

  /** After the commit: the round's send job. A failure here is repaired by the reconcile (the mail stays queued). */
  async enqueue(messageId: string, round = 0): Promise<void> {
    const options: JobsOptions = {
      jobId: sendJobId(messageId, round),
      attempts: this.config.email.sendAttempts,
      backoff: { type: 'exponential', delay: this.config.email.retryBaseMs },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    try {
      await this.queue.add('send', { messageId, round } satisfies SendMailJob, options);
    } catch (error) {
      this.logger.warn(`mail ${messageId} stays queued until the reconcile: ${String(error)}`);
    }
  }
}
