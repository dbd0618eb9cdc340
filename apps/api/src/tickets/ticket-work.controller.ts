import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  AddNoteResponse,
  ReopenTicketResponse,
  ResolveTicketResponse,
  TransferTicketResponse,
} from '@switchboard/contracts';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { actionResult } from '../common/action-result.js';
import { ApiAction } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { TicketTransferService } from './ticket-transfer.service.js';
import {
  AddNoteDto,
  AddNoteResponseDto,
  ReopenTicketDto,
  ReopenTicketResponseDto,
  ResolveTicketDto,
  ResolveTicketResponseDto,
  TransferTicketDto,
  TransferTicketResponseDto,
} from './ticket-work.dto.js';
import { TicketWorkService } from './ticket-work.service.js';

/** The desk's work on a ticket: notes, resolution, transfer, reopen. */
@ApiTags('tickets')
@Controller('tickets')
export class TicketWorkController {
  constructor(
    private readonly work: TicketWorkService,
    private readonly transfers: TicketTransferService,
  ) {}

  @Can('ticket.work')
  @Post(':id/transfer')
  @HttpCode(200)
  @ApiAction({
    id: 'transferTicket',
    summary: 'Transfer a ticket to a queue or a colleague',
    description:
      'Exactly one of `queue` (it waits there like a new contact) or `agentId` (offered to them under the usual ' +
      'offer rules). Agents transfer the tickets they hold; supervisors and admins also move waiting ones, and ' +
      'ones being offered (that offer is withdrawn).',
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

  @Can('ticket.reopen')
  @Post(':id/reopen')
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

  @Can('ticket.work')
  @Post(':id/notes')
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

  @Can('ticket.work')
  @Post(':id/resolve')
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
}
