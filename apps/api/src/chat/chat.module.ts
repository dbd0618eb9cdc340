import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { ChatLimits, ChatRequestLimitGuard, ChatSessionLimitGuard } from './chat-limits.js';
import { ChatOrigins } from './chat-origins.js';
import { ChatController } from './chat.controller.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatService } from './chat.service.js';
import { CustomerTokenGuard, CustomerTokens } from './customer-token.js';

/** The customer's web chat: its public REST routes and its socket namespace. */
@Module({
  imports: [TicketsModule, ConversationsModule, SurveysModule],
  controllers: [ChatController],
  providers: [
    ChatService,
    ChatOrigins,
    ChatLimits,
    ChatRequestLimitGuard,
    ChatSessionLimitGuard,
    CustomerTokens,
    CustomerTokenGuard,
    ChatGateway,
  ],
  exports: [ChatOrigins],
})
export class ChatModule {}
