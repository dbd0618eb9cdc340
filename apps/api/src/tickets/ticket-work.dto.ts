import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AddNoteRequest,
  AddNoteResponse,
  ReopenTicketRequest,
  ReopenTicketResponse,
  ResolveTicketRequest,
  ResolveTicketResponse,
  TransferTicketRequest,
  TransferTicketResponse,
} from '@switchboard/contracts';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, Trim } from '../common/dto.js';
import { ActionResponseDto } from '../common/openapi.js';

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
