import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import { type QueueResponse } from '@switchboard/contracts';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { queueKeyParam } from '../common/uuid-param.pipe.js';
import { CreateQueueDto, ListQueuesQueryDto, QueueResponseDto, UpdateQueueDto } from './queue.dto.js';
import { QueuesService } from './queues.service.js';

@ApiTags('queues')
@Controller('queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Can('queue.manage')
  @Post()
  @ApiOperationDoc({
    id: 'createQueue',
    summary: 'Create a queue',
    status: 201,
    ok: QueueResponseDto,
    errors: [400, 409, 413, 415],
  })
  create(@Body() body: CreateQueueDto, @CurrentUser() actor: AuthUser): Promise<QueueResponse> {
    return this.queues.create(body, actor);
  }

  @Can('queue.read')
  @Get()
  @ApiOperationDoc({ id: 'listQueues', summary: 'List queues', ok: [QueueResponseDto], errors: [400] })
  list(@Query() query: ListQueuesQueryDto): Promise<QueueResponse[]> {
    return this.queues.list(query.includeRetired ?? false);
  }

  @Can('queue.read')
  @Get(':key')
  @ApiOperationDoc({ id: 'getQueue', summary: 'Read a queue', ok: QueueResponseDto, errors: [400, 404] })
  get(@Param('key', queueKeyParam()) key: string): Promise<QueueResponse> {
    return this.queues.get({ key });
  }

  @Can('queue.manage')
  @Patch(':key')
  @ApiOperationDoc({
    id: 'updateQueue',
    summary: 'Edit a queue',
    description:
      'Only the fields given change; `requiredSkills` and `overflow` replace their lists. Waiting tickets are ' +
      'routed by the new settings from their next routing pass. `retired: false` brings a retired queue back.',
    ok: QueueResponseDto,
    errors: [400, 404, 413, 415],
  })
  update(
    @Param('key', queueKeyParam()) key: string,
    @Body() body: UpdateQueueDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<QueueResponse> {
    return this.queues.update(key, body, actor);
  }

  @Can('queue.manage')
  @Delete(':key')
  @ApiOperationDoc({
    id: 'retireQueue',
    summary: 'Retire a queue',
    description:
      'The queue takes no new tickets and leaves the lists and the wallboard; its tickets and figures stay in ' +
      'history. Refused (409) while it holds open tickets or another queue overflows into it.',
    ok: QueueResponseDto,
    errors: [400, 404, 409],
  })
  retire(@Param('key', queueKeyParam()) key: string, @CurrentUser() actor: AuthUser): Promise<QueueResponse> {
    return this.queues.retire(key, actor);
  }
}
