import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AgentDirectoryEntry, AgentResponse, AgentWorkResponse } from '@switchboard/contracts';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AgentResponseDto, CreateAgentDto } from './agent.dto.js';
import { AgentsService } from './agents.service.js';
import { ListAgentsQueryDto } from './list-agents.query.js';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: AgentResponseDto })
  create(@Body() body: CreateAgentDto): Promise<AgentResponse> {
    return this.agents.create(body);
  }

  @Roles('admin', 'supervisor')
  @Get()
  @ApiQuery({ name: 'queue', required: false })
  @ApiOkResponse({ type: [AgentResponseDto] })
  list(@Query() query: ListAgentsQueryDto): Promise<AgentResponse[]> {
    return this.agents.list(query.queue);
  }

  @Roles('agent', 'supervisor', 'admin')
  @Get('directory')
  @ApiQuery({ name: 'queue', required: false })
  @ApiOkResponse({ description: 'Name, queues and status of every agent: whom a ticket can be transferred to.' })
  directory(@Query() query: ListAgentsQueryDto): Promise<AgentDirectoryEntry[]> {
    return this.agents.directory(query.queue);
  }

  @Roles('agent')
  @Get('me')
  @ApiOkResponse({ type: AgentResponseDto })
  me(@CurrentUser() user: AuthUser): Promise<AgentResponse> {
    return this.agents.get(user.id);
  }

  @Roles('agent')
  @Get('me/work')
  @ApiOkResponse({ description: 'Pending offers, held tickets and the wrap-up deadline: what the desk shows.' })
  work(@CurrentUser() user: AuthUser): Promise<AgentWorkResponse> {
    return this.agents.work(user.id);
  }

  @Roles('admin', 'supervisor')
  @Get(':id')
  @ApiOkResponse({ type: AgentResponseDto })
  get(@Param('id', uuidParam('id')) id: string): Promise<AgentResponse> {
    return this.agents.get(id);
  }
}
