import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AcceptOfferResponse, AgentResponse } from '@switchboard/contracts';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { AgentResponseDto } from '../agents/agent.dto.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { TicketQueryService } from '../tickets/ticket-query.service.js';
import { AgentStatusService } from './agent-status.service.js';
import { OffersService } from './offers.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import { TicketTransferService } from './ticket-transfer.service.js';
import {
  AcceptOfferResponseDto,
  AddNoteDto,
  ReopenTicketDto,
  ResolveTicketDto,
  SetAgentStatusDto,
  TransferTicketDto,
} from './work.dto.js';

@ApiTags('agent work')
@ApiBearerAuth()
@Controller()
export class WorkController {
  constructor(
    private readonly offers: OffersService,
    private readonly status: AgentStatusService,
    private readonly work: TicketWorkService,
    private readonly tickets: TicketQueryService,
    private readonly transfers: TicketTransferService,
  ) {}

  @Roles('agent', 'supervisor', 'admin')
  @Post('tickets/:id/transfer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Moved to the queue, or offered to the agent.' })
  @ApiConflictResponse({ description: 'The ticket cannot be transferred now, or the agent cannot take it.' })
  async transfer(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: TransferTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ticketId: string; status: 'transferred' }> {
    await this.transfers.transfer(id, body, user);
    return { ticketId: id, status: 'transferred' };
  }

  @Roles('agent', 'supervisor', 'admin', 'integration')
  @Post('tickets/:id/reopen')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Reopened; the ticket waits in its queue again.' })
  @ApiConflictResponse({ description: 'The ticket is not resolved.' })
  async reopen(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReopenTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ticketId: string; status: 'queued' }> {
    await this.transfers.reopen(id, body.note, user);
    return { ticketId: id, status: 'queued' };
  }

  @Roles('agent')
  @Put('agents/me/status')
  @ApiOkResponse({ type: AgentResponseDto })
  setMyStatus(@Body() body: SetAgentStatusDto, @CurrentUser() user: AuthUser): Promise<AgentResponse> {
    return this.status.set(user.id, body.status, body.reason, user.id);
  }

  @Roles('supervisor', 'admin')
  @Put('agents/:id/status')
  @ApiOkResponse({ type: AgentResponseDto })
  setStatus(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SetAgentStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AgentResponse> {
    return this.status.set(id, body.status, body.reason, user.id);
  }

  @Roles('agent')
  @Post('offers/:offerId/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: AcceptOfferResponseDto })
  @ApiConflictResponse({ description: 'The offer is no longer pending.' })
  async accept(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AcceptOfferResponse> {
    const ticketId = await this.offers.accept(offerId, user);
    return { ticket: await this.tickets.get(ticketId, user) };
  }

  @Roles('agent')
  @Post('offers/:offerId/decline')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Declined; the ticket returns to its queue.' })
  async decline(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<{ offerId: string; status: 'declined' }> {
    await this.offers.decline(offerId, user);
    return { offerId, status: 'declined' };
  }

  @Roles('agent', 'supervisor', 'admin')
  @Post('tickets/:id/notes')
  @ApiCreatedResponse({ description: 'Note added to the ticket timeline.' })
  async addNote(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AddNoteDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ticketId: string }> {
    await this.work.addNote(id, body.body, user);
    return { ticketId: id };
  }

  @Roles('agent', 'supervisor', 'admin')
  @Post('tickets/:id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Resolved; the agent enters wrap-up.' })
  @ApiConflictResponse({ description: 'The ticket is not in progress.' })
  async resolve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ResolveTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ticketId: string; status: 'resolved' }> {
    await this.work.resolve(id, body.resolutionCode, body.note, user);
    return { ticketId: id, status: 'resolved' };
  }

  @Roles('agent')
  @Post('agents/me/wrap-up/complete')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Wrap-up ended; the agent is routable again.' })
  @ApiConflictResponse({ description: 'The agent is not in wrap-up.' })
  async completeWrapUp(@CurrentUser() user: AuthUser): Promise<{ status: 'idle' }> {
    await this.work.completeWrapUp(user);
    return { status: 'idle' };
  }
}
