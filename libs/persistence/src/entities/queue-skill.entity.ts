import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { QueueEntity } from './queue.entity.js';
import { SkillEntity } from './skill.entity.js';

@Entity({ name: 'queue_required_skills' })
export class QueueSkillEntity {
  @PrimaryColumn({ name: 'queue_id', type: 'uuid' })
  queueId: string;

  @PrimaryColumn({ name: 'skill_id', type: 'uuid' })
  skillId: string;

  @Column({ name: 'min_level', type: 'smallint' })
  minLevel: number;

  @ManyToOne('QueueEntity', 'requiredSkills', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'queue_id' })
  queue: QueueEntity;

  @ManyToOne(() => SkillEntity, { eager: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'skill_id' })
  skill: SkillEntity;
}
