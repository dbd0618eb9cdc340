import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EmailAcknowledgement,
  OverflowTarget,
  QueueAlertThresholds,
  QueueResponse,
  SkillRequirement,
} from '@switchboard/contracts';
import { DEFAULT_ALERT_THRESHOLDS, templateProblems } from '@switchboard/domain';
import { isUniqueViolation, QueueEntity, QueueSkillEntity } from '@switchboard/persistence';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { SkillsService } from '../skills/skills.service.js';
import type { CreateQueueDto, UpdateQueueDto } from './queue.dto.js';

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
    chatOrigins: queue.chatOrigins ?? [],
    surveyEnabled: queue.surveyEnabled ?? true,
    surveyCooldownDays: queue.surveyCooldownDays ?? 7,
    alerts: {
      longestWaitSeconds: queue.alertLongestWaitSeconds ?? DEFAULT_ALERT_THRESHOLDS.longestWaitSeconds,
      abandonRatePercent: queue.alertAbandonRatePercent ?? DEFAULT_ALERT_THRESHOLDS.abandonRatePercent,
      minSample: queue.alertMinSample ?? DEFAULT_ALERT_THRESHOLDS.minSample,
    },
    email: queue.email ?? null,
    emailAcknowledgement: queue.emailAcknowledgement ?? { enabled: true },
    createdAt: queue.createdAt.toISOString(),
    retiredAt: queue.retiredAt?.toISOString() ?? null,
  };
}

/** 400 naming each template problem (placeholders, lengths, line breaks in a subject). */
function checkAcknowledgement(ack: EmailAcknowledgement | undefined): void {
  const problems = Object.entries(ack?.templates ?? {}).flatMap(([language, template]) =>
    template ? templateProblems(template).map((p) => `emailAcknowledgement.templates.${language}: ${p}`) : [],
  );
  if (problems.length > 0) throw new BadRequestException(problems);
}

/** Only the languages given, as stored. */
function acknowledgementColumn(ack: EmailAcknowledgement): EmailAcknowledgement {
  const templates = Object.fromEntries(
    Object.entries(ack.templates ?? {})
      .filter(([, t]) => t !== undefined)
      .map(([l, t]) => [l, { subject: t!.subject, body: t!.body }]),
  );
  return { enabled: ack.enabled, ...(Object.keys(templates).length > 0 ? { templates } : {}) };
}

/** 409 when another queue has the address already; anything else passes through. */
function addressTaken(error: unknown, email: string | null | undefined): unknown {
  return isUniqueViolation(error, 'UQ_queues_email')
    ? new ConflictException(`email ${email} is already the address of another queue`)
    : error;
}

/** The entity's columns for the thresholds given. */
function alertColumns(alerts: Partial<QueueAlertThresholds>): Partial<QueueEntity> {
  const columns: Partial<QueueEntity> = {};
  if (alerts.longestWaitSeconds !== undefined) columns.alertLongestWaitSeconds = alerts.longestWaitSeconds;
  if (alerts.abandonRatePercent !== undefined) columns.alertAbandonRatePercent = alerts.abandonRatePercent;
  if (alerts.minSample !== undefined) columns.alertMinSample = alerts.minSample;
  return columns;
}

const definedOnly = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The queue as the audit log keeps it. */
function auditView(queue: QueueResponse): Record<string, unknown> {
  const { id: _id, createdAt: _created, ...rest } = queue;
  return rest;
}

@Injectable()
export class QueuesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly skills: SkillsService,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateQueueDto, actor: AuthUser): Promise<QueueResponse> {
    const overflow = input.overflow ?? [];
    this.checkOverflowShape(input.key, overflow);
    checkAcknowledgement(input.emailAcknowledgement);
    this.checkSkills(input.requiredSkills ?? []);
    try {
      return await this.db.transaction(async (manager) => {
        await this.checkOverflowTargets(manager, overflow);
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
            chatOrigins: [...new Set(input.chatOrigins ?? [])],
            surveyEnabled: input.surveyEnabled ?? true,
            surveyCooldownDays: input.surveyCooldownDays ?? 7,
            email: input.email ?? null,
            emailAcknowledgement: acknowledgementColumn(input.emailAcknowledgement ?? { enabled: true }),
            ...alertColumns({ ...DEFAULT_ALERT_THRESHOLDS, ...definedOnly(input.alerts) }),
          }),
        );
        await this.setRequiredSkills(manager, queue.id, input.requiredSkills ?? []);
        const created = await this.load(manager, { id: queue.id });
        await this.audit.record(manager, actor, {
          action: 'queue.created',
          target: { type: 'queue', id: created.id, label: created.key },
          after: auditView(created),
        });
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_queues_email')) throw addressTaken(error, input.email);
      if (isUniqueViolation(error)) throw new ConflictException(`queue '${input.key}' already exists`);
      throw error;
    }
  }

  /** Changes what is given; `requiredSkills` and `overflow` replace the lists; `retired: false` restores. */
  async update(key: string, input: UpdateQueueDto, actor: AuthUser): Promise<QueueResponse> {
    if (input.overflow) this.checkOverflowShape(key, input.overflow);
    if (input.requiredSkills) this.checkSkills(input.requiredSkills);
    checkAcknowledgement(input.emailAcknowledgement);
    if (input.retired === true) {
      throw new BadRequestException([
        'retired: retire a queue with DELETE /api/queues/{key}; PATCH can only restore it',
      ]);
    }
    return this.db.transaction(async (manager) => {
      const entity = await this.lock(manager, key);
      const before = await this.load(manager, { id: entity.id });
      if (input.overflow) await this.checkOverflowTargets(manager, input.overflow);
      const changes: Partial<QueueEntity> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.serviceLevel) {
        changes.slThresholdSeconds = input.serviceLevel.thresholdSeconds;
        changes.slTargetPercent = input.serviceLevel.targetPercent;
      }
      if (input.offerTimeoutSeconds !== undefined) changes.offerTimeoutSeconds = input.offerTimeoutSeconds;
      if (input.wrapUpSeconds !== undefined) changes.wrapUpSeconds = input.wrapUpSeconds;
      if (input.strategy !== undefined) changes.strategy = input.strategy;
      if (input.basePriority !== undefined) changes.basePriority = input.basePriority;
      if (input.overflow) changes.overflow = input.overflow.map((t) => ({ ...t }));
      if (input.chatOrigins) changes.chatOrigins = [...new Set(input.chatOrigins)];
      if (input.surveyEnabled !== undefined) changes.surveyEnabled = input.surveyEnabled;
      if (input.surveyCooldownDays !== undefined) changes.surveyCooldownDays = input.surveyCooldownDays;
      if (input.alerts) Object.assign(changes, alertColumns(definedOnly(input.alerts)));
      if (input.email !== undefined) changes.email = input.email;
      if (input.emailAcknowledgement) changes.emailAcknowledgement = acknowledgementColumn(input.emailAcknowledgement);
      if (input.retired === false) changes.retiredAt = null;
      if (Object.keys(changes).length > 0)
        await manager
          .update(QueueEntity, { id: entity.id }, changes)
          .catch((error: unknown) => Promise.reject(addressTaken(error, input.email)));
      if (input.requiredSkills) await this.setRequiredSkills(manager, entity.id, input.requiredSkills);
      const after = await this.load(manager, { id: entity.id });
      await this.audit.record(manager, actor, {
        action: 'queue.updated',
        target: { type: 'queue', id: entity.id, label: key },
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  /**
   * Takes a queue out of service: no new tickets, off the lists and the wallboard; its history
   * stays. Refused while tickets wait in it or another queue overflows into it.
   */
  async retire(key: string, actor: AuthUser): Promise<QueueResponse> {
    return this.db.transaction(async (manager) => {
      const entity = await this.lock(manager, key);
      if (entity.retiredAt) throw new ConflictException(`queue '${key}' is already retired`);
      const [{ waiting }] = (await manager.query(
        `SELECT count(*)::int AS waiting FROM tickets WHERE queue_id = $1
            AND status IN ('new', 'queued', 'offered', 'in_progress', 'transferred', 'reopened', 'callback_scheduled')`,
        [entity.id],
      )) as [{ waiting: number }];
      if (waiting > 0) {
        throw new ConflictException(
          `${waiting} open ticket${waiting === 1 ? ' is' : 's are'} still in '${key}'; resolve or move them first`,
        );
      }
      const feeders = (await manager.query(
        `SELECT key FROM queues WHERE retired_at IS NULL AND id <> $1
            AND EXISTS (SELECT 1 FROM jsonb_array_elements(overflow) o WHERE o->>'queue' = $2) ORDER BY key`,
        [entity.id, key],
      )) as { key: string }[];
      if (feeders.length > 0) {
        throw new ConflictException(
          `queues ${feeders.map((f) => `'${f.key}'`).join(', ')} overflow into '${key}'; change their overflow first`,
        );
      }
      const before = await this.load(manager, { id: entity.id });
      await manager.update(QueueEntity, { id: entity.id }, { retiredAt: new Date() });
      const after = await this.load(manager, { id: entity.id });
      await this.audit.record(manager, actor, {
        action: 'queue.retired',
        target: { type: 'queue', id: entity.id, label: key },
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  async list(includeRetired = false): Promise<QueueResponse[]> {
    const queues = await this.db.getRepository(QueueEntity).find({
      where: includeRetired ? {} : { retiredAt: IsNull() },
      relations: { requiredSkills: true },
      order: { key: 'ASC' },
    });
    return queues.map(toQueueResponse);
  }

  get(where: { id: string } | { key: string }): Promise<QueueResponse> {
    return this.load(this.db.manager, where);
  }

  private async load(manager: EntityManager, where: { id: string } | { key: string }): Promise<QueueResponse> {
    const queue = await manager.getRepository(QueueEntity).findOne({ where, relations: { requiredSkills: true } });
    if (!queue) throw new NotFoundException(`queue ${'key' in where ? `'${where.key}'` : where.id} does not exist`);
    return toQueueResponse(queue);
  }

  private async lock(manager: EntityManager, key: string): Promise<QueueEntity> {
    const queue = await manager.findOne(QueueEntity, {
      where: { key },
      lock: { mode: 'pessimistic_write' },
      loadEagerRelations: false,
    });
    if (!queue) throw new NotFoundException(`queue '${key}' does not exist`);
    return queue;
  }

  private checkOverflowShape(key: string, overflow: OverflowTarget[]): void {
    overflow.forEach((target, i) => {
      const kinds = [target.queue !== undefined, target.relaxSkillLevelsBy !== undefined].filter(Boolean).length;
      if (kinds !== 1) {
        throw new BadRequestException([`overflow.${i} must name exactly one of queue or relaxSkillLevelsBy`]);
      }
      if (target.queue === key) throw new BadRequestException([`overflow.${i}.queue cannot be the queue itself`]);
    });
  }

  private checkSkills(required: SkillRequirement[]): void {
    const keys = required.map((r) => r.skill);
    if (new Set(keys).size !== keys.length)
      throw new BadRequestException(['requiredSkills names the same skill twice']);
  }

  private async checkOverflowTargets(manager: EntityManager, overflow: OverflowTarget[]): Promise<void> {
    for (const [i, target] of overflow.entries()) {
      if (!target.queue) continue;
      const found = await manager.findOne(QueueEntity, { where: { key: target.queue }, loadEagerRelations: false });
      if (!found) throw new BadRequestException([`overflow.${i}.queue '${target.queue}' does not exist`]);
      if (found.retiredAt) throw new BadRequestException([`overflow.${i}.queue '${target.queue}' is retired`]);
    }
  }

  private async setRequiredSkills(
    manager: EntityManager,
    queueId: string,
    required: SkillRequirement[],
  ): Promise<void> {
    await manager.delete(QueueSkillEntity, { queueId });
    const skills = await this.skills.findOrCreate(
      manager,
      required.map((r) => r.skill),
    );
    if (required.length === 0) return;
    await manager.insert(
      QueueSkillEntity,
      required.map((r) => ({ queueId, skillId: skills.get(r.skill)!.id, minLevel: r.minLevel })),
    );
  }
}
