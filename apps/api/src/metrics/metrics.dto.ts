import { ApiProperty } from '@nestjs/swagger';
import type {
  AgentActivity,
  AgentCounts,
  AgentMetrics,
  AgentMetricsResponse,
  AgentSkill,
  AgentStatus,
  IntervalFigures,
  MetricDefinitionView,
  MetricsHistoryBucket,
  MetricsHistoryResponse,
  QueueAlert,
  QueueAlertKind,
  QueueAlertThresholds,
  QueueMetrics,
  StaffingFigures,
} from '@switchboard/contracts';
import { AGENT_ACTIVITIES, AGENT_STATUSES, QUEUE_ALERT_KINDS } from '@switchboard/contracts';

const percent = (description: string) =>
  ({ type: 'number', nullable: true, minimum: 0, maximum: 100, description }) as const;
const seconds = (description: string) => ({ type: 'number', nullable: true, minimum: 0, description }) as const;

export class AgentCountsDto implements AgentCounts {
  @ApiProperty({ type: 'integer', description: 'Available and idle, or holding an offer.' }) available: number;
  @ApiProperty({ type: 'integer', description: 'Handling at least one ticket.' }) busy: number;
  @ApiProperty({ type: 'integer', description: 'In after-contact work.' }) wrapUp: number;
  @ApiProperty({ type: 'integer' }) away: number;
  @ApiProperty({ type: 'integer' }) offline: number;
}

/** The figures of the metric definitions (GET /api/metrics/definitions) over one interval. */
export class IntervalFiguresDto implements IntervalFigures {
  @ApiProperty({ type: 'integer', description: 'Tickets that entered the queue (new, transferred in, reopened).' })
  offered: number;
  @ApiProperty({ type: 'integer' }) answered: number;
  @ApiProperty({ type: 'integer' }) abandoned: number;
  @ApiProperty(seconds('Mean enqueue → accept of the tickets answered.')) asaSeconds: number | null;
  @ApiProperty(percent('Answered within the threshold / (answered + abandoned after it).'))
  serviceLevelPercent: number | null;
  @ApiProperty(percent('Abandoned / entered.')) abandonRatePercent: number | null;
  @ApiProperty(seconds('Mean accept → wrap-up end.')) ahtSeconds: number | null;
  @ApiProperty(percent('Resolved at first contact / resolved.')) fcrPercent: number | null;
  @ApiProperty({ description: 'A resolution counted here is younger than the FCR window: it may still change.' })
  fcrProvisional: boolean;
  @ApiProperty(percent('Ratings of 4–5 / ratings.')) csatPercent: number | null;
  @ApiProperty({ type: 'integer', description: 'Ratings received.' }) csatResponses: number;
  @ApiProperty({ type: 'integer', description: 'Satisfaction surveys offered.' }) surveysOffered: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'Survey answers / surveys offered, %.' })
  csatResponseRatePercent: number | null;
}

export class ServiceLevelTargetDto {
  @ApiProperty({ type: 'integer' }) thresholdSeconds: number;
  @ApiProperty({ type: 'number' }) targetPercent: number;
}

export class StaffingFiguresDto implements StaffingFigures {
  @ApiProperty({ type: 'number', minimum: 0, description: 'Live arrival rate × AHT.' }) trafficErlangs: number;
  @ApiProperty({ type: 'integer', description: 'Agents signed in to the queue (available, busy or in wrap-up).' })
  staffed: number;
  @ApiProperty(seconds('What Erlang C predicts for the agents staffed now.')) predictedAsaSeconds: number | null;
  @ApiProperty(percent('What Erlang C predicts for the agents staffed now.'))
  predictedServiceLevelPercent: number | null;
  @ApiProperty({
    type: 'integer',
    description:
      'Agents with status available (whatever they are doing) in the queue with every required skill at its level: who could take a waiting ticket.',
  })
  able: number;
}

export class QueueAlertThresholdsDto implements QueueAlertThresholds {
  @ApiProperty({ type: 'integer', description: 'Alert when the longest wait is over this many seconds.' })
  longestWaitSeconds: number;
  @ApiProperty({ type: 'number', description: 'Alert when the abandon rate is over this percent.' })
  abandonRatePercent: number;
  @ApiProperty({ type: 'integer', description: 'No percentage alert on fewer contacts than this.' })
  minSample: number;
}

export class QueueAlertDto implements QueueAlert {
  @ApiProperty({ enum: QUEUE_ALERT_KINDS, enumName: 'QueueAlertKind' }) kind: QueueAlertKind;
  @ApiProperty({
    type: 'number',
    description: 'Customers waiting (nobody-able), seconds (longest-wait) or percent (abandon-rate, service-level).',
  })
  value: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'What the value was held against; null for nobody-able.',
  })
  threshold: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Contacts a percentage was computed on.' })
  sample: number | null;
}

export class TodayFiguresDto extends IntervalFiguresDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the local day.' }) from: string;
}

export class QueueMetricsDto extends IntervalFiguresDto implements QueueMetrics {
  @ApiProperty({ description: 'Queue key.' }) queue: string;
  @ApiProperty({ description: "The queue's display name." }) name: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: 'integer' }) windowSeconds: number;
  @ApiProperty({ type: 'integer', description: 'Tickets queued, or offered from the queue and not yet accepted.' })
  waiting: number;
  @ApiProperty({ type: 'number', minimum: 0 }) longestWaitSeconds: number;
  @ApiProperty({ type: AgentCountsDto }) agents: AgentCountsDto;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "Erlang C: fewest agents meeting the queue's service-level target.",
  })
  agentsRequired: number | null;
  @ApiProperty({ type: ServiceLevelTargetDto }) serviceLevel: ServiceLevelTargetDto;
  @ApiProperty({
    type: 'integer',
    description: 'Contacts the service level is computed on: answered + abandoned after the threshold.',
  })
  serviceLevelContacts: number;
  @ApiProperty({ type: StaffingFiguresDto }) staffing: StaffingFiguresDto;
  @ApiProperty({ type: QueueAlertThresholdsDto }) alertThresholds: QueueAlertThresholdsDto;
  @ApiProperty({ type: [QueueAlertDto], description: 'Alerts in force now, most urgent first.' })
  alerts: QueueAlertDto[];
  @ApiProperty({ type: TodayFiguresDto }) today: TodayFiguresDto;
}

export class CurrentTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() subject: string;
  @ApiProperty({ example: 'SB-10482' }) reference: string;
}

export class AgentSkillLevelDto implements AgentSkill {
  @ApiProperty() skill: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10 }) level: number;
}

export class AgentMetricsDto implements AgentMetrics {
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) queues: string[];
  @ApiProperty({ enum: AGENT_STATUSES, enumName: 'AgentStatus' }) status: AgentStatus;
  @ApiProperty({ type: 'string', nullable: true }) statusReason: string | null;
  @ApiProperty({ enum: AGENT_ACTIVITIES, enumName: 'AgentActivity' }) activity: AgentActivity;
  @ApiProperty({ type: 'number', minimum: 0 }) timeInStateSeconds: number;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } }) currentTicketIds: string[];
  @ApiProperty({ type: [CurrentTicketDto], description: 'The tickets in hand, in the order of currentTicketIds.' })
  currentTickets: CurrentTicketDto[];
  @ApiProperty({ type: [AgentSkillLevelDto] }) skills: AgentSkillLevelDto[];
  @ApiProperty({ type: 'integer' }) handled: number;
  @ApiProperty(seconds('Mean handle time in the window.')) ahtSeconds: number | null;
  @ApiProperty(percent('Capacity-weighted busy / (busy + idle available) time.')) occupancyPercent: number | null;
}

export class AgentMetricsResponseDto implements AgentMetricsResponse {
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: 'integer' }) windowSeconds: number;
  @ApiProperty({ type: [AgentMetricsDto] }) agents: AgentMetricsDto[];
}

export class MetricsHistoryBucketDto extends IntervalFiguresDto implements MetricsHistoryBucket {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: 'integer' }) waitingAtEnd: number;
  @ApiProperty({ type: 'integer', description: 'The most customers waiting at any moment of the bucket.' })
  waitingPeak: number;
}

export class MetricsHistoryResponseDto implements MetricsHistoryResponse {
  @ApiProperty() queue: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: 'integer' }) bucketSeconds: number;
  @ApiProperty({ type: [MetricsHistoryBucketDto] }) buckets: MetricsHistoryBucketDto[];
  @ApiProperty({ type: IntervalFiguresDto, description: 'The whole interval as one bucket.' })
  total: IntervalFiguresDto;
}

const UNITS = ['count', 'seconds', 'percent', 'agents'] as const;

export class MetricDefinitionDto implements MetricDefinitionView {
  @ApiProperty() key: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty() label: string;
  @ApiProperty() definition: string;
  @ApiProperty({ enum: UNITS, enumName: 'MetricUnit' }) unit: (typeof UNITS)[number];
}
