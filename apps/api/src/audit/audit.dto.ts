import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntry, Page, Role } from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/dto.js';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did.' })
  @Optional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'user.updated' })
  @Optional()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must look like resource.verb (user.updated)' })
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @Optional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'targetType must be a resource name such as user, queue, agent, ticket' })
  targetType?: string;

  @ApiPropertyOptional({ description: 'The id (or queue key) of the target.' })
  @Optional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

class AuditActorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
}

class AuditTargetDto {
  @ApiProperty({ example: 'user' }) type: string;
  @ApiProperty() id: string;
  @ApiProperty({ type: 'string', nullable: true }) label: string | null;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ description: 'Rises with time.' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'null once the user was deleted.' })
  actor: AuditActorDto | null;
  @ApiProperty({ example: 'user.updated' }) action: string;
  @ApiProperty({ type: AuditTargetDto }) target: AuditTargetDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
}

export class AuditPageDto implements Page<AuditEntry> {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}
