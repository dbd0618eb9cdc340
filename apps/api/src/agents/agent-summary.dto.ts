import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EVALUATION_STATUSES,
  type AgentEvaluationLine,
  type AgentPeriodFigures,
  type AgentSummaryQuery,
  type AgentSummaryResponse,
  type EvaluationStatus,
} from '@switchboard/contracts';
import { isTimeZone } from '@switchboard/domain';
import { ValidateBy } from 'class-validator';
import { Optional } from '../common/dto.js';

export class AgentSummaryQueryDto implements AgentSummaryQuery {
  @ApiPropertyOptional({
    example: 'Europe/Istanbul',
    description:
      "The agent's IANA time zone: the day starts at its midnight, the week on its Monday. Default: the " +
      "centre's metrics zone (METRICS_TIMEZONE, UTC unless set).",
  })
  @Optional()
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: (args) =>
        `tz must be an IANA time zone such as Europe/Istanbul; "${String(args?.value).slice(0, 64)}" is not one`,
    },
  })
  tz?: string;
}

export class AgentPeriodFiguresDto implements AgentPeriodFigures {
  @ApiProperty({ format: 'date-time', description: "Local midnight (the day) or Monday's (the week)." })
  from: string;
  @ApiProperty({ format: 'date-time', description: 'Now.' }) to: string;
  @ApiProperty({ type: 'integer', description: 'Contacts whose handling ended in the period.' }) handled: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'Mean accept → wrap-up end.' })
  ahtSeconds: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'First-contact resolutions / resolutions by the agent in the period (the engine’s FCR).',
  })
  fcrPercent: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Ratings 4–5 / ratings of the agent’s resolutions given in the period.',
  })
  csatPercent: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'Average score of the agent’s evaluations submitted in the period; calibration excluded.',
  })
  qaAverage: number | null;
  @ApiProperty({ type: 'integer', description: 'Evaluations submitted in the period.' }) evaluations: number;
}

export class AgentEvaluationLineDto implements AgentEvaluationLine {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'SB-1042' }) ticketReference: string;
  @ApiProperty({ type: 'number', nullable: true }) score: number | null;
  @ApiProperty() autoFailed: boolean;
  @ApiProperty({ enum: EVALUATION_STATUSES, enumName: 'EvaluationStatus' }) status: EvaluationStatus;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class AgentSummaryResponseDto implements AgentSummaryResponse {
  @ApiProperty({ example: 'Europe/Istanbul' }) timeZone: string;
  @ApiProperty({ type: AgentPeriodFiguresDto }) day: AgentPeriodFiguresDto;
  @ApiProperty({ type: AgentPeriodFiguresDto }) week: AgentPeriodFiguresDto;
  @ApiProperty({ type: [AgentEvaluationLineDto], description: 'The five newest submitted, newest first.' })
  lastEvaluations: AgentEvaluationLineDto[];
}
