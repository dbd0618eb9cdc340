import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { InjectConfig } from '../common/app-config.js';
import { RateLimits } from '../rate-limits/rate-limits.js';
import { EmailInboundService, SmtpRefusal } from './email-inbound.service.js';

/** Recipients one mail may have (RFC 5321 asks servers to take at least 100; a support queue needs far fewer). */
const MAX_RECIPIENTS = 20;
/** Mails one connection may carry before it must connect again (and count again against its host's limit). */
const MAX_MAILS_PER_CONNECTION = 20;

function refusal(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The stack's SMTP listener (`smtp-server`) on SMTP_HOST:SMTP_PORT: mail to a queue's address
 * is taken; any other recipient is refused at RCPT (550), a mail over SMTP_MAX_BYTES at DATA
 * (552), a host connecting too often at once (421). The mail is stored before the 250: a failure
 * answers 451, and the sending server tries again later.
 */
@Injectable()
export class SmtpInbound implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpInbound.name);
  private server: SMTPServer | null = null;

  constructor(
    private readonly inbound: EmailInboundService,
    private readonly limits: RateLimits,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Where it listens (null when SMTP_INBOUND is off or it could not listen). */
  address(): { host: string; port: number } | null {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    return address ? { host: address.address, port: address.port } : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.email.inbound) return;
    const { host, port, maxBytes } = this.config.email;
    const server = new SMTPServer({
      banner: 'Switchboard',
      logger: false,
      // Plain SMTP on the host's loopback (or behind the organisation's own MX): no login, no TLS here.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: maxBytes,
      // Each connection may hold a whole mail (up to SMTP_MAX_BYTES) in memory: 50 at once at most.
      maxClients: 50,
      socketTimeout: 60_000,
      closeTimeout: 10_000,
      onConnect: (session, callback) => {
        // The organisation's own mail gateway delivers everything from one address: not limited.
        if (this.config.email.trustedIps.includes(session.remoteAddress)) {
          callback();
          return;
        }
        this.limits
          .consume(
            { name: 'smtp-connections', points: this.config.email.connectionsPerIpPerMinute, windowSeconds: 60 },
            session.remoteAddress,
            'connections',
          )
          .then(
            () => callback(),
            () => callback(refusal(421, '4.7.0 too many connections from your address; try again later')),
          );
      },
      onMailFrom: (_address, session, callback) => {
        callback(
          session.transaction > MAX_MAILS_PER_CONNECTION
            ? refusal(421, `4.7.0 at most ${MAX_MAILS_PER_CONNECTION} mails per connection; connect again`)
            : undefined,
        );
      },
      onRcptTo: (address, session, callback) => {
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
          callback(refusal(452, `4.5.3 at most ${MAX_RECIPIENTS} recipients per mail`));
          return;
        }
        this.inbound.accepts(address.address).then(
          (ok) => callback(ok ? undefined : refusal(550, `5.1.1 <${address.address}>: no such mailbox here`)),
          (error: unknown) => {
            this.logger.warn(`RCPT check failed: ${String(error)}`);
            callback(refusal(451, '4.3.0 temporary failure; try again later'));
          },
        );
      },
      onData: (stream, session, callback) => void this.data(stream, session, callback),
    });
    server.on('error', (error) => this.logger.warn(`SMTP: ${String(error)}`));
    try {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.removeListener('error', reject);
          resolve();
        });
      });
      this.server = server;
      const at = this.address();
      this.logger.log(`SMTP listening on ${at?.host}:${at?.port}`);
    } catch (error) {
      // The api serves without mail rather than not at all; the log says why.
      this.logger.error(
        `SMTP could not listen on ${host}:${port} (${String(error)}): mail to the queues is not received`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async data(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        // Past the limit the rest is read and dropped: the answer comes after the whole DATA.
        if (size <= this.config.email.maxBytes) chunks.push(chunk as Buffer);
      }
    } catch (error) {
      callback(refusal(451, `4.3.0 could not read the mail: ${String(error)}`));
      return;
    }
    if (stream.sizeExceeded || size > this.config.email.maxBytes) {
      callback(refusal(552, `5.3.4 mail is larger than the limit of ${this.config.email.maxBytes} bytes`));
      return;
    }
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
    try {
      const outcome = await this.inbound.receive(Buffer.concat(chunks), {
        mailFrom,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      });
      // Nothing about the ticket goes back to whoever sent it.
      this.logger.debug(`mail from ${mailFrom ?? '<>'}: ${outcome.kind}`);
      callback(null, '2.0.0 accepted');
    } catch (error) {
      if (error instanceof SmtpRefusal) {
        callback(refusal(error.responseCode, error.message));
        return;
      }
      this.logger.error(`mail from ${mailFrom ?? '<>'} not stored: ${String(error)}`);
      callback(refusal(451, '4.3.0 the mail could not be stored; try again later'));
    }
  }
}
