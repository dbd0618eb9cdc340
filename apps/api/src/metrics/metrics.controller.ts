import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  AgentMetricsResponse,
  MetricDefinitionView,
  MetricsHistoryResponse,
  QueueMetrics,
} from '@switchboard/contracts';
import { METRIC_DEFINITIONS } from '@switchboard/domain';
import { Roles } from '../auth/auth.decorators.js';
import { bucketSeconds, MetricsHistoryQueryDto, MetricsWindowQueryDto } from './metrics.query.js';
import { MetricsService } from './metrics.service.js';

/** Live and historical queue and agent figures: supervisors, QA and admins (agents see their queues over the socket). */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Roles('supervisor', 'admin', 'qa')
  @Get('queues')
  @ApiOperation({ summary: "Every queue's live figures over the rolling window (contract shape), plus today's." })
  @ApiOkResponse({ description: 'QueueMetrics[]' })
  queues(@Query() query: MetricsWindowQueryDto): Promise<QueueMetrics[]> {
    return this.metrics.queues(query.windowSeconds);
  }

  @Roles('supervisor', 'admin', 'qa')
  @Get('agents')
  @ApiOperation({ summary: 'Per agent: status, activity, time in state, handled, AHT, occupancy.' })
  agents(@Query() query: MetricsWindowQueryDto): Promise<AgentMetricsResponse> {
    return this.metrics.agents(query.windowSeconds);
  }

  @Roles('supervisor', 'admin', 'qa')
  @Get('history')
  @ApiOperation({ summary: "One queue's figures per bucket over [from, to), from the event log." })
  history(@Query() query: MetricsHistoryQueryDto): Promise<MetricsHistoryResponse> {
    return this.metrics.history(query.queue, query.from, query.to, bucketSeconds(query.bucket ?? '15m'));
  }

  @Roles('supervisor', 'admin', 'qa', 'agent')
  @Get('definitions')
  @ApiOperation({ summary: 'What each figure means, with the version of its definition.' })
  definitions(): readonly MetricDefinitionView[] {
    return METRIC_DEFINITIONS;
  }
}
