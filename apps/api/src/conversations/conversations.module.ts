import { Module } from '@nestjs/common';
import { MailOutboxModule } from '../email/mail-outbox.module.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

/** Conversations: the messages of tickets. The web chat and e-mail build on it. */
@Module({
  imports: [MailOutboxModule],
  controllers: [MessagesController],
  providers: [MessagesService],
  exports: [MessagesService],
})
export class ConversationsModule {}
