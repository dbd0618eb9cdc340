import type { QueueAlertThresholds, ServiceLevelTarget, SkillRequirement } from '@switchboard/contracts';
import type { EntityManager } from 'typeorm';

/** What the metrics engine needs of a queue in service: its targets, thresholds and required skills. */
export interface QueueMetricsSettings {
  key: string;
  name: string;
  serviceLevel: ServiceLevelTarget;
  alertThresholds: QueueAlertThresholds;
  requiredSkills: SkillRequirement[];
}

/** Every queue in service, by key, in one statement (the engine re-reads it every second). */
export async function loadQueueMetricsSettings(manager: EntityManager): Promise<QueueMetricsSettings[]> {
  const rows = (await manager.query(
    `SELECT q.key, q.name, q.sl_threshold_seconds, q.sl_target_percent,
            q.alert_longest_wait_seconds, q.alert_abandon_rate_percent, q.alert_min_sample,
            coalesce((SELECT json_agg(json_build_object('skill', s.key, 'minLevel', r.min_level) ORDER BY s.key)
                        FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id
                       WHERE r.queue_id = q.id), '[]') AS required_skills
       FROM queues q WHERE q.retired_at IS NULL ORDER BY q.key`,
  )) as {
    key: string;
    name: string;
    sl_threshold_seconds: number;
    sl_target_percent: number;
    alert_longest_wait_seconds: number;
    alert_abandon_rate_percent: number;
    alert_min_sample: number;
    required_skills: SkillRequirement[];
  }[];
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    serviceLevel: { thresholdSeconds: r.sl_threshold_seconds, targetPercent: r.sl_target_percent },
    alertThresholds: {
      longestWaitSeconds: r.alert_longest_wait_seconds,
      abandonRatePercent: r.alert_abandon_rate_percent,
      minSample: r.alert_min_sample,
    },
    requiredSkills: r.required_skills,
  }));
}
