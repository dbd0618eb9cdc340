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
} from '@switchboard/contracts';
import { CHANNELS, CUSTOMER_TIERS, TICKET_EVENT_TYPES, TICKET_STATUSES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Trim } from '../common/dto.js';

export class CustomerInputDto implements CustomerInput {
  @ApiPropertyOptional({ example: 'crm-001234', description: "The CRM's id for the customer." })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string;

  @ApiPropertyOptional({ example: 'Mehmet Demir' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+90 532 000 11 22' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()./-]{3,40}$/, {
    message: 'phone must be a phone number: digits, spaces, ()-./ and an optional leading +',
  })
  phone?: string;

  @ApiPropertyOptional({ example: 'mehmet@example.com' })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS, { message: `tier must be one of ${CUSTOMER_TIERS.join(', ')}` })
  tier?: CustomerTier;
}

export class CreateTicketDto implements CreateTicketRequest {
  @ApiProperty({ enum: CHANNELS })
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
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ example: 'billing-dispute' })
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `category ${KEY_MESSAGE}` })
  category?: string;

  @ApiPropertyOptional({
    description: "The connector's own id for this contact (e.g. a PBX call id); a repeat returns the same ticket.",
  })
  @IsOptional()
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
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty() queue: string;
  @ApiProperty() priority: number;
  @ApiProperty({ description: '1 = next to be routed in its queue.' }) position: number;
  @ApiProperty() estimatedWaitSeconds: number;
}

export class CustomerSummaryDto implements CustomerSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
}

export class TicketEventDto implements TicketEventView {
  @ApiProperty({ enum: TICKET_EVENT_TYPES }) type: TicketEventType;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ nullable: true }) actor?: { id: string; name: string } | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class TicketSummaryDto implements TicketSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() queue: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty() subject: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() priority: number;
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
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
