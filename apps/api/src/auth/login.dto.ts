import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest, LoginResponse, Role, UserSummary } from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { Trim } from '../common/dto.js';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'agent1@switchboard.local' })
  @Trim()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'switchboard' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class UserSummaryDto implements UserSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: UserSummaryDto }) user: UserSummaryDto;
}
