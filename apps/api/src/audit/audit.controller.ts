import { Controller, Get, Query } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEntry, Page } from '@switchboard/contracts';
import { ApiOperationDoc } from '../common/openapi.js';
import { AuditPageDto, ListAuditQueryDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Can('audit.read')
  @Get()
  @ApiOperationDoc({
    id: 'listAuditEntries',
    summary: 'Read the audit log',
    description: "Every admin and supervisor action, newest first, with the target's state before and after.",
    ok: AuditPageDto,
    errors: [400],
  })
  list(@Query() query: ListAuditQueryDto): Promise<Page<AuditEntry>> {
    return this.audit.list(query);
  }
}
