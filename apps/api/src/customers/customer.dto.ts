import { ApiProperty } from '@nestjs/swagger';
import type {
  Channel,
  CustomerChannelContacts,
  CustomerCsatAnswer,
  CustomerDetail,
  CustomerHistorySummary,
  CustomerProfile,
  CustomerTicket,
  CustomerTier,
  TicketStatus,
} from '@switchboard/contracts';
import { CHANNELS, CUSTOMER_HISTORY_LIMIT, CUSTOMER_TIERS, TICKET_STATUSES } from '@switchboard/contracts';

export class CustomerProfileDto implements CustomerProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'crm-001234' }) externalId: string | null;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+905320001122' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: CUSTOMER_TIERS, enumName: 'CustomerTier' }) tier: CustomerTier;
  @ApiProperty({ example: 12345.67 }) lifetimeValue: number;
  @ApiProperty({ type: String, nullable: true, example: 'tr' }) language: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CustomerCsatFiguresDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Mean rating 1–5, rounded to 0.01.' })
  average: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Ratings of 4–5 / ratings (the CSAT metric).' })
  positivePercent: number | null;

  @ApiProperty({ type: 'integer' }) responses: number;
}

export class CustomerHistorySummaryDto implements CustomerHistorySummary {
  @ApiProperty({ type: 'integer' }) tickets: number;
  @ApiProperty({ type: 'integer' }) resolved: number;
  @ApiProperty({ type: 'integer' }) abandoned: number;
  @ApiProperty({ type: 'integer', description: 'Neither resolved nor abandoned.' }) open: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "First-contact resolutions / resolutions of the customer's tickets, by the FCR metric's definition.",
  })
  firstContactResolutionPercent: number | null;

  @ApiProperty({ description: 'A resolution is younger than the FCR window: a repeat contact may still withdraw it.' })
  firstContactResolutionProvisional: boolean;

  @ApiProperty({ type: CustomerCsatFiguresDto }) csat: CustomerCsatFiguresDto;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastContactAt: string | null;
}

export class CustomerAgentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class CustomerTicketDto implements CustomerTicket {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel: Channel;
  @ApiProperty({ description: 'Queue key.' }) queue: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ type: 'integer' }) priority: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) resolutionCode: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "The ticket's latest rating, 1–5." })
  csatRating: number | null;
  @ApiProperty({ type: CustomerAgentDto, nullable: true }) assignedAgent: CustomerAgentDto | null;
}

export class CustomerCsatAnswerDto implements CustomerCsatAnswer {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class CustomerChannelContactsDto implements CustomerChannelContacts {
  @ApiProperty({ enum: CHANNELS, enumName: 'Channel' }) channel: Channel;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class CustomerDetailDto implements CustomerDetail {
  @ApiProperty({ type: CustomerProfileDto }) customer: CustomerProfileDto;
  @ApiProperty({ type: CustomerHistorySummaryDto }) summary: CustomerHistorySummaryDto;
  @ApiProperty({ type: [CustomerChannelContactsDto], description: 'Channels used, most used first.' })
  contacts: CustomerChannelContactsDto[];
  @ApiProperty({ type: [CustomerTicketDto], description: `Newest first, at most ${CUSTOMER_HISTORY_LIMIT}.` })
  tickets: CustomerTicketDto[];
  @ApiProperty({ type: [CustomerCsatAnswerDto], description: `Newest first, at most ${CUSTOMER_HISTORY_LIMIT}.` })
  csat: CustomerCsatAnswerDto[];
}
