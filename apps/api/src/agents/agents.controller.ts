import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import type { AgentDirectoryEntry, AgentResponse, AgentWorkResponse } from '@switchboard/contracts';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AgentDirectoryEntryDto, AgentWorkResponseDto } from './agent-work.dto.js';
import { AgentResponseDto, CreateAgentDto, UpdateAgentDto } from './agent.dto.js';
import { AgentsService } from './agents.service.js';
import { ListAgentsQueryDto } from './list-agents.query.js';

@ApiTags('agents')
@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Can('agent.manage')
  @Post()
  @ApiOperationDoc({
    id: 'createAgent',
    summary: 'Create an agent with queues, skills and capacity',
    status: 201,
    ok: AgentResponseDto,
    errors: [400, 409, 413, 415],
  })
  create(@Body() body: CreateAgentDto, @CurrentUser() actor: AuthUser): Promise<AgentResponse> {
    return this.agents.create(body, actor);
  }

  @Can('agent.read')
  @Get()
  @ApiOperationDoc({
    id: 'listAgents',
    summary: 'List agents',
    description: 'Each with `warnings`: queues they are in but lack a required skill for.',
    ok: [AgentResponseDto],
    errors: [400],
  })
  list(@Query() query: ListAgentsQueryDto): Promise<AgentResponse[]> {
    return this.agents.list(query.queue);
  }

  @Can('agent.directory')
  @Get('directory')
  @ApiOperationDoc({
    id: 'listAgentDirectory',
    summary: 'Colleagues a ticket can be handed to',
    description: 'Name, queues and status of every active agent.',
    ok: [AgentDirectoryEntryDto],
    errors: [400],
  })
  directory(@Query() query: ListAgentsQueryDto): Promise<AgentDirectoryEntry[]> {
    return this.agents.directory(query.queue);
  }

  @Can('agent.own')
  @Get('me')
  @ApiOperationDoc({ id: 'getOwnAgentProfile', summary: "The calling agent's profile", ok: AgentResponseDto })
  me(@CurrentUser() user: AuthUser): Promise<AgentResponse> {
    return this.agents.get(user.id);
  }

  @Can('agent.own')
  @Get('me/work')
  @ApiOperationDoc({
    id: 'getOwnWork',
    summary: 'What the desk shows',
    description: 'Pending offers, held tickets and the wrap-up deadline of the calling agent.',
    ok: AgentWorkResponseDto,
  })
  work(@CurrentUser() user: AuthUser): Promise<AgentWorkResponse> {
    return this.agents.work(user.id);
  }

  @Can('agent.read')
  @Get(':id')
  @ApiOperationDoc({ id: 'getAgent', summary: 'Read an agent', ok: AgentResponseDto, errors: [400, 404] })
  get(@Param('id', uuidParam('id')) id: string): Promise<AgentResponse> {
    return this.agents.get(id);
  }

  @Can('agent.manage')
  @Patch(':id')
  @ApiOperationDoc({
    id: 'updateAgent',
    summary: "Edit an agent's name, queues, skills or capacity",
    description:
      "`queues` and `skills` replace their lists; capacity channels left out keep their value. The agent's " +
      'sockets follow the new queues at once. Answers the agent with `warnings` for queues whose required ' +
      'skills they lack.',
    ok: AgentResponseDto,
    errors: [400, 404, 413, 415],
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateAgentDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<AgentResponse> {
    return this.agents.update(id, body, actor);
  }
}
