import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { EmailThread, RetryEmailResponse } from '@switchboard/contracts';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { CreateMessageResponseDto } from '../conversations/message.dto.js';
import { EmailService } from './email.service.js';
import type { StreamableFile } from '@nestjs/common';

class FollowsDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ type: 'integer' }) number: number;
}

class EmailThreadDto implements EmailThread {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ description: 'The customer\u2019s address: replies go there.' }) to: string;
  @ApiProperty({ type: [String], description: 'Others on the customer\u2019s mail: replies copy them.' }) cc: string[];
  @ApiProperty({ description: 'The queue address replies are sent from.' }) from: string;
  @ApiProperty({ description: '<queue>+<token>@…: brings the answer back when thread headers are lost.' })
  replyTo: string;
  @ApiProperty() subject: string;
  @ApiPropertyOptional({ type: FollowsDto, description: 'The earlier ticket this one continues.' })
  follows?: FollowsDto;
}

/** E-mail on the desk (contract: The customer's side, e-mail). */
@ApiTags('conversations')
@Controller('tickets')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Can('message.read')
  @Get(':id/email')
  @ApiOperationDoc({
    id: 'getTicketEmailThread',
    summary: 'Who a reply on an e-mail ticket goes to',
    description:
      'The customer\u2019s address, the others copied, the queue address replies come from and the reply address ' +
      'with the ticket\u2019s token. 404 for a ticket with no e-mail thread.',
    ok: EmailThreadDto,
    errors: [400, 403, 404],
  })
  thread(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<EmailThread> {
    return this.email.thread(id, viewer);
  }

  @Can('ticket.work')
  @Post(':id/messages/:messageId/retry')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'retryTicketEmail',
    summary: 'Send a failed mail again',
    description:
      'A reply whose mail failed (or was kept as a file with no relay) goes to the relay again, with the same ' +
      'Message-ID and content. By the agent holding the ticket or a supervisor; 409 when it is not failed or unsent.',
    status: 200,
    ok: CreateMessageResponseDto,
    errors: [400, 403, 404, 409],
  })
  async retry(
    @Param('id', uuidParam('id')) id: string,
    @Param('messageId', uuidParam('messageId')) messageId: string,
    @CurrentUser() actor: AuthUser,
  ): Promise<RetryEmailResponse> {
    return { message: await this.email.retry(id, messageId, actor) };
  }

  @Can('message.read')
  @Get(':id/messages/:messageId/raw')
  @Header('content-security-policy', "default-src 'none'; sandbox")
  @ApiOperationDoc({
    id: 'getTicketEmailRaw',
    summary: 'The original mail',
    description:
      'The mail as received (or as composed for sending), as an .eml file, for whoever may read the conversation.',
    file: ['message/rfc822'],
    errors: [400, 403, 404],
  })
  raw(
    @Param('id', uuidParam('id')) id: string,
    @Param('messageId', uuidParam('messageId')) messageId: string,
    @CurrentUser() viewer: AuthUser,
  ): Promise<StreamableFile> {
    return this.email.raw(id, messageId, viewer);
  }
}
