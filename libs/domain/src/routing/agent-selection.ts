import type { AgentStatus, Channel, ChannelCapacity, RoutingStrategy, SkillRequirement } from '@switchboard/contracts';

/** What the router knows about an agent when choosing who gets a ticket. */
export interface AgentCandidate {
  id: string;
  status: AgentStatus;
  /** skill key → level (1–10). */
  skills: Readonly<Record<string, number>>;
  capacity: Readonly<ChannelCapacity>;
  /** Tickets held plus pending offers, per channel. */
  load: Readonly<ChannelCapacity>;
  /** When the agent last became free of all work (or available); null if never. */
  idleSince: Date | null;
  /** Share of the recent window spent busy, 0–1 (capacity-weighted). */
  occupancy: number;
  /** Offers waiting for this agent's answer: an agent gets one offer at a time. */
  pendingOffers: number;
  /** In after-contact work: no new offers until it ends. */
  inWrapUp: boolean;
}

export interface SelectionRequest {
  channel: Channel;
  strategy: RoutingStrategy;
  requiredSkills: readonly SkillRequirement[];
  /** Accept agents this many levels below each required level (overflow widening). */
  relaxSkillLevelsBy?: number;
  /** Agents not to offer this ticket to (e.g. the one who just declined it). */
  excludeAgentIds?: readonly string[];
  /** round-robin: the agent offered last in this queue; selection continues after it. */
  lastAssignedAgentId?: string | null;
}

export type IneligibleReason =
  'not-available' | 'in-wrap-up' | 'has-pending-offer' | 'missing-skill' | 'no-capacity' | 'excluded';

export interface CandidateTrace {
  agentId: string;
  eligible: boolean;
  reason?: IneligibleReason;
  /** The values the strategy ordered by, for the routing trace. */
  orderKey?: Record<string, number | string | null>;
}

export interface Selection {
  agentId: string | null;
  /**
   * Every eligible agent, best first (`agentId` is the first): when the best one is being
   * claimed by someone else at this very moment, the claim takes the next.
   */
  ranked: string[];
  strategy: RoutingStrategy;
  candidates: CandidateTrace[];
}

function ineligibility(agent: AgentCandidate, request: SelectionRequest): IneligibleReason | null {
  if (request.excludeAgentIds?.includes(agent.id)) return 'excluded';
  if (agent.status !== 'available') return 'not-available';
  if (agent.inWrapUp) return 'in-wrap-up';
  if (agent.pendingOffers > 0) return 'has-pending-offer';
  const relax = request.relaxSkillLevelsBy ?? 0;
  for (const { skill, minLevel } of request.requiredSkills) {
    if ((agent.skills[skill] ?? 0) < Math.max(1, minLevel - relax)) return 'missing-skill';
  }
  if (agent.load[request.channel] >= agent.capacity[request.channel]) return 'no-capacity';
  return null;
}

const idleMs = (agent: AgentCandidate, now: Date) => (agent.idleSince ? now.getTime() - agent.idleSince.getTime() : 0);

function skillScore(agent: AgentCandidate, required: readonly SkillRequirement[]): number {
  return required.reduce((sum, { skill }) => sum + (agent.skills[skill] ?? 0), 0);
}

/** Ascending sort keys per strategy; ties always fall back to the agent id, so choices are repeatable. */
function orderKey(agent: AgentCandidate, request: SelectionRequest, now: Date): (number | string)[] {
  const idle = idleMs(agent, now);
  switch (request.strategy) {
    case 'longest-idle':
      return [-idle, agent.id];
    case 'least-occupied':
      return [agent.occupancy, -idle, agent.id];
    case 'skills-best-match':
      return [-skillScore(agent, request.requiredSkills), -idle, agent.id];
    case 'round-robin': {
      // Agents in id order, starting just after the last one assigned.
      const after = request.lastAssignedAgentId;
      return [after && agent.id <= after ? 1 : 0, agent.id];
    }
  }
}

function traceKey(agent: AgentCandidate, request: SelectionRequest, now: Date): Record<string, number | string | null> {
  const idleSeconds = Math.round(idleMs(agent, now) / 100) / 10;
  switch (request.strategy) {
    case 'longest-idle':
      return { idleSeconds };
    case 'least-occupied':
      return { occupancy: Math.round(agent.occupancy * 1000) / 1000, idleSeconds };
    case 'skills-best-match':
      return { skillScore: skillScore(agent, request.requiredSkills), idleSeconds };
    case 'round-robin':
      return { after: request.lastAssignedAgentId ?? null };
  }
}

function compareKeys(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Chooses the agent for a ticket: only agents who are available, have the skills and have free
 * capacity on the channel; among them, the first by the queue's strategy. Returns the trace of
 * every candidate considered, which the offer records as the reason for the choice.
 */
export function selectAgent(request: SelectionRequest, agents: readonly AgentCandidate[], now: Date): Selection {
  const traces: CandidateTrace[] = [];
  const eligible: { agent: AgentCandidate; key: (number | string)[] }[] = [];
  for (const agent of agents) {
    const reason = ineligibility(agent, request);
    if (reason) {
      traces.push({ agentId: agent.id, eligible: false, reason });
    } else {
      traces.push({ agentId: agent.id, eligible: true, orderKey: traceKey(agent, request, now) });
      eligible.push({ agent, key: orderKey(agent, request, now) });
    }
  }
  eligible.sort((a, b) => compareKeys(a.key, b.key));
  return {
    agentId: eligible[0]?.agent.id ?? null,
    ranked: eligible.map((e) => e.agent.id),
    strategy: request.strategy,
    candidates: traces,
  };
}
