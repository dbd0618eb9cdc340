import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  AcceptOfferResponse,
  AddNoteResponse,
  AgentResponse,
  CompleteWrapUpResponse,
  DeclineOfferResponse,
  ReopenTicketResponse,
  ResolveTicketResponse,
  TransferTicketResponse,
} from '@switchboard/contracts';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { AgentResponseDto } from '../agents/agent.dto.js';
import { actionResult } from '../common/action-result.js';
import { ApiAction, ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { TicketQueryService } from '../tickets/ticket-query.service.js';
import { AgentStatusService } from './agent-status.service.js';
import { OffersService } from './offers.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import { TicketTransferService } from './ticket-transfer.service.js';
import {
  AcceptOfferResponseDto,
  AddNoteDto,
  AddNoteResponseDto,
  CompleteWrapUpResponseDto,
  DeclineOfferResponseDto,
  ReopenTicketDto,
  ReopenTicketResponseDto,
  ResolveTicketDto,
  ResolveTicketResponseDto,
  SetAgentStatusDto,
  TransferTicketDto,
  TransferTicketResponseDto,
} from './work.dto.js';

@ApiTags('agent work')
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
  @ApiAction({
    id: 'transferTicket',
    summary: 'Transfer a ticket to a queue or a colleague',
    description:
      'Exactly one of `queue` (it waits there like a new contact) or `agentId` (offered to them under the usual ' +
      'offer rules). Agents transfer the tickets they hold; supervisors and admins also move waiting ones.',
    ok: TransferTicketResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  async transfer(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: TransferTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TransferTicketResponse> {
    const status = await this.transfers.transfer(id, body, user);
    return {
      ticketId: id,
      status: 'transferred',
      ...actionResult('ticket.transfer', { type: 'ticket', id }, { id, status }),
    };
  }

  @Roles('agent', 'supervisor', 'admin', 'integration')
  @Post('tickets/:id/reopen')
  @HttpCode(200)
  @ApiAction({
    id: 'reopenTicket',
    summary: 'Reopen a resolved ticket',
    description: 'The customer came back about it: it waits in its queue again.',
    ok: ReopenTicketResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  async reopen(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReopenTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReopenTicketResponse> {
    const status = await this.transfers.reopen(id, body.note, user);
    return { ticketId: id, status: 'queued', ...actionResult('ticket.reopen', { type: 'ticket', id }, { id, status }) };
  }

  @Roles('agent')
  @Put('agents/me/status')
  @ApiOperationDoc({
    id: 'setOwnStatus',
    summary: 'Set your status',
    description: 'Available makes the agent routable at once; away or offline takes back a pending offer.',
    ok: AgentResponseDto,
    errors: [400, 413, 415],
  })
  setMyStatus(@Body() body: SetAgentStatusDto, @CurrentUser() user: AuthUser): Promise<AgentResponse> {
    return this.status.set(user.id, body.status, body.reason, user);
  }

  @Roles('supervisor', 'admin')
  @Put('agents/:id/status')
  @ApiOperationDoc({
    id: 'setAgentStatus',
    summary: "Set an agent's status",
    description:
      'A supervisor action: in the audit log, and on the agent\u2019s timeline with the supervisor as actor.',
    ok: AgentResponseDto,
    errors: [400, 404, 413, 415],
  })
  setStatus(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SetAgentStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AgentResponse> {
    return this.status.set(id, body.status, body.reason, user);
  }

  @Roles('agent')
  @Post('offers/:offerId/accept')
  @HttpCode(200)
  @ApiAction({
    id: 'acceptOffer',
    summary: 'Accept an offer',
    description: 'The ticket is the agent\u2019s, in progress. 409 when the offer is no longer pending.',
    ok: AcceptOfferResponseDto,
    errors: [400, 404, 409],
  })
  async accept(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AcceptOfferResponse> {
    const ticketId = await this.offers.accept(offerId, user);
    const ticket = await this.tickets.get(ticketId, user);
    return {
      ticket,
      ...actionResult('offer.accept', { type: 'offer', id: offerId }, { id: ticket.id, status: ticket.status }),
    };
  }

  @Roles('agent')
  @Post('offers/:offerId/decline')
  @HttpCode(200)
  @ApiAction({
    id: 'declineOffer',
    summary: 'Decline an offer',
    description: 'The ticket returns to its queue for someone else.',
    ok: DeclineOfferResponseDto,
    errors: [400, 404, 409],
  })
  async decline(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<DeclineOfferResponse> {
    const ticket = await this.offers.decline(offerId, user);
    return { offerId, status: 'declined', ...actionResult('offer.decline', { type: 'offer', id: offerId }, ticket) };
  }

  @Roles('agent', 'supervisor', 'admin')
  @Post('tickets/:id/notes')
  @ApiAction({
    id: 'addTicketNote',
    summary: 'Add a note to a ticket',
    description: 'An internal note on the timeline, by the agent holding the ticket or a supervisor.',
    status: 201,
    ok: AddNoteResponseDto,
    errors: [400, 404, 413, 415],
  })
  async addNote(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AddNoteDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AddNoteResponse> {
    const status = await this.work.addNote(id, body.body, user);
    return { ticketId: id, ...actionResult('ticket.note', { type: 'ticket', id }, { id, status }) };
  }

  @Roles('agent', 'supervisor', 'admin')
  @Post('tickets/:id/resolve')
  @HttpCode(200)
  @ApiAction({
    id: 'resolveTicket',
    summary: 'Resolve a ticket',
    description: "With a resolution code; the agent enters wrap-up for the queue's wrap-up time.",
    ok: ResolveTicketResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  async resolve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ResolveTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ResolveTicketResponse> {
    await this.work.resolve(id, body.resolutionCode, body.note, user);
    return {
      ticketId: id,
      status: 'resolved',
      ...actionResult('ticket.resolve', { type: 'ticket', id }, { id, status: 'resolved' }),
    };
  }

  @Roles('agent')
  @Post('agents/me/wrap-up/complete')
  @HttpCode(200)
  @ApiAction({
    id: 'completeWrapUp',
    summary: 'End your wrap-up now',
    description: 'The agent is routable again. 409 when not in wrap-up.',
    ok: CompleteWrapUpResponseDto,
    errors: [409],
  })
  async completeWrapUp(@CurrentUser() user: AuthUser): Promise<CompleteWrapUpResponse> {
    const ticket = await this.work.completeWrapUp(user);
    return { status: 'idle', ...actionResult('agent.wrap_up_complete', { type: 'agent', id: user.id }, ticket) };
  }
}
