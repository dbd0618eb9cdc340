import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SortOrder, TicketOutcome, TicketSearchQuery, TicketSort, TicketStatus } from '@switchboard/contracts';
import { SORT_ORDERS, TICKET_OUTCOMES, TICKET_SORTS, TICKET_STATUSES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional } from '../common/dto.js';

export class SearchTicketsQueryDto implements TicketSearchQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, enumName: 'TicketStatus' })
  @Optional()
  @IsIn(TICKET_STATUSES, { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status?: TicketStatus;

  @ApiPropertyOptional()
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(KEY_PATTERN, { message: `category ${KEY_MESSAGE}` })
  category?: string;

  @ApiPropertyOptional({ description: 'The code a resolved ticket was closed with.' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `resolutionCode ${KEY_MESSAGE}` })
  resolutionCode?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after.' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Created before.' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Resolved at or after (only resolved tickets match).' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'resolvedFrom must be an ISO-8601 date-time' })
  resolvedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Resolved before (only resolved tickets match).' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'resolvedTo must be an ISO-8601 date-time' })
  resolvedTo?: string;

  @ApiPropertyOptional({
    enum: TICKET_OUTCOMES,
    enumName: 'TicketOutcome',
    description:
      'How it ended up: resolved, abandoned, transferred (ever, whatever came next) or open (neither resolved nor abandoned).',
  })
  @Optional()
  @IsIn(TICKET_OUTCOMES, { message: `outcome must be one of ${TICKET_OUTCOMES.join(', ')}` })
  outcome?: TicketOutcome;

  @ApiPropertyOptional({
    description:
      'Words to find in the subject, description, resolution note, notes, messages or the customer\u2019s name ' +
      '(full text: stemmed for English and Turkish, each word also as a prefix); or a reference, SB-10482. ' +
      'Agents search the subject, description and customer name of their own tickets.',
  })
  @Optional()
  @IsString({ message: 'q must be a string' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({
    enum: TICKET_SORTS,
    enumName: 'TicketSort',
    default: 'createdAt',
    description: 'Tickets without the value (not resolved, not rated) come last in either order.',
  })
  @Optional()
  @IsIn(TICKET_SORTS, { message: `sort must be one of ${TICKET_SORTS.join(', ')}` })
  sort?: TicketSort;

  @ApiPropertyOptional({ enum: SORT_ORDERS, enumName: 'SortOrder', default: 'desc' })
  @Optional()
  @IsIn(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` })
  order?: SortOrder;

  @ApiPropertyOptional({ type: 'integer', default: 25, minimum: 1, maximum: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class WaitingTicketsQueryDto {
  @ApiProperty({ description: 'Queue key.' })
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue: string;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 500 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}
