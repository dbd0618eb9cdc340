import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { EmailController } from './email.controller.js';
import { EmailInboundService } from './email-inbound.service.js';
import { EmailSender } from './email-sender.js';
import { EmailService } from './email.service.js';
import { MailOutboxModule } from './mail-outbox.module.js';
import { SmtpInbound } from './smtp-inbound.js';

/** E-mail as a channel: SMTP in (SmtpInbound), mail out (EmailSender), the desk's endpoints. */
@Module({
  imports: [MailOutboxModule, ConversationsModule, TicketsModule],
  controllers: [EmailController],
  providers: [EmailInboundService, EmailSender, EmailService, SmtpInbound],
  exports: [SmtpInbound, EmailSender],
})
export class EmailModule {}
