import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AcceptOfferResponse,
  AddNoteRequest,
  AddNoteResponse,
  CompleteWrapUpResponse,
  DeclineOfferResponse,
  ReopenTicketResponse,
  ResolveTicketResponse,
  TransferTicketResponse,
  AgentDirectoryEntry,
  AgentStatus,
  AgentWorkResponse,
  OfferCreatedEvent,
  ReopenTicketRequest,
  ResolveTicketRequest,
  SetAgentStatusRequest,
  TransferTicketRequest,
} from '@switchboard/contracts';
import { AGENT_STATUSES } from '@switchboard/contracts';
import { IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, Trim } from '../common/dto.js';
import { AgentResponseDto } from '../agents/agent.dto.js';
import { ActionResponseDto } from '../common/openapi.js';
import { TicketDetailDto, TicketSummaryDto } from '../tickets/ticket.dto.js';

export class SetAgentStatusDto implements SetAgentStatusRequest {
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' })
  @IsIn(AGENT_STATUSES, { message: `status must be one of ${AGENT_STATUSES.join(', ')}` })
  status: AgentStatus;

  @ApiPropertyOptional({ example: 'break', description: 'Reason code when away.' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `reason ${KEY_MESSAGE}` })
  reason?: string;
}

export class AddNoteDto implements AddNoteRequest {
  @ApiProperty({ example: 'Customer confirms the second charge is a duplicate.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  body: string;
}

export class ResolveTicketDto implements ResolveTicketRequest {
  @ApiProperty({ example: 'refund-issued' })
  @Matches(KEY_PATTERN, { message: `resolutionCode ${KEY_MESSAGE}` })
  resolutionCode: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class AcceptOfferResponseDto extends ActionResponseDto implements AcceptOfferResponse {
  @ApiProperty({ type: TicketDetailDto, description: 'The ticket, now in progress with the agent.' })
  ticket: TicketDetailDto;
}

export class TransferTicketResponseDto extends ActionResponseDto implements TransferTicketResponse {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: ['transferred'], description: "API 0.1; the ticket's own status is in result.ticket." })
  status: 'transferred';
}

export class ReopenTicketResponseDto extends ActionResponseDto implements ReopenTicketResponse {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ResolveTicketResponseDto extends ActionResponseDto implements ResolveTicketResponse {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: ['resolved'] }) status: 'resolved';
}

export class AddNoteResponseDto extends ActionResponseDto implements AddNoteResponse {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
}

export class DeclineOfferResponseDto extends ActionResponseDto implements DeclineOfferResponse {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ enum: ['declined'] }) status: 'declined';
}

export class CompleteWrapUpResponseDto extends ActionResponseDto implements CompleteWrapUpResponse {
  @ApiProperty({ enum: ['idle'], description: "The agent's activity now (API 0.1)." }) status: 'idle';
}

export class TransferTicketDto implements TransferTicketRequest {
  @ApiPropertyOptional({ example: 'billing', description: 'Move the ticket to this queue …' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '… or offer it to this agent.' })
  @Optional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class ReopenTicketDto implements ReopenTicketRequest {
  @ApiPropertyOptional({ example: 'Customer says the refund never arrived.' })
  @Optional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class AgentDirectoryEntryDto implements AgentDirectoryEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) queues: string[];
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' }) status: AgentStatus;
}

export class OfferDto implements OfferCreatedEvent {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: TicketSummaryDto }) ticket: TicketSummaryDto;
}

export class WrapUpDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'date-time' }) until: string;
}

export class AgentWorkResponseDto implements AgentWorkResponse {
  @ApiProperty({ type: AgentResponseDto }) agent: AgentResponseDto;
  @ApiProperty({ type: [OfferDto], description: 'Offers still pending and not yet expired.' }) offers: OfferDto[];
  @ApiProperty({ type: [TicketSummaryDto], description: 'Tickets in progress.' }) tickets: TicketSummaryDto[];
  @ApiProperty({ type: WrapUpDto, nullable: true, description: 'The running wrap-up; null when none.' })
  wrapUp: WrapUpDto | null;
}
