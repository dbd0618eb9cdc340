import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ROLES, type QueueResponse } from '@switchboard/contracts';
import { Roles } from '../auth/auth.decorators.js';
import { CreateQueueDto, QueueResponseDto } from './queue.dto.js';
import { QueuesService } from './queues.service.js';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: QueueResponseDto })
  @ApiConflictResponse({ description: 'A queue with this key exists.' })
  create(@Body() body: CreateQueueDto): Promise<QueueResponse> {
    return this.queues.create(body);
  }

  @Roles(...ROLES)
  @Get()
  @ApiOkResponse({ type: [QueueResponseDto] })
  list(): Promise<QueueResponse[]> {
    return this.queues.list();
  }

  @Roles(...ROLES)
  @Get(':key')
  @ApiOkResponse({ type: QueueResponseDto })
  get(@Param('key') key: string): Promise<QueueResponse> {
    return this.queues.get({ key });
  }
}
