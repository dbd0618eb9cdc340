import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AgentResponse, CompleteWrapUpResponse } from '@switchboard/contracts';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { actionResult } from '../common/action-result.js';
import { ApiAction, ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AgentResponseDto } from './agent.dto.js';
import { CompleteWrapUpResponseDto, SetAgentStatusDto } from './agent-work.dto.js';
import { AgentWorkService } from './agent-work.service.js';

/** An agent's status and wrap-up: set by the agent, or by a supervisor. */
@ApiTags('agents')
@Controller('agents')
export class AgentWorkController {
  constructor(private readonly work: AgentWorkService) {}

  @Can('agent.own')
  @Put('me/status')
  @ApiOperationDoc({
    id: 'setOwnStatus',
    summary: 'Set your status',
    description: 'Available makes the agent routable at once; away or offline takes back a pending offer.',
    ok: AgentResponseDto,
    errors: [400, 413, 415],
  })
  setMyStatus(@Body() body: SetAgentStatusDto, @CurrentUser() user: AuthUser): Promise<AgentResponse> {
    return this.work.setStatus(user.id, body.status, body.reason, user);
  }

  @Can('agent.set-status')
  @Put(':id/status')
  @ApiOperationDoc({
    id: 'setAgentStatus',
    summary: "Set an agent's status",
    description:
      'A supervisor action: in the audit log, and on the agent\u2019s timeline with the supervisor as actor.',
    ok: AgentResponseDto,
    errors: [400, 404, 413, 415],
  })
  setStatus(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SetAgentStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AgentResponse> {
    return this.work.setStatus(id, body.status, body.reason, user);
  }

  @Can('agent.own')
  @Post('me/wrap-up/complete')
  @HttpCode(200)
  @ApiAction({
    id: 'completeWrapUp',
    summary: 'End your wrap-up now',
    description: 'The agent is routable again. 409 when not in wrap-up.',
    ok: CompleteWrapUpResponseDto,
    errors: [409],
  })
  async completeWrapUp(@CurrentUser() user: AuthUser): Promise<CompleteWrapUpResponse> {
    const ticket = await this.work.completeWrapUp(user);
    return { status: 'idle', ...actionResult('agent.wrap_up_complete', { type: 'agent', id: user.id }, ticket) };
  }
}
