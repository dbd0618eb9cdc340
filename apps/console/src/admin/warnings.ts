import type { AgentQueueWarning, AgentSkill, QueueResponse } from '@switchboard/contracts';
import type { TFunction } from 'i18next';

/**
 * What the server answers as `warnings`, worked out from the form as the admin edits it: the
 * queues the agent would be in but lacks a required skill (or level) for. Such an agent counts
 * as staffed on the wallboard yet is never offered that queue's work.
 */
export function queueWarnings(queues: QueueResponse[], memberOf: string[], skills: AgentSkill[]): AgentQueueWarning[] {
  const levels = new Map(skills.map((s) => [s.skill, s.level]));
  return queues
    .filter((q) => memberOf.includes(q.key))
    .map((q) => ({
      queue: q.key,
      missingSkills: q.requiredSkills
        .filter((r) => (levels.get(r.skill) ?? 0) < r.minLevel)
        .map((r) => ({ skill: r.skill, minLevel: r.minLevel, level: levels.get(r.skill) ?? null })),
    }))
    .filter((w) => w.missingSkills.length > 0)
    .sort((a, b) => (a.queue < b.queue ? -1 : 1));
}

/** One sentence per missing skill: "In billing but lacks skill billing (needs level 3, has none)". */
export function warningLines(t: TFunction, warnings: AgentQueueWarning[]): string[] {
  return warnings.flatMap((w) =>
    w.missingSkills.map((m) =>
      m.level === null
        ? t('admin.agents.lacksSkill', { queue: w.queue, skill: m.skill, minLevel: m.minLevel })
        : t('admin.agents.lowSkill', { queue: w.queue, skill: m.skill, minLevel: m.minLevel, level: m.level }),
    ),
  );
}
