import type {
  AgentSkill,
  AgentStatus,
  QueueAlert,
  QueueAlertThresholds,
  SkillRequirement,
} from '@switchboard/contracts';

/** What a queue created without `alerts` gets (also the migration's column defaults). */
export const DEFAULT_ALERT_THRESHOLDS: Readonly<QueueAlertThresholds> = Object.freeze({
  longestWaitSeconds: 120,
  abandonRatePercent: 10,
  minSample: 20,
});

export interface QueueAlertInput {
  waiting: number;
  longestWaitSeconds: number;
  /** Agents who could take a waiting ticket (ableAgentsByQueue). */
  able: number;
  offered: number;
  abandonRatePercent: number | null;
  serviceLevelPercent: number | null;
  /** The service level's denominator: answered + abandoned after the threshold. */
  serviceLevelContacts: number;
  serviceLevelTargetPercent: number;
  thresholds: QueueAlertThresholds;
}

/**
 * The alerts a queue raises now, most urgent first. Counts and durations alert at once; a
 * percentage only on at least `minSample` contacts, so three contacts at start-up never make a
 * "service level 33 %" alert.
 */
export function queueAlerts(q: QueueAlertInput): QueueAlert[] {
  const alerts: QueueAlert[] = [];
  const { thresholds: t } = q;
  if (q.waiting > 0 && q.able === 0)
    alerts.push({ kind: 'nobody-able', value: q.waiting, threshold: null, sample: null });
  if (q.waiting > 0 && q.longestWaitSeconds > t.longestWaitSeconds)
    alerts.push({ kind: 'longest-wait', value: q.longestWaitSeconds, threshold: t.longestWaitSeconds, sample: null });
  if (q.abandonRatePercent !== null && q.offered >= t.minSample && q.abandonRatePercent > t.abandonRatePercent)
    alerts.push({
      kind: 'abandon-rate',
      value: q.abandonRatePercent,
      threshold: t.abandonRatePercent,
      sample: q.offered,
    });
  if (
    q.serviceLevelPercent !== null &&
    q.serviceLevelContacts >= t.minSample &&
    q.serviceLevelPercent < q.serviceLevelTargetPercent
  )
    alerts.push({
      kind: 'service-level',
      value: q.serviceLevelPercent,
      threshold: q.serviceLevelTargetPercent,
      sample: q.serviceLevelContacts,
    });
  return alerts;
}

/** What ableAgentsByQueue needs of an agent. */
export interface AgentAbility {
  status: AgentStatus;
  queues: readonly string[];
  skills: readonly AgentSkill[];
}

/**
 * Per queue, the agents who could take one of its tickets: status available (whatever they are
 * doing now), in the queue, and holding every required skill at its level — the rule routing
 * applies before overflow widens it. A queue nobody is in is absent (0).
 */
export function ableAgentsByQueue(
  agents: readonly AgentAbility[],
  requirements: ReadonlyMap<string, readonly SkillRequirement[]>,
): Map<string, number> {
  const able = new Map<string, number>();
  for (const a of agents) {
    if (a.status !== 'available') continue;
    const levels = new Map(a.skills.map((s) => [s.skill, s.level]));
    for (const queue of a.queues) {
      const required = requirements.get(queue) ?? [];
      if (required.every((r) => (levels.get(r.skill) ?? 0) >= r.minLevel)) able.set(queue, (able.get(queue) ?? 0) + 1);
    }
  }
  return able;
}
