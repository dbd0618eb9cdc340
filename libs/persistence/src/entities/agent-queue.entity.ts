import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AgentEntity } from './agent.entity.js';
import { QueueEntity } from './queue.entity.js';

@Entity({ name: 'agent_queues' })
export class AgentQueueEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @PrimaryColumn({ name: 'queue_id', type: 'uuid' })
  queueId: string;

  @ManyToOne('AgentEntity', 'queues', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent: AgentEntity;

  @ManyToOne(() => QueueEntity, { eager: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'queue_id' })
  queue: QueueEntity;
}
