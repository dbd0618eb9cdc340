import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  RefreshRequest,
  Role,
  UserSummary,
} from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional, Trim } from '../common/dto.js';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'agent1@switchboard.local', maxLength: 320 })
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'switchboard', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({ description: 'Omit when the session cookie is sent (browsers).', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'At least 10 characters and hard to guess.' })
  @IsString()
  @MaxLength(200)
  newPassword: string;
}

export class UserSummaryDto implements UserSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ description: 'Only the password change works until the user chooses their own.' })
  passwordChangeRequired: boolean;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiPropertyOptional({ description: 'For clients without cookies; absent from refresh answers.' })
  refreshToken?: string;
  @ApiProperty({ format: 'date-time' }) sessionExpiresAt: string;
  @ApiProperty({ type: UserSummaryDto }) user: UserSummaryDto;
}
