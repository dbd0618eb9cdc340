import { Controller, Get, Query } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import type {
  AgentMetricsResponse,
  MetricDefinitionView,
  MetricsHistoryResponse,
  QueueMetrics,
} from '@switchboard/contracts';
import { METRIC_DEFINITIONS } from '@switchboard/domain';
import { ApiOperationDoc } from '../common/openapi.js';
import {
  AgentMetricsResponseDto,
  MetricDefinitionDto,
  MetricsHistoryResponseDto,
  QueueMetricsDto,
} from './metrics.dto.js';
import { bucketSeconds, MetricsHistoryQueryDto, MetricsWindowQueryDto } from './metrics.query.js';
import { MetricsService } from './metrics.service.js';

/** Live and historical queue and agent figures: supervisors, QA and admins (agents see their queues over the socket). */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Can('metrics.read')
  @Get('queues')
  @ApiOperationDoc({
    id: 'listQueueMetrics',
    summary: "Every queue's live figures",
    description: "Over the rolling window (the contract's shape), plus today's; the same as the `metrics.queues` push.",
    ok: [QueueMetricsDto],
    errors: [400],
  })
  queues(@Query() query: MetricsWindowQueryDto): Promise<QueueMetrics[]> {
    return this.metrics.queues(query.windowSeconds);
  }

  @Can('metrics.read')
  @Get('agents')
  @ApiOperationDoc({
    id: 'listAgentMetrics',
    summary: "Every agent's live figures",
    description: 'Status, activity, time in state, handled, AHT and occupancy over the window.',
    ok: AgentMetricsResponseDto,
    errors: [400],
  })
  agents(@Query() query: MetricsWindowQueryDto): Promise<AgentMetricsResponse> {
    return this.metrics.agents(query.windowSeconds);
  }

  @Can('metrics.read')
  @Get('history')
  @ApiOperationDoc({
    id: 'getQueueMetricsHistory',
    summary: "One queue's figures per bucket",
    description: 'Over [from, to), computed from the event log with the same definitions as the live figures.',
    ok: MetricsHistoryResponseDto,
    errors: [400, 404],
  })
  history(@Query() query: MetricsHistoryQueryDto): Promise<MetricsHistoryResponse> {
    return this.metrics.history(query.queue, query.from, query.to, bucketSeconds(query.bucket ?? '15m'));
  }

  @Can('metrics.definitions')
  @Get('definitions')
  @ApiOperationDoc({
    id: 'listMetricDefinitions',
    summary: 'What each figure means',
    description: 'The definition of every figure, with the version the figures are computed with.',
    ok: [MetricDefinitionDto],
  })
  definitions(): readonly MetricDefinitionView[] {
    return METRIC_DEFINITIONS;
  }
}
