import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AGENT_EVENT_TYPES = [
  'agent.status_changed',
  'agent.wrap_up_started',
  'agent.wrap_up_ended',
  'agent.offer_missed',
] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/**
 * Append-only log of agent state changes (status, wrap-up, missed offers): with ticket_events
 * it is what occupancy and time-in-state are computed from.
 */
@Entity({ name: 'agent_events' })
@Index('IDX_agent_events_agent_at', ['agentId', 'at'])
export class AgentEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @Column({ type: 'varchar', length: 48 })
  type: AgentEventType;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
