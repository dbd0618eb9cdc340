import { ApiProperty } from '@nestjs/swagger';
import type { TicketCsat, TicketRecord, TicketSearchResult } from '@switchboard/contracts';
import { TicketDetailDto, TicketSummaryDto } from './ticket.dto.js';

export class TicketAgentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class TicketSearchResultDto extends TicketSummaryDto implements TicketSearchResult {
  @ApiProperty({
    type: TicketAgentDto,
    nullable: true,
    description: 'Who holds it or resolved it; null while nobody has it.',
  })
  agent: TicketAgentDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The resolving agent\u2019s accept → resolve, in seconds (wrap-up not included).',
  })
  handleSeconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 5, description: 'The latest CSAT rating.' })
  csatScore: number | null;
}

export class TicketSearchPageDto {
  @ApiProperty({ type: [TicketSearchResultDto] }) items: TicketSearchResultDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass back as `cursor` (with the same sort and order) for the next page; null on the last.',
  })
  nextCursor: string | null;
}

export class TicketCsatDto implements TicketCsat {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) score: number;
  @ApiProperty({ type: String, nullable: true, description: 'The customer\u2019s own words.' }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, description: '`survey` when answered through our survey.' })
  source: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class TicketRecordDto extends TicketDetailDto implements TicketRecord {
  @ApiProperty({ type: TicketAgentDto, nullable: true }) agent: TicketAgentDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The latest resolution\u2019s accept → resolve, seconds.' })
  handleSeconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) csatScore: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Resolve → end of wrap-up, seconds.' })
  wrapUpSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Created → first accept, seconds.' })
  waitedSeconds: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) abandonedAt: string | null;
  @ApiProperty({ type: 'integer' }) transfers: number;
  @ApiProperty({ type: TicketCsatDto, nullable: true }) csat: TicketCsatDto | null;
}
