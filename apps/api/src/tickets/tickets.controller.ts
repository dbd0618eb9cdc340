import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type {
  CreateTicketResponse,
  Page,
  TicketDetail,
  TicketStatus,
  TicketSummary,
  WaitingTicketsResponse,
} from '@switchboard/contracts';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AbandonTicketDto } from './abandon.dto.js';
import { RecordCsatDto } from './csat.dto.js';
import { TicketCsatService } from './ticket-csat.service.js';
import { SearchTicketsQueryDto, WaitingTicketsQueryDto } from './search-tickets.query.js';
import { TicketAbandonService } from './ticket-abandon.service.js';
import { CreateTicketDto, CreateTicketResponseDto, TicketDetailDto, TicketPageDto } from './ticket.dto.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketQueryService } from './ticket-query.service.js';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly queries: TicketQueryService,
    private readonly abandonment: TicketAbandonService,
    private readonly csat: TicketCsatService,
  ) {}

  @Roles('integration', 'admin')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key → same ticket (200 instead of 201).' })
  @ApiCreatedResponse({ type: CreateTicketResponseDto, description: 'Ticket created and queued.' })
  @ApiOkResponse({ type: CreateTicketResponseDto, description: 'An earlier request with this key made the ticket.' })
  @ApiBadRequestResponse({ description: 'A field is invalid or the queue does not exist.' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used with a different body.' })
  async create(
    @Body() body: CreateTicketDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreateTicketResponse> {
    const { ticket, created } = await this.intake.intake(body, idempotencyKey, caller);
    res.status(created ? 201 : 200);
    return ticket;
  }

  @Roles('supervisor', 'qa', 'admin', 'integration', 'agent')
  @Get()
  @ApiOkResponse({ type: TicketPageDto, description: 'Newest first. Agents get only their own tickets.' })
  search(@Query() query: SearchTicketsQueryDto, @CurrentUser() viewer: AuthUser): Promise<Page<TicketSummary>> {
    return this.queries.search(query, viewer);
  }

  @Roles('supervisor', 'admin')
  @Get('waiting')
  @ApiOkResponse({ description: "A queue's waiting tickets in the order the router offers them, and how many wait." })
  waiting(@Query() query: WaitingTicketsQueryDto): Promise<WaitingTicketsResponse> {
    return this.queries.waiting(query.queue, query.limit);
  }

  @Roles('supervisor', 'qa', 'admin', 'integration', 'agent')
  @Get(':id')
  @ApiOkResponse({ type: TicketDetailDto })
  get(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<TicketDetail> {
    return this.queries.get(id, viewer);
  }

  @Roles('integration', 'admin')
  @Post(':id/abandon')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The ticket is abandoned.' })
  @ApiConflictResponse({ description: 'The ticket is no longer waiting.' })
  abandon(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AbandonTicketDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<{ id: string; status: TicketStatus }> {
    return this.abandonment.abandon(id, body.reason, caller);
  }

  @Roles('integration', 'admin')
  @Post(':id/csat')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The rating is on the ticket and counts in CSAT.' })
  @ApiConflictResponse({ description: 'The ticket is not resolved, or this resolution is already rated.' })
  async rate(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RecordCsatDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    await this.csat.record(id, body.score, body.comment, caller);
  }
}
