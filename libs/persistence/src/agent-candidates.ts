import type { AgentStatus, Channel, ChannelCapacity, SkillRequirement } from '@switchboard/contracts';
import type { AgentCandidate } from '@switchboard/domain';
import type { EntityManager } from 'typeorm';
import type { TicketEntity } from './entities/ticket.entity.js';

interface AgentRow {
  id: string;
  status: AgentStatus;
  capacity: ChannelCapacity;
  idle_since: Date | null;
  wrap_up_until: Date | null;
  skills: Record<string, number>;
  load: Record<Channel, number> | null;
  pending_offers: number;
}

/**
 * Agents as the router sees them: skills, capacity, what they hold now (tickets in progress
 * plus pending offers, per channel). Read inside the claiming transaction.
 */
export async function loadAgentCandidates(
  manager: EntityManager,
  filter: { queueIds: string[] } | { agentId: string },
  now: Date,
): Promise<AgentCandidate[]> {
  const byQueue = 'queueIds' in filter;
  const rows = (await manager.query(
    `SELECT a.user_id AS id, a.status, a.capacity, a.idle_since, a.wrap_up_until,
            COALESCE((SELECT jsonb_object_agg(s.key, ak.level) FROM agent_skills ak JOIN skills s ON s.id = ak.skill_id
                       WHERE ak.agent_id = a.user_id), '{}'::jsonb) AS skills,
            (SELECT jsonb_object_agg(w.channel, w.n) FROM (
                SELECT t.channel, count(*)::int AS n FROM tickets t
                 WHERE t.assigned_agent_id = a.user_id AND t.status = 'in_progress' GROUP BY t.channel
                UNION ALL
                SELECT t.channel, count(*)::int FROM offers o JOIN tickets t ON t.id = o.ticket_id
                 WHERE o.agent_id = a.user_id AND o.status = 'pending' GROUP BY t.channel) w) AS load,
            (SELECT count(*)::int FROM offers o WHERE o.agent_id = a.user_id AND o.status = 'pending') AS pending_offers
       FROM agents a JOIN users u ON u.id = a.user_id AND NOT u.disabled
      WHERE ${byQueue ? 'a.user_id IN (SELECT agent_id FROM agent_queues WHERE queue_id = ANY($1))' : 'a.user_id = $1'}
      ORDER BY a.user_id`,
    [byQueue ? filter.queueIds : filter.agentId],
  )) as AgentRow[];
  return rows.map((row) => toCandidate(row, now));
}

function toCandidate(row: AgentRow, now: Date): AgentCandidate {
  // jsonb_object_agg over the UNION may name a channel twice (tickets and offers): sum them.
  const load: ChannelCapacity = { voice: 0, chat: 0, email: 0, web: 0 };
  if (row.load) for (const [channel, n] of Object.entries(row.load)) load[channel as Channel] += n;
  const used = Object.values(load).reduce((a, b) => a + b, 0);
  const total = Object.values(row.capacity).reduce((a, b) => a + b, 0);
  return {
    id: row.id,
    status: row.status,
    skills: row.skills,
    capacity: row.capacity,
    load,
    idleSince: row.idle_since,
    // Share of capacity in use now; replaced by windowed occupancy when the metrics engine lands.
    occupancy: total > 0 ? used / total : 1,
    pendingOffers: row.pending_offers,
    inWrapUp: row.wrap_up_until !== null && row.wrap_up_until.getTime() > now.getTime(),
  };
}

export async function loadRequiredSkills(
  manager: EntityManager,
  queueIds: string[],
): Promise<Map<string, SkillRequirement[]>> {
  const rows = (await manager.query(
    `SELECT r.queue_id, s.key AS skill, r.min_level FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id
      WHERE r.queue_id = ANY($1)`,
    [queueIds],
  )) as { queue_id: string; skill: string; min_level: number }[];
  const map = new Map<string, SkillRequirement[]>(queueIds.map((id) => [id, []]));
  for (const r of rows) map.get(r.queue_id)!.push({ skill: r.skill, minLevel: r.min_level });
  return map;
}

/** A ticket whose log holds only `ticket.created` and `ticket.queued` was never offered to anyone. */
const FRESH_TICKET_EVENTS = 2;

/** Agents who declined or let this ticket's offer time out within the cooldown. */
export async function recentRefusals(
  manager: EntityManager,
  ticket: Pick<TicketEntity, 'id' | 'lastEventSeq'>,
  cooldownSeconds: number,
  now: Date,
): Promise<string[]> {
  // Most tickets are routed straight from intake: no offers yet, no query.
  if (ticket.lastEventSeq <= FRESH_TICKET_EVENTS) return [];
  const rows = (await manager.query(
    `SELECT DISTINCT agent_id FROM offers
      WHERE ticket_id = $1 AND status IN ('declined', 'expired') AND responded_at > $2`,
    [ticket.id, new Date(now.getTime() - cooldownSeconds * 1000)],
  )) as { agent_id: string }[];
  return rows.map((r) => r.agent_id);
}
