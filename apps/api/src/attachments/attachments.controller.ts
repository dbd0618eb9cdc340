import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { ATTACHMENT_MEDIA_TYPES, AttachmentsService } from './attachments.service.js';

/** Downloading a message's file (uploads are `POST /api/tickets/:id/attachments` and `POST /api/chat/attachments`). */
@ApiTags('conversations')
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Can('message.read')
  @Get(':id')
  // A file is never a page: nothing in it may run, whatever it holds.
  @Header('content-security-policy', "default-src 'none'; sandbox")
  @ApiOperationDoc({
    id: 'downloadAttachment',
    summary: 'Download an attachment',
    description:
      'For whoever may read the ticket\u2019s conversation. Images are sent inline, anything else as a download ' +
      '(`Content-Disposition: attachment`).',
    file: ATTACHMENT_MEDIA_TYPES,
    errors: [400, 404],
  })
  download(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<StreamableFile> {
    return this.attachments.forStaff(id, viewer);
  }
}
