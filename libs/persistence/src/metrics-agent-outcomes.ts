import type { EntityManager } from 'typeorm';
import { FACTS_SQL } from './metrics-history.js';

export interface AgentOutcomes {
  agentId: string;
  /** Resolutions by the agent in the period, and those that were first-contact resolutions. */
  resolved: number;
  fcrResolved: number;
  /** Ratings given in the period to tickets the agent resolved last before the rating, and the 4s and 5s. */
  ratings: number;
  positiveRatings: number;
}

/**
 * FCR and CSAT per agent over [from, to), by the metric engine's own facts (metrics-history.ts):
 * a resolution counts for the agent who resolved, a rating for the agent of the resolution it
 * followed.
 */
export async function loadAgentOutcomes(
  manager: EntityManager,
  window: { fromMs: number; toMs: number },
  agentIds: readonly string[],
): Promise<AgentOutcomes[]> {
  if (agentIds.length === 0) return [];
  const rows = (await manager.query(
    `${FACTS_SQL},
rated AS (
  SELECT f.*, (SELECT r.data->>'agentId' FROM ticket_events r
                WHERE r.ticket_id = f.ticket_id AND r.type = 'ticket.resolved' AND r.at <= f.at
                ORDER BY r.seq DESC LIMIT 1) AS resolver
    FROM facts f WHERE f.type = 'ticket.csat_recorded' AND jsonb_typeof(f.data->'score') = 'number'
)
SELECT a.id AS "agentId",
       (SELECT count(*) FROM facts f WHERE f.type = 'ticket.resolved' AND f.at >= $1 AND f.data->>'agentId' = a.id::text)::int AS resolved,
       (SELECT count(*) FROM facts f WHERE f.fcr AND f.at >= $1 AND f.data->>'agentId' = a.id::text)::int AS "fcrResolved",
       (SELECT count(*) FROM rated r WHERE r.at >= $1 AND r.resolver = a.id::text)::int AS ratings,
       (SELECT count(*) FROM rated r WHERE r.at >= $1 AND r.resolver = a.id::text AND (r.data->>'score')::numeric >= 4)::int
         AS "positiveRatings"
  FROM unnest($3::uuid[]) AS a(id)`,
    [new Date(window.fromMs), new Date(window.toMs), [...agentIds]],
  )) as AgentOutcomes[];
  return rows;
}
