import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type {
  ChatSessionState,
  CreateChatSessionResponse,
  CreateMessageResponse,
  MessagePage,
} from '@switchboard/contracts';
import type { ChatSessionRow } from '@switchboard/persistence';
import type { FastifyRequest } from 'fastify';
import { ATTACHMENT_MEDIA_TYPES, AttachmentsService } from '../attachments/attachments.service.js';
import { Public } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { ApiOperationDoc } from '../common/openapi.js';
import {
  CreateMessageResponseDto,
  MarkReadDto,
  MessagePageDto,
  MessagesQueryDto,
} from '../conversations/message.dto.js';
import { ChatLimits, ChatRequestLimitGuard, ChatSessionLimitGuard } from './chat-limits.js';
import { ownOrigin } from './chat-origins.js';
import {
  ChatSessionStateDto,
  CreateChatMessageDto,
  CreateChatSessionDto,
  CreateChatSessionResponseDto,
} from './chat.dto.js';
import { ChatService } from './chat.service.js';
import { CurrentChat, CustomerTokenGuard } from './customer-token.js';

const TOKEN_NOTE =
  ' Takes the customer token of `POST /api/chat/sessions` as `Authorization: Bearer <customerToken>`: it opens ' +
  'that one conversation and nothing else.';

/**
 * The customer's web chat (contract: The customer's side). Public: strangers call it, so every
 * request counts against its address, new chats and messages have limits of their own, and
 * bodies are small (48 KiB).
 */
@ApiTags('chat')
@Public()
@UseGuards(ChatRequestLimitGuard)
@Controller('chat')
export class ChatController {
  constructor(
    private readonly chats: ChatService,
    private readonly limits: ChatLimits,
    private readonly attachments: AttachmentsService,
  ) {}

  @Post('sessions')
  @UseGuards(ChatSessionLimitGuard)
  @ApiOperationDoc({
    id: 'openChat',
    summary: 'Open a web chat',
    description:
      'A customer opens a conversation with its first message: a chat ticket in the queue, and a customer token ' +
      'for the rest of it. Pages of other sites may open it only when the queue lists their origin. Limited per ' +
      'address (CHAT_SESSIONS_PER_IP_PER_MINUTE).',
    public: true,
    status: 201,
    ok: CreateChatSessionResponseDto,
    errors: [400, 403, 413, 415, 429],
  })
  async open(@Body() body: CreateChatSessionDto, @Req() req: FastifyRequest): Promise<CreateChatSessionResponse> {
    return this.chats.open(body, { origin: req.headers.origin, own: ownOrigin(req) });
  }

  @Get('session')
  @UseGuards(CustomerTokenGuard)
  @ApiOperationDoc({
    id: 'chatState',
    summary: 'Where the chat stands',
    description:
      'Waiting (with position and estimate), with an agent, or ended; and the newest message number.' + TOKEN_NOTE,
    customerToken: true,
    ok: ChatSessionStateDto,
    errors: [429],
  })
  state(@CurrentChat() chat: ChatSessionRow): Promise<ChatSessionState> {
    return this.chats.state(chat);
  }

  @Get('messages')
  @UseGuards(CustomerTokenGuard)
  @ApiOperationDoc({
    id: 'chatMessages',
    summary: 'Read the conversation',
    description: 'Public messages, oldest first, after `after` (the last `seq` the page has).' + TOKEN_NOTE,
    customerToken: true,
    ok: MessagePageDto,
    errors: [400, 429],
  })
  list(@CurrentChat() chat: ChatSessionRow, @Query() query: MessagesQueryDto): Promise<MessagePage> {
    return this.chats.list(chat, query.after === undefined ? 0 : Number(query.after), query.limit);
  }

  @Post('messages')
  @UseGuards(CustomerTokenGuard)
  @ApiOperationDoc({
    id: 'chatSend',
    summary: 'Write in the chat',
    description:
      'The customer\u2019s message; 409 once the conversation has ended. Limited per conversation ' +
      '(CHAT_MESSAGES_PER_MINUTE).' +
      TOKEN_NOTE,
    customerToken: true,
    status: 201,
    ok: CreateMessageResponseDto,
    errors: [400, 409, 413, 415, 429],
  })
  async post(@CurrentChat() chat: ChatSessionRow, @Body() body: CreateChatMessageDto): Promise<CreateMessageResponse> {
    await this.limits.message(chat.id);
    return { message: await this.chats.post(chat, body.body) };
  }

  @Post('attachments')
  @UseGuards(CustomerTokenGuard)
  @ApiConsumes('multipart/form-data')
  @ApiOperationDoc({
    id: 'chatAttach',
    summary: 'Send a file in the chat',
    description:
      'A multipart form: `file` (an image or a PDF, the type read from its content; at most ATTACHMENT_MAX_BYTES) ' +
      'and an optional `body`. Counts as a message against the chat\u2019s limit.' +
      TOKEN_NOTE,
    customerToken: true,
    status: 201,
    ok: CreateMessageResponseDto,
    errors: [400, 409, 413, 415, 429],
  })
  async attach(@CurrentChat() chat: ChatSessionRow, @Req() req: FastifyRequest): Promise<CreateMessageResponse> {
    await this.limits.message(chat.id);
    const upload = await this.attachments.receive(req, await this.attachments.chatQuota(chat.ticketId));
    try {
      return { message: await this.chats.post(chat, upload.body, [upload.attachment]) };
    } catch (error) {
      await this.attachments.discard(upload);
      throw error;
    }
  }

  @Get('attachments/:id')
  @UseGuards(CustomerTokenGuard)
  @Header('content-security-policy', "default-src 'none'; sandbox")
  @ApiOperationDoc({
    id: 'chatAttachment',
    summary: 'Download a file of the chat',
    description: 'A file of this conversation\u2019s public messages.' + TOKEN_NOTE,
    customerToken: true,
    file: ATTACHMENT_MEDIA_TYPES,
    errors: [400, 404, 429],
  })
  download(@CurrentChat() chat: ChatSessionRow, @Param('id', uuidParam('id')) id: string): Promise<StreamableFile> {
    return this.attachments.forCustomer(id, chat);
  }

  @Post('read')
  @HttpCode(204)
  @UseGuards(CustomerTokenGuard)
  @ApiOperationDoc({
    id: 'chatRead',
    summary: 'Mark the agent\u2019s messages read',
    description: 'Up to `seq` (the socket\u2019s `chat.read` does the same).' + TOKEN_NOTE,
    customerToken: true,
    status: 204,
    errors: [400, 429],
  })
  async read(@CurrentChat() chat: ChatSessionRow, @Body() body: MarkReadDto): Promise<void> {
    await this.chats.read(chat, body.seq);
  }

  @Post('leave')
  @HttpCode(204)
  @UseGuards(CustomerTokenGuard)
  @ApiOperationDoc({
    id: 'chatLeave',
    summary: 'Leave the chat',
    description:
      'While waiting, the ticket is abandoned; with an agent, the agent is told. The token then only reads.' +
      TOKEN_NOTE,
    customerToken: true,
    status: 204,
    errors: [429],
  })
  async leave(@CurrentChat() chat: ChatSessionRow): Promise<void> {
    await this.chats.leave(chat);
  }
}
