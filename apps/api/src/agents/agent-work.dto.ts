import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AgentDirectoryEntry,
  AgentStatus,
  AgentWorkResponse,
  CompleteWrapUpResponse,
  SetAgentStatusRequest,
} from '@switchboard/contracts';
import { AGENT_STATUSES } from '@switchboard/contracts';
import { IsIn, Matches } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional } from '../common/dto.js';
import { ActionResponseDto } from '../common/openapi.js';
import { OfferDto } from '../offers/offer.dto.js';
import { TicketSummaryDto } from '../tickets/ticket.dto.js';
import { AgentResponseDto } from './agent.dto.js';

export class SetAgentStatusDto implements SetAgentStatusRequest {
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' })
  @IsIn(AGENT_STATUSES, { message: `status must be one of ${AGENT_STATUSES.join(', ')}` })
  status: AgentStatus;

  @ApiPropertyOptional({ example: 'break', description: 'Reason code when away.' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `reason ${KEY_MESSAGE}` })
  reason?: string;
}

export class CompleteWrapUpResponseDto extends ActionResponseDto implements CompleteWrapUpResponse {
  @ApiProperty({ enum: ['idle'], description: "The agent's activity now (API 0.1)." }) status: 'idle';
}

export class AgentDirectoryEntryDto implements AgentDirectoryEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) queues: string[];
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' }) status: AgentStatus;
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
