import { ApiProperty } from '@nestjs/swagger';
import type { AcceptOfferResponse, DeclineOfferResponse, OfferCreatedEvent } from '@switchboard/contracts';
import { ActionResponseDto } from '../common/openapi.js';
import { TicketDetailDto, TicketSummaryDto } from '../tickets/ticket.dto.js';

export class AcceptOfferResponseDto extends ActionResponseDto implements AcceptOfferResponse {
  @ApiProperty({ type: TicketDetailDto, description: 'The ticket, now in progress with the agent.' })
  ticket: TicketDetailDto;
}

export class DeclineOfferResponseDto extends ActionResponseDto implements DeclineOfferResponse {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ enum: ['declined'] }) status: 'declined';
}

export class OfferDto implements OfferCreatedEvent {
  @ApiProperty({ format: 'uuid' }) offerId: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: TicketSummaryDto }) ticket: TicketSummaryDto;
}
