import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { AgentPeriodFigures, AgentSummaryResponse } from '@switchboard/contracts';
import { localDayStart, localWeekStart } from '@switchboard/domain';
import {
  loadAgentMetrics,
  loadAgentOutcomes,
  outcomeRates,
  loadAgentQaAverages,
  loadLatestAgentEvaluations,
} from '@switchboard/persistence';
import type { DataSource } from 'typeorm';
import { InjectConfig } from '../common/app-config.js';

const LAST_EVALUATIONS = 5;

/**
 * The agent's own day and week on the idle desk: handled and AHT (loadAgentMetrics), FCR and CSAT
 * (loadAgentOutcomes) by the metric engine's readers, so they agree with the wallboard and the
 * quality report; and the agent's QA average and newest evaluations.
 */
@Injectable()
export class AgentSummaryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async summary(agentId: string, timeZone: string | undefined, nowMs = Date.now()): Promise<AgentSummaryResponse> {
    const zone = timeZone ?? this.config.metrics.timeZone;
    const now = new Date(nowMs);
    const periods = [
      { fromMs: localDayStart(now, zone).getTime(), toMs: nowMs },
      { fromMs: localWeekStart(now, zone).getTime(), toMs: nowMs },
    ] as const;
    const manager = this.db.manager;
    const [dayWork, weekWork, dayOutcomes, weekOutcomes, qa, last] = await Promise.all([
      loadAgentMetrics(manager, { fromMs: periods[0].fromMs, asOfMs: nowMs }, [agentId]),
      loadAgentMetrics(manager, { fromMs: periods[1].fromMs, asOfMs: nowMs }, [agentId]),
      loadAgentOutcomes(manager, periods[0], [agentId]),
      loadAgentOutcomes(manager, periods[1], [agentId]),
      loadAgentQaAverages(manager, agentId, periods),
      loadLatestAgentEvaluations(manager, agentId, LAST_EVALUATIONS),
    ]);
    const figures = (i: 0 | 1): AgentPeriodFigures => {
      const work = (i === 0 ? dayWork : weekWork)[0];
      const outcomes = (i === 0 ? dayOutcomes : weekOutcomes)[0];
      return {
        from: new Date(periods[i].fromMs).toISOString(),
        to: now.toISOString(),
        handled: work?.handled ?? 0,
        ahtSeconds: work?.ahtSeconds ?? null,
        ...outcomeRates(outcomes),
        qaAverage: qa[i]?.qaAverage ?? null,
        evaluations: qa[i]?.evaluations ?? 0,
      };
    };
    return {
      timeZone: zone,
      day: figures(0),
      week: figures(1),
      lastEvaluations: last.map((e) => ({ ...e, submittedAt: e.submittedAt.toISOString() })),
    };
  }
}
