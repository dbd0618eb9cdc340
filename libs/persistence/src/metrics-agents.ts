import type {
  AgentActivity,
  AgentMetrics,
  AgentSkill,
  AgentStatus,
  Channel,
  ChannelCapacity,
} from '@switchboard/contracts';
import {
  agentActivity,
  occupancy,
  type HandleInterval,
  type TimeInterval,
  type WorkInterval,
} from '@switchboard/domain';
import type { EntityManager } from 'typeorm';
import { ticketReference } from './work/rows.js';

interface AgentRow {
  user_id: string;
  name: string;
  status: AgentStatus;
  status_reason: string | null;
  status_since: Date;
  capacity: ChannelCapacity;
  wrap_up_until: Date | null;
  queues: string[];
  pending_offers: number;
  tickets: { id: string; subject: string; number: number }[];
  skills: AgentSkill[];
}

type WorkRow = { agent_id: string; start_at: Date; channel: Channel | null; end_at: Date | null };

/**
 * Per agent, now: status, activity, time in state, tickets in hand; over [from, asOf): handled,
 * AHT, occupancy. `handles`: who handled what, when the caller keeps it (the live engine's
 * AgentHandles, the same rule); otherwise it is read from the log.
 */
export async function loadAgentMetrics(
  manager: EntityManager,
  window: { fromMs: number; asOfMs: number },
  agentIds?: readonly string[],
  handles?: readonly HandleInterval[],
): Promise<AgentMetrics[]> {
  const from = new Date(window.fromMs);
  const asOf = new Date(window.asOfMs);
  const ids = agentIds ? [...agentIds] : null;
  const [agents, changes, work] = await Promise.all([
    manager.query(
      `SELECT a.user_id, u.name, a.status, a.status_reason, a.status_since, a.capacity, a.wrap_up_until,
              array(SELECT q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id
                     WHERE aq.agent_id = a.user_id ORDER BY q.key) AS queues,
              a.pending_offers,
              coalesce((SELECT json_agg(json_build_object('id', t.id, 'subject', t.subject, 'number', t.number)
                                        ORDER BY t.accepted_at)
                          FROM tickets t WHERE t.assigned_agent_id = a.user_id AND t.status = 'in_progress'), '[]') AS tickets,
              coalesce((SELECT json_agg(json_build_object('skill', s.key, 'level', ags.level) ORDER BY s.key)
                          FROM agent_skills ags JOIN skills s ON s.id = ags.skill_id
                         WHERE ags.agent_id = a.user_id), '[]') AS skills
         FROM agents a JOIN users u ON u.id = a.user_id
        WHERE ($1::uuid[] IS NULL OR a.user_id = ANY($1))
        ORDER BY u.name, a.user_id`,
      [ids],
    ) as Promise<AgentRow[]>,
    manager.query(
      `SELECT agent_id, at, data->>'from' AS "from", data->>'to' AS "to" FROM agent_events
        WHERE type = 'agent.status_changed' AND at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR agent_id = ANY($3))
        ORDER BY agent_id, at, id`,
      [from, asOf, ids],
    ) as Promise<{ agent_id: string; at: Date; from: AgentStatus; to: AgentStatus }[]>,
    handles
      ? Promise.resolve(
          handles.map<WorkRow>((h) => ({
            agent_id: h.agentId,
            start_at: new Date(h.startMs),
            channel: h.channel,
            end_at: h.endMs === null ? null : new Date(h.endMs),
          })),
        )
      : (manager.query(
          `SELECT coalesce(e.data->>'agentId', e.actor_id::text) AS agent_id, e.at AS start_at, t.channel,
                (SELECT min(x.at) FROM ticket_events x
                  WHERE x.ticket_id = e.ticket_id AND x.seq > e.seq AND x.at < $2
                    AND (x.type = 'ticket.wrap_up_completed' OR (x.type = 'ticket.transferred' AND x.data->>'from' = 'in_progress'))
                ) AS end_at
           FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE e.type = 'ticket.accepted' AND e.at < $2
            AND e.ticket_id IN (SELECT ticket_id FROM ticket_events WHERE at >= $1
                                UNION SELECT id FROM tickets WHERE status = 'in_progress'
                                UNION SELECT wrap_up_ticket_id FROM agents WHERE wrap_up_ticket_id IS NOT NULL)`,
          [from, asOf],
        ) as Promise<WorkRow[]>),
  ]);

  const changesBy = groupBy(changes, (c) => c.agent_id);
  const workBy = groupBy(work, (w) => w.agent_id);
  return agents.map((a) => {
    const available = availableIntervals(a.status, changesBy.get(a.user_id) ?? [], window.fromMs);
    const handles = (workBy.get(a.user_id) ?? []).filter((w) => !w.end_at || w.end_at.getTime() >= window.fromMs);
    const intervals: WorkInterval[] = handles.map((w) => ({
      startMs: w.start_at.getTime(),
      endMs: w.end_at?.getTime() ?? null,
      weight: 1 / Math.max(1, (w.channel && a.capacity[w.channel]) || 1),
    }));
    const finished = handles.filter((w) => w.end_at && w.end_at.getTime() >= window.fromMs);
    const handleMs = finished.reduce((sum, w) => sum + (w.end_at!.getTime() - w.start_at.getTime()), 0);
    const activity: AgentActivity = agentActivity(
      { pendingOffers: a.pending_offers, activeTickets: a.tickets.length, wrapUpUntil: a.wrap_up_until },
      asOf,
    );
    const lastChange = Math.max(
      a.status_since.getTime(),
      ...handles.flatMap((w) => [w.start_at.getTime(), w.end_at?.getTime() ?? 0]),
    );
    return {
      agentId: a.user_id,
      name: a.name,
      queues: a.queues,
      status: a.status,
      statusReason: a.status_reason,
      activity,
      timeInStateSeconds: Math.max(0, Math.round((window.asOfMs - Math.min(lastChange, window.asOfMs)) / 1000)),
      currentTicketIds: a.tickets.map((t) => t.id),
      currentTickets: a.tickets.map((t) => ({ id: t.id, subject: t.subject, reference: ticketReference(t.number) })),
      skills: a.skills,
      handled: finished.length,
      ahtSeconds: finished.length > 0 ? Math.round(handleMs / finished.length / 10) / 100 : null,
      occupancyPercent: occupancy(window.fromMs, window.asOfMs, available, intervals).occupancyPercent,
    };
  });
}

/** Intervals with status `available` within the window, from the status now and the changes in the window. */
function availableIntervals(
  statusNow: AgentStatus,
  changes: readonly { at: Date; from: AgentStatus; to: AgentStatus }[],
  fromMs: number,
): TimeInterval[] {
  const intervals: TimeInterval[] = [];
  let status = changes[0]?.from ?? statusNow;
  let since = fromMs;
  for (const c of changes) {
    if (status === 'available') intervals.push({ startMs: since, endMs: c.at.getTime() });
    status = c.to;
    since = c.at.getTime();
  }
  if (status === 'available') intervals.push({ startMs: since, endMs: null });
  return intervals;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}
