import { percentOf } from '@switchboard/domain';
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

/** An agent's FCR (first-contact resolutions of their resolutions) and CSAT (4s and 5s of their ratings), in percent. */
export function outcomeRates(o: AgentOutcomes | undefined): { fcrPercent: number | null; csatPercent: number | null } {
  return o
    ? { fcrPercent: percentOf(o.fcrResolved, o.resolved), csatPercent: percentOf(o.positiveRatings, o.ratings) }
    : { fcrPercent: null, csatPercent: null };
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
resolutions AS (
  SELECT f.data->>'agentId' AS agent, count(*)::int AS resolved, (count(*) FILTER (WHERE f.fcr))::int AS fcr
    FROM facts f WHERE f.type = 'ticket.resolved' AND f.at >= $1 GROUP BY 1
),
ratings AS (
  SELECT r.resolver AS agent, count(*)::int AS ratings,
         (count(*) FILTER (WHERE (r.data->>'score')::numeric >= 4))::int AS positive
    FROM (SELECT f.data, (SELECT e.data->>'agentId' FROM ticket_events e
                           WHERE e.ticket_id = f.ticket_id AND e.type = 'ticket.resolved' AND e.at <= f.at
                           ORDER BY e.seq DESC LIMIT 1) AS resolver
            FROM facts f WHERE f.type = 'ticket.csat_recorded' AND jsonb_typeof(f.data->'score') = 'number' AND f.at >= $1) r
   GROUP BY 1
)
SELECT a.id AS "agentId", coalesce(s.resolved, 0) AS resolved, coalesce(s.fcr, 0) AS "fcrResolved",
       coalesce(g.ratings, 0) AS ratings, coalesce(g.positive, 0) AS "positiveRatings"
  FROM unnest($3::uuid[]) AS a(id)
  LEFT JOIN resolutions s ON s.agent = a.id::text
  LEFT JOIN ratings g ON g.agent = a.id::text`,
    [new Date(window.fromMs), new Date(window.toMs), [...agentIds]],
  )) as AgentOutcomes[];
  return rows;
}
