import type { Channel } from './common.js';

export const AGENT_STATUSES = ['available', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AGENT_ACTIVITIES = ['idle', 'offered', 'busy', 'wrap_up'] as const;
export type AgentActivity = (typeof AGENT_ACTIVITIES)[number];

export type ChannelCapacity = Record<Channel, number>;

export const DEFAULT_CAPACITY: Readonly<ChannelCapacity> = Object.freeze({
  voice: 1,
  chat: 3,
  email: 5,
  web: 5,
});

export interface AgentSkill {
  skill: string;
  /** 1 (novice) – 10 (expert). */
  level: number;
}

export interface CreateAgentRequest {
  name: string;
  email: string;
  password: string;
  queues: string[];
  skills?: AgentSkill[];
  capacity?: Partial<ChannelCapacity>;
  /** Default false: the agent keeps this password (POST /api/users defaults to true). */
  requirePasswordChange?: boolean;
}

/** What colleagues see of an agent (`GET /api/agents/directory`): enough to pick whom to hand a ticket to. */
export interface AgentDirectoryEntry {
  id: string;
  name: string;
  queues: string[];
  /** Not the reason of an away status: that stays between the agent and supervisors. */
  status: AgentStatus;
}

/** `PATCH /api/agents/:id`: only the fields given change; `queues` and `skills` replace the whole list. */
export interface UpdateAgentRequest {
  name?: string;
  queues?: string[];
  skills?: AgentSkill[];
  capacity?: Partial<ChannelCapacity>;
}

/**
 * A queue the agent is in but cannot be offered work from, because a skill it requires is
 * missing or below its level: they count as staffed there yet never get its tickets.
 */
export interface AgentQueueWarning {
  queue: string;
  missingSkills: { skill: string; minLevel: number; level: number | null }[];
}

export interface AgentResponse {
  id: string;
  name: string;
  email: string;
  queues: string[];
  skills: AgentSkill[];
  capacity: ChannelCapacity;
  status: AgentStatus;
  statusReason: string | null;
  statusSince: string;
  createdAt: string;
  /** The user is disabled: they cannot sign in or be offered work. */
  disabled: boolean;
  warnings: AgentQueueWarning[];
}
