import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import type { CreateUserResponse, ResetPasswordResponse, UserAccount } from '@switchboard/contracts';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import {
  CreateUserDto,
  CreateUserResponseDto,
  ListUsersQueryDto,
  ResetPasswordDto,
  ResetPasswordResponseDto,
  UpdateUserDto,
  UserAccountDto,
} from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Can('user.manage')
  @Get()
  @ApiOperationDoc({
    id: 'listUsers',
    summary: 'List users of every role',
    ok: [UserAccountDto],
    errors: [400],
  })
  list(@Query() query: ListUsersQueryDto): Promise<UserAccount[]> {
    return this.users.list(query);
  }

  @Can('user.manage')
  @Post()
  @ApiOperationDoc({
    id: 'createUser',
    summary: 'Create a user',
    description:
      'Any role. Without `password` one is generated and answered once (`temporaryPassword`). The user must ' +
      'choose their own at first sign-in unless `requirePasswordChange` is false. A new agent is in no queue: set ' +
      'them up with PATCH /api/agents/{id}.',
    status: 201,
    ok: CreateUserResponseDto,
    errors: [400, 409, 413, 415],
  })
  create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<CreateUserResponse> {
    return this.users.create(body, actor);
  }

  @Can('user.manage')
  @Get(':id')
  @ApiOperationDoc({ id: 'getUser', summary: 'Read a user', ok: UserAccountDto, errors: [400, 404] })
  get(@Param('id', uuidParam('id')) id: string): Promise<UserAccount> {
    return this.users.get(id);
  }

  @Can('user.manage')
  @Patch(':id')
  @ApiOperationDoc({
    id: 'updateUser',
    summary: 'Rename, change the role of, disable or enable a user',
    description:
      'A disabled user is signed out everywhere at once; a changed role applies to their next request and ' +
      'reconnects their sockets. An agent who is disabled or given another role hands back their work: pending ' +
      'offers and tickets in progress return to their queues. Admins cannot demote or disable themselves, nor ' +
      'the last active admin.',
    ok: UserAccountDto,
    errors: [400, 404, 409, 413, 415],
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserAccount> {
    return this.users.update(id, body, actor);
  }

  @Can('user.manage')
  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'resetUserPassword',
    summary: "Reset a user's password",
    description:
      'Without `password` one is generated and answered once. Every session of the user ends; they must choose ' +
      'their own password at the next sign-in unless `requirePasswordChange` is false.',
    ok: ResetPasswordResponseDto,
    errors: [400, 404, 413, 415],
  })
  resetPassword(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ResetPasswordDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<ResetPasswordResponse> {
    return this.users.resetPassword(id, body, actor);
  }
}
