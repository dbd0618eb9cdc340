import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EMAIL_QUEUE, MailOutbox } from './mail-outbox.js';

/** The outbound mail queue: conversations write mail into it, the e-mail module sends it. */
@Module({
  imports: [BullModule.registerQueue({ name: EMAIL_QUEUE })],
  providers: [MailOutbox],
  exports: [MailOutbox, BullModule],
})
export class MailOutboxModule {}
