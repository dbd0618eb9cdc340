import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AgentEntity } from './agent.entity.js';
import { SkillEntity } from './skill.entity.js';

@Entity({ name: 'agent_skills' })
export class AgentSkillEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @PrimaryColumn({ name: 'skill_id', type: 'uuid' })
  skillId: string;

  @Column({ type: 'smallint' })
  level: number;

  @ManyToOne('AgentEntity', 'skills', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id' })
  agent: AgentEntity;

  @ManyToOne(() => SkillEntity, { eager: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'skill_id' })
  skill: SkillEntity;
}
