import { Injectable } from '@nestjs/common';
import { SkillEntity } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';

/** Skills are named by key ("billing", "turkish"); the first queue or agent that names one creates it. */
@Injectable()
export class SkillsService {
  async findOrCreate(manager: EntityManager, keys: string[]): Promise<Map<string, SkillEntity>> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return new Map();
    await manager
      .createQueryBuilder()
      .insert()
      .into(SkillEntity)
      .values(unique.map((key) => ({ key, name: key })))
      .orIgnore()
      .execute();
    const rows = await manager.getRepository(SkillEntity).findBy(unique.map((key) => ({ key })));
    return new Map(rows.map((s) => [s.key, s]));
  }
}
