import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import type {
  CreateQueueRequest,
  EmailAcknowledgement,
  EmailTemplate,
  OverflowTarget,
  QueueAlertThresholds,
  QueueResponse,
  UpdateQueueRequest,
  RoutingStrategy,
  ServiceLevelTarget,
  SkillRequirement,
} from '@switchboard/contracts';
import { ROUTING_STRATEGIES } from '@switchboard/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  ValidateIf,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional } from '../common/dto.js';

export class ServiceLevelDto implements ServiceLevelTarget {
  @ApiProperty({
    type: 'integer',
    example: 20,
    description: 'Seconds within which an answer counts as in service level.',
  })
  @IsInt()
  @Min(1)
  @Max(86_400)
  thresholdSeconds: number;

  @ApiProperty({ example: 80, description: 'Target share answered within the threshold, percent.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100)
  targetPercent: number;
}

export class SkillRequirementDto implements SkillRequirement {
  @ApiProperty({ example: 'billing' })
  @Matches(KEY_PATTERN, { message: `skill ${KEY_MESSAGE}` })
  skill: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  minLevel: number;
}

export class OverflowTargetDto implements OverflowTarget {
  @ApiProperty({ type: 'integer', example: 60, description: "Measured from the ticket's age." })
  @IsInt()
  @Min(1)
  @Max(86_400)
  afterSeconds: number;

  @ApiPropertyOptional({ example: 'billing' })
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 9 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(9)
  relaxSkillLevelsBy?: number;
}

export class QueueAlertsDto implements Partial<QueueAlertThresholds> {
  @ApiPropertyOptional({
    type: 'integer',
    default: 120,
    minimum: 1,
    maximum: 86_400,
    description: 'Alert when the longest wait is over this many seconds.',
  })
  @Optional()
  @IsInt({ message: 'longestWaitSeconds must be a whole number of seconds' })
  @Min(1, { message: 'longestWaitSeconds must be at least 1' })
  @Max(86_400, { message: 'longestWaitSeconds must be at most 86400' })
  longestWaitSeconds?: number;

  @ApiPropertyOptional({
    default: 10,
    minimum: 0,
    maximum: 100,
    description: 'Alert when the abandon rate is over this percent.',
  })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'abandonRatePercent must be a number' })
  @Min(0, { message: 'abandonRatePercent must be at least 0' })
  @Max(100, { message: 'abandonRatePercent must be at most 100' })
  abandonRatePercent?: number;

  @ApiPropertyOptional({
    type: 'integer',
    default: 20,
    minimum: 1,
    maximum: 10_000,
    description: 'No percentage alert (abandon rate, service level) on fewer contacts than this.',
  })
  @Optional()
  @IsInt({ message: 'minSample must be a whole number of contacts' })
  @Min(1, { message: 'minSample must be at least 1' })
  @Max(10_000, { message: 'minSample must be at most 10000' })
  minSample?: number;
}

export class QueueAlertThresholdsResponseDto implements QueueAlertThresholds {
  @ApiProperty({ type: 'integer' }) longestWaitSeconds: number;
  @ApiProperty() abandonRatePercent: number;
  @ApiProperty({ type: 'integer' }) minSample: number;
}

export class EmailTemplateDto implements EmailTemplate {
  @ApiProperty({ example: 'We have your message: {{ticketNumber}}' })
  @IsString({ message: 'subject must be text' })
  @MaxLength(200, { message: 'subject must be at most 200 characters' })
  subject: string;

  @ApiProperty({ example: 'Dear {{customerName}}, …' })
  @IsString({ message: 'body must be text' })
  @MaxLength(5000, { message: 'body must be at most 5000 characters' })
  body: string;
}

export class EmailTemplatesDto {
  @ApiPropertyOptional({ type: EmailTemplateDto })
  @Optional()
  @ValidateNested()
  @Type(() => EmailTemplateDto)
  en?: EmailTemplateDto;
  @ApiPropertyOptional({ type: EmailTemplateDto })
  @Optional()
  @ValidateNested()
  @Type(() => EmailTemplateDto)
  tr?: EmailTemplateDto;
  @ApiPropertyOptional({ type: EmailTemplateDto })
  @Optional()
  @ValidateNested()
  @Type(() => EmailTemplateDto)
  fa?: EmailTemplateDto;
}

export class EmailAcknowledgementDto implements EmailAcknowledgement {
  @ApiProperty({ description: 'Send the acknowledgement mail when an e-mail opens a ticket.' })
  @IsBoolean({ message: 'emailAcknowledgement.enabled must be true or false' })
  enabled: boolean;

  @ApiPropertyOptional({
    type: EmailTemplatesDto,
    description:
      'Per language (en, tr, fa): subject and body; placeholders {{customerName}}, {{ticketNumber}}, {{subject}}, {{queueName}}. A language left out takes the built-in text.',
  })
  @Optional()
  @ValidateNested()
  @Type(() => EmailTemplatesDto)
  @IsNotEmpty({ message: 'emailAcknowledgement.templates must be an object' })
  templates?: EmailTemplatesDto;
}

export class CreateQueueDto implements CreateQueueRequest {
  @ApiProperty({ example: 'complaints' })
  @Matches(KEY_PATTERN, { message: `key ${KEY_MESSAGE}` })
  key: string;

  @ApiProperty({ example: 'Complaints' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ type: ServiceLevelDto })
  @ValidateNested()
  @Type(() => ServiceLevelDto)
  @IsNotEmpty({ message: 'serviceLevel is required' })
  serviceLevel: ServiceLevelDto;

  @ApiProperty({ type: 'integer', example: 20 })
  @IsInt()
  @Min(5)
  @Max(600)
  offerTimeoutSeconds: number;

  @ApiProperty({ type: 'integer', example: 30, description: '0 = no wrap-up.' })
  @IsInt()
  @Min(0)
  @Max(3_600)
  wrapUpSeconds: number;

  @ApiPropertyOptional({ enum: ROUTING_STRATEGIES, enumName: 'RoutingStrategy', default: 'longest-idle' })
  @Optional()
  @IsIn(ROUTING_STRATEGIES, { message: `strategy must be one of ${ROUTING_STRATEGIES.join(', ')}` })
  strategy?: RoutingStrategy;

  @ApiPropertyOptional({ type: [SkillRequirementDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SkillRequirementDto)
  requiredSkills?: SkillRequirementDto[];

  @ApiPropertyOptional({ type: [OverflowTargetDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => OverflowTargetDto)
  overflow?: OverflowTargetDto[];

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: -1000, maximum: 1000 })
  @Optional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  basePriority?: number;

  @ApiPropertyOptional({
    type: [String],
    example: ['https://shop.example'],
    description: 'Origins of other sites whose pages may open this queue\u2019s web chat (the widget).',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, {
    each: true,
    message: 'chatOrigins must be origins such as https://shop.example (scheme, host and port, lower case, no path)',
  })
  chatOrigins?: string[];

  @ApiPropertyOptional({ default: true, description: 'Offer a satisfaction survey after each resolution.' })
  @Optional()
  @IsBoolean({ message: 'surveyEnabled must be true or false' })
  surveyEnabled?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    default: 7,
    minimum: 0,
    maximum: 365,
    description: 'No second survey for a customer within this many days of the last (0: every resolution).',
  })
  @Optional()
  @IsInt({ message: 'surveyCooldownDays must be a whole number of days' })
  @Min(0, { message: 'surveyCooldownDays must be at least 0' })
  @Max(365, { message: 'surveyCooldownDays must be at most 365' })
  surveyCooldownDays?: number;

  @ApiPropertyOptional({
    type: QueueAlertsDto,
    description: "The wallboard's alert thresholds; each one left out keeps its default (or, on PATCH, its value).",
  })
  @Optional()
  @ValidateNested()
  @Type(() => QueueAlertsDto)
  @IsNotEmpty({ message: 'alerts must be an object' })
  alerts?: QueueAlertsDto;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: 'complaints@support.example',
    description:
      'The queue\u2019s inbound address: mail to it opens tickets here (unique among queues; null removes it). Replies come back to <local>+<token>@<domain>, so the local part has no "+".',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @ValidateIf((_o: object, value: unknown) => value !== undefined && value !== null)
  @IsString({ message: 'email must be an e-mail address or null' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsEmail(
    { require_tld: false, allow_utf8_local_part: false },
    { message: 'email must be an e-mail address such as complaints@support.example' },
  )
  @Matches(/^[^+]*$/, { message: 'email must not contain "+": replies come back to <local>+<token>@<domain>' })
  email?: string | null;

  @ApiPropertyOptional({ type: EmailAcknowledgementDto })
  @Optional()
  @ValidateNested()
  @Type(() => EmailAcknowledgementDto)
  @IsNotEmpty({ message: 'emailAcknowledgement must be an object' })
  emailAcknowledgement?: EmailAcknowledgementDto;
}

export class UpdateQueueDto
  extends PartialType(OmitType(CreateQueueDto, ['key'] as const), { skipNullProperties: false })
  implements UpdateQueueRequest
{
  @ApiPropertyOptional({ description: 'false brings a retired queue back into service.' })
  @Optional()
  @IsBoolean()
  retired?: boolean;
}

export class ListQueuesQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Also list retired queues.' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeRetired must be true or false' })
  includeRetired?: boolean;
}

export class QueueResponseDto implements QueueResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: ServiceLevelDto }) serviceLevel: ServiceLevelDto;
  @ApiProperty({ type: 'integer' }) offerTimeoutSeconds: number;
  @ApiProperty({ type: 'integer' }) wrapUpSeconds: number;
  @ApiProperty({ enum: ROUTING_STRATEGIES, enumName: 'RoutingStrategy' }) strategy: RoutingStrategy;
  @ApiProperty({ type: [SkillRequirementDto] }) requiredSkills: SkillRequirementDto[];
  @ApiProperty({ type: [OverflowTargetDto] }) overflow: OverflowTargetDto[];
  @ApiProperty({ type: 'integer' }) basePriority: number;
  @ApiProperty({ type: [String] }) chatOrigins: string[];
  @ApiProperty() surveyEnabled: boolean;
  @ApiProperty({ type: 'integer' }) surveyCooldownDays: number;
  @ApiProperty({ type: QueueAlertThresholdsResponseDto }) alerts: QueueAlertThresholdsResponseDto;
  @ApiProperty({ type: 'string', nullable: true }) email: string | null;
  @ApiProperty({ type: EmailAcknowledgementDto }) emailAcknowledgement: EmailAcknowledgementDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Retired: takes no new tickets.' })
  retiredAt: string | null;
}
