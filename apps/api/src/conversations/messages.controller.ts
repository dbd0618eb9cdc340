import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { CreateMessageResponse, MessagePage } from '@switchboard/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import {
  CreateMessageDto,
  CreateMessageResponseDto,
  MarkReadDto,
  MessagePageDto,
  MessagesQueryDto,
} from './message.dto.js';
import { MessagesService } from './messages.service.js';

/** A ticket's conversation (contract: Conversations). */
@ApiTags('conversations')
@Controller('tickets')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Can('message.read')
  @Get(':id/messages')
  @ApiOperationDoc({
    id: 'listTicketMessages',
    summary: "Read a ticket's conversation",
    description:
      'Oldest first, after `after` (a `nextCursor`, or the `seq` of the last message the client has). The agent ' +
      'working on the ticket, supervisors, QA and admins read it with its internal notes; a connector reads the ' +
      'public messages of the tickets it created. An agent whose part is over gets 403; anyone else 404.',
    ok: MessagePageDto,
    errors: [400, 404],
  })
  list(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: MessagesQueryDto,
    @CurrentUser() viewer: AuthUser,
  ): Promise<MessagePage> {
    return this.messages.list(id, query.after === undefined ? 0 : Number(query.after), query.limit, viewer);
  }

  @Can('message.write')
  @Post(':id/messages')
  @ApiOperationDoc({
    id: 'addTicketMessage',
    summary: 'Add a message to a ticket',
    description:
      'Staff: `visibility` `public` (a reply to the customer, while the ticket is in progress, by the agent ' +
      'holding it or a supervisor) or `internal` (a note). Connectors (`integration`): the customer\u2019s message, ' +
      '`direction: "inbound"`, on a ticket they created and that is still open; a repeated `externalId` returns ' +
      'the same message with 200 (with a different body, 409).',
    status: 201,
    ok: CreateMessageResponseDto,
    okDescription: 'Message added; it is on the ticket\u2019s timeline.',
    also: [
      { status: 200, type: CreateMessageResponseDto, description: 'A connector\u2019s repeat: the same message.' },
    ],
    errors: [400, 404, 409, 413, 415],
  })
  async post(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CreateMessageDto,
    @CurrentUser() actor: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreateMessageResponse> {
    const { message, created } = await this.messages.post(id, body, actor);
    res.status(created ? 201 : 200);
    return { message };
  }

  @Can('ticket.work')
  @Post(':id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiOperationDoc({
    id: 'attachToTicket',
    summary: 'Send a file in the conversation',
    description:
      'A multipart form: `file` (an image or a PDF, the type read from its content; at most ATTACHMENT_MAX_BYTES), ' +
      '`visibility` (`public` to the customer, `internal` as a note) and an optional `body`. By the agent holding ' +
      'the ticket or a supervisor. A refused file is not kept.',
    status: 201,
    ok: CreateMessageResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  async attach(
    @Param('id', uuidParam('id')) id: string,
    @Req() req: FastifyRequest,
    @CurrentUser() actor: AuthUser,
  ): Promise<CreateMessageResponse> {
    const upload = await this.attachments.receive(req);
    if (upload.visibility !== 'public' && upload.visibility !== 'internal') {
      await this.attachments.discard(upload);
      throw new BadRequestException(['visibility must be one of public, internal (public goes to the customer)']);
    }
    try {
      return {
        message: await this.messages.postFile(id, upload.visibility, upload.body, upload.attachment, actor),
      };
    } catch (error) {
      await this.attachments.discard(upload);
      throw error;
    }
  }

  @Can('ticket.work')
  @Post(':id/messages/read')
  @HttpCode(204)
  @ApiOperationDoc({
    id: 'markTicketMessagesRead',
    summary: "Mark the customer's messages read",
    description:
      'Up to `seq`, by the agent holding the ticket (or a supervisor). On a web chat the customer sees the read mark.',
    status: 204,
    errors: [400, 404, 409],
  })
  async markRead(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: MarkReadDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<void> {
    await this.messages.markRead(id, body.seq, actor);
  }
}
