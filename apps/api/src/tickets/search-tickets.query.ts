import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TicketSearchQuery, TicketStatus } from '@switchboard/contracts';
import { TICKET_STATUSES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN } from '../common/dto.js';

export class SearchTicketsQueryDto implements TicketSearchQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, enumName: 'TicketStatus' })
  @IsOptional()
  @IsIn(TICKET_STATUSES, { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `category ${KEY_MESSAGE}` })
  category?: string;

  @ApiPropertyOptional({ description: 'The code a resolved ticket was closed with.' })
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `resolutionCode ${KEY_MESSAGE}` })
  resolutionCode?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Resolved at or after (only resolved tickets match).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'resolvedFrom must be an ISO-8601 date-time' })
  resolvedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Resolved before (only resolved tickets match).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'resolvedTo must be an ISO-8601 date-time' })
  resolvedTo?: string;

  @ApiPropertyOptional({ description: 'Text in the subject, description or customer name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: 'integer', default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class WaitingTicketsQueryDto {
  @ApiProperty({ description: 'Queue key.' })
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue: string;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}
