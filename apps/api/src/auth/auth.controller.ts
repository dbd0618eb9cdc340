import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES, type LoginResponse, type UserSummary } from '@switchboard/contracts';
import { CurrentUser, Public, Roles, type AuthUser } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponseDto, UserSummaryDto } from './login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or the user is disabled.' })
  login(@Body() body: LoginDto): Promise<LoginResponse> {
    return this.auth.login(body.email, body.password);
  }

  @Roles(...ROLES)
  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserSummaryDto })
  me(@CurrentUser() user: AuthUser): UserSummary {
    return user;
  }
}
