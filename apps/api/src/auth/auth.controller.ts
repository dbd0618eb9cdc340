import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import { type ActionResponse, type LoginResponse, type UserSummary } from '@switchboard/contracts';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAction, ApiOperationDoc } from '../common/openapi.js';
import { RateLimit } from '../rate-limits/rate-limits.js';
import { BeforePasswordChange, CurrentUser, Public, type AuthUser } from './auth.decorators.js';
import { AuthService, type ClientInfo } from './auth.service.js';
import { toUserSummary } from './token.service.js';
import { ChangePasswordDto, LoginDto, LoginResponseDto, RefreshDto, UserSummaryDto } from './login.dto.js';

/** The session cookie: HttpOnly (scripts never see it), sent only to the sign-in routes, same site only. */
export const SESSION_COOKIE = 'sb_session';
const COOKIE_PATH = '/api/auth';

function clientOf(req: FastifyRequest): ClientInfo {
  return { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent'] };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'login',
    summary: 'Sign in',
    description:
      'Starts a session: a short-lived access token, and the session as an HttpOnly cookie (browsers) and as ' +
      '`refreshToken` (other clients). A wrong password, an unknown e-mail and a disabled user get the same 401; ' +
      'repeated failures of one account or one address get 429 with Retry-After.',
    ok: LoginResponseDto,
    errors: [400, 401, 413, 415, 429, 503],
    public: true,
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const answer = await this.auth.login(body.email, body.password, clientOf(req));
    setSessionCookie(req, res, answer.refreshToken!, answer.sessionExpiresAt);
    return answer;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @RateLimit({ name: 'session-refresh', points: 120, windowSeconds: 60 })
  @ApiOperationDoc({
    id: 'refreshSession',
    summary: 'Get a new access token for the session',
    description: 'From the session cookie, or `refreshToken` in the body. 401 when the session has ended.',
    ok: LoginResponseDto,
    errors: [400, 401, 413, 415, 429, 503],
    public: true,
  })
  async refresh(
    @Body() body: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const token = body.refreshToken ?? parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE] ?? '';
    try {
      return await this.auth.refresh(token);
    } catch (error) {
      if (!body.refreshToken) clearSessionCookie(res);
      throw error;
    }
  }

  @Can('session.own')
  @BeforePasswordChange()
  @Post('logout')
  @HttpCode(200)
  @ApiAction({
    id: 'logout',
    summary: 'End this session',
    description: "The session's access tokens and refresh token stop working on every api process at once.",
    errors: [401],
  })
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: FastifyReply): Promise<ActionResponse> {
    await this.auth.logout(user);
    clearSessionCookie(res);
    return {
      result: {
        action: 'session.logout',
        target: { type: 'session', id: user.sessionId },
        ticket: null,
        at: new Date().toISOString(),
      },
    };
  }

  @Can('session.own')
  @BeforePasswordChange()
  @Get('me')
  @ApiOperationDoc({ id: 'getCurrentUser', summary: 'Who the token belongs to', ok: UserSummaryDto, errors: [401] })
  me(@CurrentUser() user: AuthUser): UserSummary {
    return toUserSummary(user);
  }

  @Can('session.own')
  @BeforePasswordChange()
  @Put('password')
  @ApiAction({
    id: 'changeOwnPassword',
    summary: 'Change your own password',
    description:
      'Needs the current password (failures count like failed sign-ins). Every other session of the user ends.',
    errors: [400, 401, 413, 415, 429, 503],
  })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<ActionResponse> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword, clientOf(req));
    return {
      result: {
        action: 'user.password_change',
        target: { type: 'user', id: user.id },
        ticket: null,
        at: new Date().toISOString(),
      },
    };
  }
}

function setSessionCookie(req: FastifyRequest, res: FastifyReply, value: string, expiresAt: string): void {
  void res.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      path: COOKIE_PATH,
      expires: new Date(expiresAt),
    }),
  );
}

function clearSessionCookie(res: FastifyReply): void {
  void res.header(
    'set-cookie',
    serializeCookie(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      path: COOKIE_PATH,
      expires: new Date(0),
    }),
  );
}
