import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AddNoteRequest,
  AgentStatus,
  ReopenTicketRequest,
  ResolveTicketRequest,
  SetAgentStatusRequest,
  TransferTicketRequest,
} from '@switchboard/contracts';
import { AGENT_STATUSES } from '@switchboard/contracts';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Trim } from '../common/dto.js';
import { TicketDetailDto } from '../tickets/ticket.dto.js';

export class SetAgentStatusDto implements SetAgentStatusRequest {
  @ApiProperty({ enum: AGENT_STATUSES })
  @IsIn(AGENT_STATUSES, { message: `status must be one of ${AGENT_STATUSES.join(', ')}` })
  status: AgentStatus;

  @ApiPropertyOptional({ example: 'break', description: 'Reason code when away.' })
  @IsOptional()
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
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class AcceptOfferResponseDto {
  @ApiProperty({ type: TicketDetailDto }) ticket: TicketDetailDto;
}

export class TransferTicketDto implements TransferTicketRequest {
  @ApiPropertyOptional({ example: 'billing', description: 'Move the ticket to this queue …' })
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '… or offer it to this agent.' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class ReopenTicketDto implements ReopenTicketRequest {
  @ApiPropertyOptional({ example: 'Customer says the refund never arrived.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}
