import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CRITERION_TYPES,
  EVALUATION_STATUSES,
  SAMPLING_REASONS,
  type AgentQualityRow,
  type AgreementFigure,
  type CalibrationRequest,
  type CalibrationView,
  type CriterionType,
  type DisputeOutcome,
  type EvaluationAnswer,
  type EvaluationDetail,
  type EvaluationEventView,
  type EvaluationRequest,
  type EvaluationStatus,
  type EvaluationSummary,
  type EvaluationUpdateRequest,
  type EvaluationVersionView,
  type InboxItem,
  type Page,
  type QualityReport,
  type QueueQualityRow,
  type ReviewerGoal,
  type SamplingReason,
  type SamplingRules,
  type Scorecard,
  type ScorecardCriterionInput,
  type ScorecardRequest,
  type ScorecardSectionInput,
  type SectionScore,
} from '@switchboard/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, PageLimit, PlainText, Trim, allOf } from '../common/dto.js';

/** An answer's value or a condition's: a string (yes/no, an option) or a whole number (a scale). */
const StringOrInteger = (field: string) =>
  ValidateBy({
    name: 'stringOrInteger',
    validator: {
      validate: (v: unknown) => (typeof v === 'string' && v.length <= 100) || Number.isInteger(v),
      defaultMessage: () => `${field} must be a string (up to 100 characters) or a whole number`,
    },
  });

const ANSWER_VALUE_SCHEMA = { oneOf: [{ type: 'string', maxLength: 100 }, { type: 'integer' }] };
const Weight = (field: string) => [
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: `${field} must be a number` }),
  Min(0, { message: `${field} must be 0 or more` }),
  Max(1000, { message: `${field} must be at most 1000` }),
];
class OptionDto {
  @ApiProperty({ maxLength: 100 })
  @IsString({ message: 'option value must be a string' })
  @IsNotEmpty({ message: 'option value must not be empty' })
  @MaxLength(100)
  value: string;

  @ApiProperty({ minimum: 0, maximum: 1000 })
  @allOf(...Weight('option points'))
  points: number;
}

class ConditionDto {
  @ApiProperty({ description: 'An earlier criterion’s key.' })
  @Matches(KEY_PATTERN, { message: `showIf.criterion ${KEY_MESSAGE}` })
  criterion: string;

  @ApiProperty(ANSWER_VALUE_SCHEMA)
  @StringOrInteger('showIf.equals')
  equals: string | number;
}

class CriterionDto implements ScorecardCriterionInput {
  @ApiProperty({ pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: `criterion key ${KEY_MESSAGE}` })
  key: string;

  @ApiProperty({ maxLength: 300 })
  @Trim()
  @IsString({ message: 'criterion label must be a string' })
  @IsNotEmpty({ message: 'criterion label must not be empty' })
  @MaxLength(300)
  @PlainText('criterion label')
  label: string;

  @ApiProperty({ minimum: 0, maximum: 1000 })
  @allOf(...Weight('criterion weight'))
  weight: number;

  @ApiProperty({ enum: CRITERION_TYPES, enumName: 'CriterionType' })
  @IsIn(CRITERION_TYPES, { message: `criterion type must be one of ${CRITERION_TYPES.join(', ')}` })
  type: CriterionType;

  @ApiPropertyOptional({ type: [OptionDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OptionDto)
  options?: OptionDto[];

  @ApiPropertyOptional() @Optional() @IsBoolean({ message: 'allowNa must be true or false' }) allowNa?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: 'critical must be true or false' }) critical?: boolean;

  @ApiPropertyOptional({ type: ConditionDto })
  @Optional()
  @ValidateNested()
  @Type(() => ConditionDto)
  showIf?: ConditionDto;
}

class SectionDto implements ScorecardSectionInput {
  @ApiProperty({ pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: `section key ${KEY_MESSAGE}` })
  key: string;

  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString({ message: 'section title must be a string' })
  @IsNotEmpty({ message: 'section title must not be empty' })
  @MaxLength(200)
  @PlainText('section title')
  title: string;

  @ApiProperty({ minimum: 0, maximum: 1000 })
  @allOf(...Weight('section weight'))
  weight: number;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray({ message: 'criteria must be an array' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria: CriterionDto[];
}

export class ScorecardRequestDto implements ScorecardRequest {
  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  @PlainText('name')
  name: string;

  @ApiProperty({ type: [SectionDto] })
  @IsArray({ message: 'sections must be an array' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SectionDto)
  sections: SectionDto[];
}

export class ScorecardDto implements Scorecard {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'integer' }) latestVersion: number;
  @ApiProperty({ type: [SectionDto] }) sections: SectionDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ScorecardVersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a whole number' })
  @Min(1, { message: 'version must be 1 or more' })
  @Max(1_000_000, { message: 'version must be at most 1000000' })
  version?: number;
}

class AnswerDto implements EvaluationAnswer {
  @ApiProperty({ pattern: KEY_PATTERN.source })
  @Matches(KEY_PATTERN, { message: `answer criterion ${KEY_MESSAGE}` })
  criterion: string;

  @ApiPropertyOptional(ANSWER_VALUE_SCHEMA)
  @Optional()
  @StringOrInteger('answer value')
  value?: string | number;

  @ApiPropertyOptional() @Optional() @IsBoolean({ message: 'answer na must be true or false' }) na?: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Trim()
  @IsString({ message: 'answer comment must be a string' })
  @MaxLength(2000, { message: 'answer comment must be at most 2000 characters' })
  @PlainText('answer comment')
  comment?: string;

  @ApiPropertyOptional({ description: 'A timeline event’s id on the ticket.' })
  @Optional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'answer eventId must be an event id (up to 18 digits)' })
  eventId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'answer messageId must be a UUID' })
  messageId?: string;
}

const Answers = () =>
  allOf(
    ApiProperty({ type: [AnswerDto] }) as PropertyDecorator,
    IsArray({ message: 'answers must be an array' }),
    ArrayMaxSize(200),
    ValidateNested({ each: true }),
    Type(() => AnswerDto),
  );

export class EvaluationRequestDto implements EvaluationRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'ticketId must be a UUID' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'scorecardId must be a UUID' }) scorecardId: string;
  @Answers() answers: AnswerDto[];
  @ApiPropertyOptional({ description: 'Submit now (scored and shown to the agent); a draft otherwise.' })
  @Optional()
  @IsBoolean({ message: 'submit must be true or false' })
  submit?: boolean;
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'calibrationId must be a UUID' })
  calibrationId?: string;
}

export class EvaluationUpdateDto implements EvaluationUpdateRequest {
  @Answers() answers: AnswerDto[];
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: 'submit must be true or false' }) submit?: boolean;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Trim()
  @IsString({ message: 'comment must be a string' })
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  @PlainText('comment')
  comment?: string;
}

export class DisputeDto {
  @ApiProperty({ maxLength: 2000 })
  @Trim()
  @IsString({ message: 'reason must be a string' })
  @IsNotEmpty({ message: 'reason must say why the score is wrong' })
  @MaxLength(2000, { message: 'reason must be at most 2000 characters' })
  @PlainText('reason')
  reason: string;
}

export class UpholdDto {
  @ApiProperty({ maxLength: 2000 })
  @Trim()
  @IsString({ message: 'note must be a string' })
  @IsNotEmpty({ message: 'note must tell the agent why the score stands' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  @PlainText('note')
  note: string;
}

export class RescoreDto {
  @Answers() answers: AnswerDto[];
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Trim()
  @IsString({ message: 'note must be a string' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  @PlainText('note')
  note?: string;
}

export class EvaluationFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'ticketId must be a UUID' })
  ticketId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Submitted (or, for drafts, created) at or after.' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ enum: EVALUATION_STATUSES, enumName: 'EvaluationStatus' })
  @Optional()
  @IsIn(EVALUATION_STATUSES, { message: `status must be one of ${EVALUATION_STATUSES.join(', ')}` })
  status?: EvaluationStatus;
}

export class ListEvaluationsQueryDto extends EvaluationFilterDto {
  @ApiPropertyOptional({ description: 'Calibration evaluations too (QA and admins only).' })
  @Optional()
  @IsIn(['true', 'false'], { message: 'calibration must be true or false' })
  calibration?: 'true' | 'false';

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

class SectionScoreDto implements SectionScore {
  @ApiProperty() key: string;
  @ApiProperty({ type: 'number', nullable: true }) score: number | null;
}

class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class DisputeViewDto {
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['rescored', 'upheld'], nullable: true }) outcome: DisputeOutcome | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true }) note: string | null;
}

export class EvaluationSummaryDto implements EvaluationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() ticketReference: string;
  @ApiProperty() subject: string;
  @ApiProperty() queue: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) agentId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) agentName: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) reviewerId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) reviewerName: string | null;
  @ApiProperty({ format: 'uuid' }) scorecardId: string;
  @ApiProperty() scorecardName: string;
  @ApiProperty({ type: 'integer' }) scorecardVersion: number;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) calibrationId: string | null;
  @ApiProperty({ enum: EVALUATION_STATUSES, enumName: 'EvaluationStatus' }) status: EvaluationStatus;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'number', nullable: true }) score: number | null;
  @ApiProperty() autoFailed: boolean;
  @ApiProperty({ type: [SectionScoreDto] }) sections: SectionScoreDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) disputeUntil: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true }) acknowledgement: string | null;
  @ApiProperty({ type: DisputeViewDto, nullable: true }) dispute: DisputeViewDto | null;
}

class EvaluationVersionDto implements EvaluationVersionView {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'number', nullable: true }) score: number | null;
  @ApiProperty() autoFailed: boolean;
  @ApiProperty({ type: [SectionScoreDto] }) sections: SectionScoreDto[];
  @ApiProperty({ type: [AnswerDto] }) answers: AnswerDto[];
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: PersonDto, nullable: true }) submittedBy: PersonDto | null;
}

class EvaluationEventDto implements EvaluationEventView {
  @ApiProperty({ example: 'evaluation.disputed' }) type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: PersonDto, nullable: true }) actor: PersonDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class EvaluationDetailDto extends EvaluationSummaryDto implements EvaluationDetail {
  @ApiProperty({ type: [AnswerDto] }) answers: AnswerDto[];
  @ApiProperty({ type: ScorecardDto }) scorecard: ScorecardDto;
  @ApiProperty({ type: [EvaluationVersionDto] }) versions: EvaluationVersionDto[];
  @ApiProperty({ type: [EvaluationEventDto] }) history: EvaluationEventDto[];
}

export class EvaluationPageDto implements Page<EvaluationSummary> {
  @ApiProperty({ type: [EvaluationSummaryDto] }) items: EvaluationSummaryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class SamplingRulesDto implements Omit<SamplingRules, 'queue'> {
  @ApiProperty({ minimum: 0, maximum: 100, description: 'This share of resolved tickets, at random.' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'randomPercent must be a number' })
  @Min(0, { message: 'randomPercent must be 0–100' })
  @Max(100, { message: 'randomPercent must be 0–100' })
  randomPercent: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 5,
    description: 'Always: a rating at or below this.',
  })
  @Optional()
  @ValidateBy(
    {
      name: 'csatAtMost',
      validator: {
        validate: (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5),
      },
    },
    { message: 'csatAtMost must be a whole number from 1 to 5, or null' },
  )
  csatAtMost: number | null;

  @ApiProperty() @IsBoolean({ message: 'transferred must be true or false' }) transferred: boolean;
  @ApiProperty() @IsBoolean({ message: 'repeatContact must be true or false' }) repeatContact: boolean;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 1 })
  @Optional()
  @ValidateBy(
    {
      name: 'handleSecondsAbove',
      validator: {
        validate: (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 86_400),
      },
    },
    { message: 'handleSecondsAbove must be a whole number of seconds from 1 to 86400, or null' },
  )
  handleSecondsAbove: number | null;

  @ApiProperty() @IsBoolean({ message: 'autoFailedBefore must be true or false' }) autoFailedBefore: boolean;
}

export class SamplingRulesViewDto extends SamplingRulesDto implements SamplingRules {
  @ApiProperty() queue: string;
}

export class InboxQueryDto {
  @ApiPropertyOptional({ description: '`me` (default for QA), `all`, or a reviewer’s id.' })
  @Optional()
  @Matches(/^(me|all|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'reviewer must be me, all or a reviewer id (a UUID)',
  })
  reviewer?: string;

  @ApiPropertyOptional({ description: 'Evaluated ones too.' })
  @Optional()
  @IsIn(['true', 'false'], { message: 'done must be true or false' })
  done?: 'true' | 'false';
}

export class InboxItemDto implements InboxItem {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() ticketReference: string;
  @ApiProperty() subject: string;
  @ApiProperty() queue: string;
  @ApiProperty({ type: 'string', nullable: true }) agentName: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ enum: SAMPLING_REASONS, enumName: 'SamplingReason', isArray: true }) reasons: SamplingReason[];
  @ApiProperty({ type: PersonDto, nullable: true }) reviewer: PersonDto | null;
  @ApiProperty({ format: 'date-time' }) sampledAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) doneAt: string | null;
}

export class ReviewerGoalRequestDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1000 })
  @IsInt({ message: 'weeklyGoal must be a whole number' })
  @Min(0, { message: 'weeklyGoal must be 0–1000' })
  @Max(1000, { message: 'weeklyGoal must be 0–1000' })
  weeklyGoal: number;
}

export class ReviewerGoalDto implements ReviewerGoal {
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) weeklyGoal: number;
  @ApiProperty({ type: 'integer' }) assignedThisWeek: number;
  @ApiProperty({ type: 'integer' }) doneThisWeek: number;
}

export class CalibrationRequestDto implements CalibrationRequest {
  @ApiProperty({ maxLength: 200 })
  @Trim()
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  @PlainText('name')
  name: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'scorecardId must be a UUID' }) scorecardId: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray({ message: 'ticketIds must be an array' })
  @ArrayMinSize(1, { message: 'ticketIds must name at least one ticket' })
  @ArrayMaxSize(50, { message: 'ticketIds must name at most 50 tickets' })
  @ArrayUnique({ message: 'ticketIds must not repeat a ticket' })
  @IsUUID('all', { each: true, message: 'ticketIds must be UUIDs' })
  ticketIds: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray({ message: 'reviewerIds must be an array' })
  @ArrayMinSize(2, { message: 'reviewerIds must name at least two reviewers' })
  @ArrayMaxSize(20, { message: 'reviewerIds must name at most 20 reviewers' })
  @ArrayUnique({ message: 'reviewerIds must not repeat a reviewer' })
  @IsUUID('all', { each: true, message: 'reviewerIds must be UUIDs' })
  reviewerIds: string[];
}

class AgreementDto implements AgreementFigure {
  @ApiProperty({ type: 'number', nullable: true }) alpha: number | null;
  @ApiProperty({ enum: ['nominal', 'ordinal', 'interval'] }) metric: 'nominal' | 'ordinal' | 'interval';
  @ApiProperty({ type: 'integer' }) values: number;
  @ApiProperty({ type: 'integer' }) units: number;
}

class CriterionAgreementDto extends AgreementDto {
  @ApiProperty() criterion: string;
  @ApiProperty() label: string;
}

class CalibrationAgreementDto {
  @ApiProperty({ type: AgreementDto }) overall: AgreementDto;
  @ApiProperty({ type: [CriterionAgreementDto] }) criteria: CriterionAgreementDto[];
}

class CalibrationTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() subject: string;
}

class CalibrationReviewerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) submitted: number;
}

class CalibrationMineDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) evaluationId: string;
  @ApiProperty({ enum: EVALUATION_STATUSES, enumName: 'EvaluationStatus' }) status: EvaluationStatus;
}

class CalibrationAnswersDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty() reviewerName: string;
  @ApiProperty({ type: 'number', nullable: true }) score: number | null;
  @ApiProperty({ type: [AnswerDto] }) answers: AnswerDto[];
}

export class CalibrationViewDto implements CalibrationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) scorecardId: string;
  @ApiProperty({ type: 'integer' }) scorecardVersion: number;
  @ApiProperty({ type: [CalibrationTicketDto] }) tickets: CalibrationTicketDto[];
  @ApiProperty({ type: [CalibrationReviewerDto] }) reviewers: CalibrationReviewerDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [CalibrationMineDto] }) mine: CalibrationMineDto[];
  @ApiProperty({ type: [CalibrationAnswersDto] }) answers: CalibrationAnswersDto[];
  @ApiProperty({ type: CalibrationAgreementDto, nullable: true }) agreement: CalibrationAgreementDto | null;
}

export class ReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 30 days ago.' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;
}

class DisputeCountsDto {
  @ApiProperty({ type: 'integer' }) upheld: number;
  @ApiProperty({ type: 'integer' }) rescored: number;
  @ApiProperty({ type: 'integer' }) open: number;
}

class AgentQualityRowDto implements AgentQualityRow {
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) evaluations: number;
  @ApiProperty({ type: 'number', nullable: true }) averageScore: number | null;
  @ApiProperty({ type: 'number', nullable: true }) autoFailRatePercent: number | null;
  @ApiProperty({ type: 'number', nullable: true }) disputeRatePercent: number | null;
  @ApiProperty({ type: DisputeCountsDto }) disputes: DisputeCountsDto;
  @ApiProperty({ type: 'integer' }) handled: number;
  @ApiProperty({ type: 'number', nullable: true }) ahtSeconds: number | null;
  @ApiProperty({ type: 'number', nullable: true }) fcrPercent: number | null;
  @ApiProperty({ type: 'number', nullable: true }) csatPercent: number | null;
}

class QueueQualityRowDto implements QueueQualityRow {
  @ApiProperty() queue: string;
  @ApiProperty({ type: 'integer' }) evaluations: number;
  @ApiProperty({ type: 'number', nullable: true }) averageScore: number | null;
  @ApiProperty({ type: 'number', nullable: true }) autoFailRatePercent: number | null;
  @ApiProperty({ type: 'number', nullable: true }) disputeRatePercent: number | null;
}

class CriterionWeekDto {
  @ApiProperty({ format: 'date-time' }) week: string;
  @ApiProperty() criterion: string;
  @ApiProperty() label: string;
  @ApiProperty() averagePercent: number;
  @ApiProperty({ type: 'integer' }) answers: number;
}

export class QualityReportDto implements QualityReport {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [AgentQualityRowDto] }) agents: AgentQualityRowDto[];
  @ApiProperty({ type: [QueueQualityRowDto] }) queues: QueueQualityRowDto[];
  @ApiProperty({ type: [CriterionWeekDto] }) criteria: CriterionWeekDto[];
}
