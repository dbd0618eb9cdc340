import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CreateUserRequest,
  CreateUserResponse,
  ListUsersQuery,
  ResetPasswordRequest,
  ResetPasswordResponse,
  Role,
  UpdateUserRequest,
  UserAccount,
} from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Optional, Trim } from '../common/dto.js';
import { ActionResultDto } from '../common/openapi.js';

const ROLE_MESSAGE = `role must be one of ${ROLES.join(', ')}`;

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'Deniz Kaya', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'email', maxLength: 320 })
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES, { message: ROLE_MESSAGE })
  role: Role;

  @ApiPropertyOptional({ maxLength: 200, description: 'Omit to have one generated and answered once.' })
  @Optional()
  @IsString()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  requirePasswordChange?: boolean;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @Optional()
  @IsIn(ROLES, { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional({ description: "true signs the user out everywhere; an agent's work returns to its queues." })
  @Optional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'Omit to have one generated and answered once.' })
  @Optional()
  @IsString()
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  requirePasswordChange?: boolean;
}

export class ListUsersQueryDto implements ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @Optional()
  @IsIn(ROLES, { message: ROLE_MESSAGE })
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the name or e-mail.', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: true, description: 'false leaves disabled users out.' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'includeDisabled must be true or false' })
  includeDisabled?: boolean;
}

export class UserAccountDto implements UserAccount {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty() disabled: boolean;
  @ApiProperty() passwordChangeRequired: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastSignInAt: string | null;
}

export class CreateUserResponseDto implements CreateUserResponse {
  @ApiProperty({ type: UserAccountDto }) user: UserAccountDto;
  @ApiPropertyOptional({ description: 'The generated password, shown this once.' }) temporaryPassword?: string;
}

export class ResetPasswordResponseDto implements ResetPasswordResponse {
  @ApiProperty({ type: ActionResultDto }) result: ActionResultDto;
  @ApiPropertyOptional({ description: 'The generated password, shown this once.' }) temporaryPassword?: string;
}
