import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import type {
  AgentQueueWarning,
  AgentResponse,
  AgentSkill,
  AgentStatus,
  ChannelCapacity,
  CreateAgentRequest,
  UpdateAgentRequest,
} from '@switchboard/contracts';
import { AGENT_STATUSES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, Trim } from '../common/dto.js';

export class AgentSkillDto implements AgentSkill {
  @ApiProperty({ example: 'billing' })
  @Matches(KEY_PATTERN, { message: `skill ${KEY_MESSAGE}` })
  skill: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  level: number;
}

export class CapacityDto implements Partial<ChannelCapacity> {
  @ApiPropertyOptional({ type: 'integer', default: 1 }) @Optional() @IsInt() @Min(0) @Max(10) voice?: number;
  @ApiPropertyOptional({ type: 'integer', default: 3 }) @Optional() @IsInt() @Min(0) @Max(50) chat?: number;
  @ApiPropertyOptional({ type: 'integer', default: 5 }) @Optional() @IsInt() @Min(0) @Max(50) email?: number;
  @ApiPropertyOptional({ type: 'integer', default: 5 }) @Optional() @IsInt() @Min(0) @Max(50) web?: number;
}

export class CreateAgentDto implements CreateAgentRequest {
  @ApiProperty({ example: 'Ayşe Yılmaz' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ayse@example.com' })
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: 10, description: 'At least 10 characters and hard to guess.' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: ['complaints'], description: 'Keys of the queues the agent takes work from.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(KEY_PATTERN, { each: true, message: `each value in queues ${KEY_MESSAGE}` })
  queues: string[];

  @ApiPropertyOptional({ type: [AgentSkillDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AgentSkillDto)
  skills?: AgentSkillDto[];

  @ApiPropertyOptional({ type: CapacityDto })
  @Optional()
  @ValidateNested()
  @Type(() => CapacityDto)
  capacity?: CapacityDto;

  @ApiPropertyOptional({
    default: false,
    description:
      'true: the agent must choose their own password at first sign-in (as POST /api/users does by default). ' +
      'False by default here, where provisioning scripts set passwords the agents keep.',
  })
  @Optional()
  @IsBoolean()
  requirePasswordChange?: boolean;
}

export class ChannelCapacityDto implements ChannelCapacity {
  @ApiProperty({ type: 'integer' }) voice: number;
  @ApiProperty({ type: 'integer' }) chat: number;
  @ApiProperty({ type: 'integer' }) email: number;
  @ApiProperty({ type: 'integer' }) web: number;
}

export class UpdateAgentDto
  extends PartialType(OmitType(CreateAgentDto, ['email', 'password', 'queues', 'requirePasswordChange'] as const), {
    skipNullProperties: false,
  })
  implements UpdateAgentRequest
{
  @ApiPropertyOptional({
    example: ['complaints'],
    description: 'Replaces the whole list; [] takes the agent out of every queue.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(KEY_PATTERN, { each: true, message: `each value in queues ${KEY_MESSAGE}` })
  queues?: string[];
}

class MissingSkillDto {
  @ApiProperty() skill: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10 }) minLevel: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "The agent's level; null when they lack the skill." })
  level: number | null;
}

export class AgentQueueWarningDto implements AgentQueueWarning {
  @ApiProperty() queue: string;
  @ApiProperty({ type: [MissingSkillDto] }) missingSkills: MissingSkillDto[];
}

export class AgentResponseDto implements AgentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: [String] }) queues: string[];
  @ApiProperty({ type: [AgentSkillDto] }) skills: AgentSkillDto[];
  @ApiProperty({ type: ChannelCapacityDto }) capacity: ChannelCapacityDto;
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' }) status: AgentStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'date-time' }) statusSince: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Disabled users cannot sign in or be offered work.' }) disabled: boolean;
  @ApiProperty({
    type: [AgentQueueWarningDto],
    description:
      "Queues the agent is in but cannot get work from: a required skill is missing or below the queue's level.",
  })
  warnings: AgentQueueWarningDto[];
}
