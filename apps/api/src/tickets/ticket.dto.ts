import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  Channel,
  CreateTicketRequest,
  CreateTicketResponse,
  CustomerInput,
  CustomerSummary,
  CustomerTier,
  TicketDetail,
  TicketEventType,
  TicketEventView,
  TicketStatus,
  TicketSummary,
  WaitingTicket,
  WaitingTicketsResponse,
  AbandonTicketResponse,
} from '@switchboard/contracts';
import { CHANNELS, CUSTOMER_TIERS, TICKET_EVENT_TYPES, TICKET_STATUSES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, PhoneNumber, Trim } from '../common/dto.js';
import { ActionResponseDto } from '../common/openapi.js';

export class CustomerInputDto implements CustomerInput {
  @ApiPropertyOptional({ example: 'crm-001234', description: "The CRM's id for the customer." })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string;

  @ApiPropertyOptional({ example: 'Mehmet Demir' })
  @Optional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+90 532 000 11 22' })
  @Optional()
  @PhoneNumber('phone')
  phone?: string;

  @ApiPropertyOptional({ example: 'mehmet@example.com' })
  @Optional()
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS, enumName: 'CustomerTier' })
  @Optional()
  @IsIn(CUSTOMER_TIERS, { message: `tier must be one of ${CUSTOMER_TIERS.join(', ')}` })
  tier?: CustomerTier;
}

export class CreateTicketDto implements CreateTicketRequest {
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: Channel;

  @ApiProperty({ example: 'complaints' })
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue: string;

  @ApiProperty({ example: 'Charged twice for October' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ example: 'billing-dispute' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `category ${KEY_MESSAGE}` })
  category?: string;

  @ApiPropertyOptional({
    description: "The connector's own id for this contact (e.g. a PBX call id); a repeat returns the same ticket.",
  })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string;

  @ApiProperty({ type: CustomerInputDto })
  @IsObject({ message: 'customer must be an object' })
  @ValidateNested()
  @Type(() => CustomerInputDto)
  customer: CustomerInputDto;
}

export class CreateTicketResponseDto implements CreateTicketResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty() queue: string;
  @ApiProperty({ type: 'integer' }) priority: number;
  @ApiProperty({ type: 'integer', description: '1 = next to be routed in its queue.' }) position: number;
  @ApiProperty({ type: 'integer' }) estimatedWaitSeconds: number;
}

export class CustomerSummaryDto implements CustomerSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS, enumName: 'CustomerTier' }) tier: CustomerTier;
}

export class EventActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class TicketEventDto implements TicketEventView {
  @ApiPropertyOptional({ description: 'Digits, rising with time; a QA answer cites it as eventId.' }) id?: string;
  @ApiProperty({ enum: TICKET_EVENT_TYPES, enumName: 'TicketEventType' }) type: TicketEventType;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: EventActorDto, nullable: true, description: 'Who did it; null for the system.' })
  actor: EventActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class TicketSummaryDto implements TicketSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'SB-10482', description: 'The short reference people quote.' }) reference: string;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel: Channel;
  @ApiProperty() queue: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty() subject: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: 'integer' }) priority: number;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: CustomerSummaryDto }) customer: CustomerSummaryDto;
  @ApiProperty({ type: String, nullable: true }) assignedAgentId: string | null;
  @ApiProperty({ type: String, nullable: true }) resolutionCode: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) enqueuedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
}

export class TicketDetailDto extends TicketSummaryDto implements TicketDetail {
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [TicketEventDto] }) events: TicketEventDto[];
}

export class TicketPageDto {
  @ApiProperty({ type: [TicketSummaryDto] }) items: TicketSummaryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass back as `cursor` for the next page; null on the last.',
  })
  nextCursor: string | null;
}

export class WaitingTicketDto extends TicketSummaryDto implements WaitingTicket {
  @ApiProperty({ type: 'integer', description: 'Intake priority plus ageing: what routing sorts by.' })
  effectivePriority: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 = offered first.' }) position: number;
}

export class WaitingTicketsResponseDto implements WaitingTicketsResponse {
  @ApiProperty() queue: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: 'integer', description: 'All waiting in the queue; items holds the first `limit`.' })
  total: number;
  @ApiProperty({ type: [WaitingTicketDto] }) items: WaitingTicketDto[];
}

export class AbandonTicketResponseDto extends ActionResponseDto implements AbandonTicketResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
}
