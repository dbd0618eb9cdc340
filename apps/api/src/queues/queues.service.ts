import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { QueueResponse } from '@switchboard/contracts';
import { isUniqueViolation, QueueEntity, QueueSkillEntity } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { SkillsService } from '../skills/skills.service.js';
import type { CreateQueueDto } from './queue.dto.js';

export function toQueueResponse(queue: QueueEntity): QueueResponse {
  return {
    id: queue.id,
    key: queue.key,
    name: queue.name,
    serviceLevel: { thresholdSeconds: queue.slThresholdSeconds, targetPercent: queue.slTargetPercent },
    offerTimeoutSeconds: queue.offerTimeoutSeconds,
    wrapUpSeconds: queue.wrapUpSeconds,
    strategy: queue.strategy,
    requiredSkills: (queue.requiredSkills ?? []).map((r) => ({ skill: r.skill.key, minLevel: r.minLevel })),
    overflow: queue.overflow,
    basePriority: queue.basePriority,
    createdAt: queue.createdAt.toISOString(),
  };
}

@Injectable()
export class QueuesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly skills: SkillsService,
  ) {}

  async create(input: CreateQueueDto): Promise<QueueResponse> {
    const overflow = input.overflow ?? [];
    overflow.forEach((target, i) => {
      const kinds = [target.queue !== undefined, target.relaxSkillLevelsBy !== undefined].filter(Boolean).length;
      if (kinds !== 1) {
        throw new BadRequestException([`overflow.${i} must name exactly one of queue or relaxSkillLevelsBy`]);
      }
      if (target.queue === input.key) {
        throw new BadRequestException([`overflow.${i}.queue cannot be the queue itself`]);
      }
    });
    const skillKeys = (input.requiredSkills ?? []).map((r) => r.skill);
    if (new Set(skillKeys).size !== skillKeys.length) {
      throw new BadRequestException(['requiredSkills names the same skill twice']);
    }

    try {
      const id = await this.db.transaction(async (manager) => {
        for (const [i, target] of overflow.entries()) {
          if (target.queue && !(await manager.existsBy(QueueEntity, { key: target.queue }))) {
            throw new BadRequestException([`overflow.${i}.queue '${target.queue}' does not exist`]);
          }
        }
        const skills = await this.skills.findOrCreate(manager, skillKeys);
        const queue = await manager.save(
          manager.create(QueueEntity, {
            key: input.key,
            name: input.name,
            slThresholdSeconds: input.serviceLevel.thresholdSeconds,
            slTargetPercent: input.serviceLevel.targetPercent,
            offerTimeoutSeconds: input.offerTimeoutSeconds,
            wrapUpSeconds: input.wrapUpSeconds,
            strategy: input.strategy ?? 'longest-idle',
            basePriority: input.basePriority ?? 0,
            overflow: overflow.map((t) => ({ ...t })),
          }),
        );
        await manager.save(
          (input.requiredSkills ?? []).map((r) =>
            manager.create(QueueSkillEntity, {
              queueId: queue.id,
              skillId: skills.get(r.skill)!.id,
              minLevel: r.minLevel,
            }),
          ),
        );
        return queue.id;
      });
      return this.get({ id });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`queue '${input.key}' already exists`);
      throw error;
    }
  }

  async list(): Promise<QueueResponse[]> {
    const queues = await this.db.getRepository(QueueEntity).find({
      relations: { requiredSkills: true },
      order: { key: 'ASC' },
    });
    return queues.map(toQueueResponse);
  }

  async get(where: { id: string } | { key: string }): Promise<QueueResponse> {
    const queue = await this.db.getRepository(QueueEntity).findOne({ where, relations: { requiredSkills: true } });
    if (!queue) throw new NotFoundException(`queue ${'key' in where ? `'${where.key}'` : where.id} does not exist`);
    return toQueueResponse(queue);
  }
}
