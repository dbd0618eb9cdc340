import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type {
  AbandonTicketResponse,
  ActionResponse,
  CreateTicketResponse,
  Page,
  TicketRecord,
  TicketSearchResult,
  WaitingTicketsResponse,
  TicketPosition,
} from '@switchboard/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { actionResult } from '../common/action-result.js';
import { ApiAction, ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AbandonTicketDto } from './abandon.dto.js';
import { RecordCsatDto } from './csat.dto.js';
import { TicketCsatService } from './ticket-csat.service.js';
import { SearchTicketsQueryDto, WaitingTicketsQueryDto } from './search-tickets.query.js';
import { TicketAbandonService } from './ticket-abandon.service.js';
import {
  AbandonTicketResponseDto,
  CreateTicketDto,
  CreateTicketResponseDto,
  WaitingTicketsResponseDto,
} from './ticket.dto.js';
import { TicketRecordDto, TicketSearchPageDto } from './ticket-search.dto.js';
import { TicketSearchService } from './ticket-search.service.js';
import { TicketPositionDto } from '../conversations/message.dto.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketQueryService } from './ticket-query.service.js';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly queries: TicketQueryService,
    private readonly searches: TicketSearchService,
    private readonly abandonment: TicketAbandonService,
    private readonly csat: TicketCsatService,
  ) {}

  @Can('ticket.create')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key → same ticket (200 instead of 201).' })
  @ApiOperationDoc({
    id: 'createTicket',
    summary: 'Open a ticket (intake)',
    description:
      'The ticket is committed before the answer and queued at once. The customer is matched only on the ' +
      'identities the caller vouches for (a CRM id from an integration, the caller id of a voice contact, the ' +
      'sender of an e-mail contact); only an integration may set the tier. A repeated Idempotency-Key or ' +
      'externalId of the same caller returns the same ticket with 200; with a different body, 409.',
    status: 201,
    ok: CreateTicketResponseDto,
    okDescription: 'Ticket created and queued.',
    also: [{ status: 200, type: CreateTicketResponseDto, description: 'An earlier request with this key made it.' }],
    errors: [400, 409, 413, 415],
  })
  async create(
    @Body() body: CreateTicketDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreateTicketResponse> {
    const { ticket, created } = await this.intake.intake(body, idempotencyKey, caller);
    res.status(created ? 201 : 200);
    return ticket;
  }

  @Can('ticket.read')
  @Get()
  @ApiOperationDoc({
    id: 'searchTickets',
    summary: 'Search tickets',
    description:
      'Newest first unless `sort` and `order` say otherwise, in keyset pages. Each result names its agent, handle ' +
      'time and CSAT. `q` is full text over the ticket, its notes and messages (stemmed for English and Turkish, ' +
      'words also as prefixes), or a reference. Agents get the tickets they work on now and their own past work ' +
      '(without the customer\u2019s contact details); integrations the tickets they created.',
    ok: TicketSearchPageDto,
    errors: [400],
  })
  search(@Query() query: SearchTicketsQueryDto, @CurrentUser() viewer: AuthUser): Promise<Page<TicketSearchResult>> {
    return this.searches.search(query, viewer);
  }

  @Can('ticket.waiting')
  @Get('waiting')
  @ApiOperationDoc({
    id: 'listWaitingTickets',
    summary: "A queue's waiting tickets in routing order",
    ok: WaitingTicketsResponseDto,
    errors: [400, 404],
  })
  waiting(@Query() query: WaitingTicketsQueryDto): Promise<WaitingTicketsResponse> {
    return this.queries.waiting(query.queue, query.limit);
  }

  @Can('ticket.position')
  @Get(':id/position')
  @ApiOperationDoc({
    id: 'getTicketPosition',
    summary: "A waiting ticket's place in line and estimated wait",
    description:
      'What an IVR announces: 1 = next to be offered; 0 once the ticket left the queue. The estimate uses the ' +
      'queue\u2019s staffed agents and recent handle time. A connector asks about the tickets it created.',
    ok: TicketPositionDto,
    errors: [400, 404],
  })
  position(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<TicketPosition> {
    return this.intake.position(id, viewer);
  }

  @Can('ticket.read')
  @Get(':id')
  @ApiOperationDoc({
    id: 'getTicket',
    summary: 'Read a ticket and its timeline',
    description:
      'Events in order. An agent reads a ticket they work on in full, and their past work up to the end of ' +
      'their part without contact details; anything else is 404. With the agent, times, handle and wrap-up time, ' +
      'transfers and the latest CSAT rating with its comment.',
    ok: TicketRecordDto,
    errors: [400, 404],
  })
  get(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<TicketRecord> {
    return this.queries.get(id, viewer);
  }

  @Can('ticket.abandon')
  @Post(':id/abandon')
  @HttpCode(200)
  @ApiAction({
    id: 'abandonTicket',
    summary: 'The customer left while waiting',
    description: 'A pending offer is taken back in the same step. 409 when the ticket is no longer waiting.',
    ok: AbandonTicketResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  async abandon(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AbandonTicketDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<AbandonTicketResponse> {
    const ticket = await this.abandonment.abandon(id, body.reason, caller);
    return { ...ticket, ...actionResult('ticket.abandon', { type: 'ticket', id }, ticket) };
  }

  @Can('ticket.rate')
  @Post(':id/csat')
  @HttpCode(201)
  @ApiAction({
    id: 'rateTicket',
    summary: "Record the customer's satisfaction rating",
    description: 'One rating per resolution; it counts in CSAT. 409 when the ticket is not resolved or already rated.',
    status: 201,
    errors: [400, 404, 409, 413, 415],
  })
  async rate(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RecordCsatDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ActionResponse> {
    await this.csat.record(id, body.score, body.comment, caller);
    return actionResult('ticket.rate', { type: 'ticket', id }, { id, status: 'resolved' });
  }
}
