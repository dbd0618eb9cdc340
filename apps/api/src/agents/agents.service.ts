import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_CAPACITY,
  type AgentDirectoryEntry,
  type AgentQueueWarning,
  type AgentResponse,
  type AgentSkill,
  type AgentWorkResponse,
  type ChannelCapacity,
} from '@switchboard/contracts';
import { AfterCommit, routingJobs } from '@switchboard/messaging';
import {
  AgentEntity,
  AgentQueueEntity,
  AgentSkillEntity,
  inTransaction,
  isUniqueViolation,
  OfferEntity,
  QueueEntity,
  TicketEntity,
  toTicketSummary,
  UserEntity,
} from '@switchboard/persistence';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { passwordWeakness } from '../auth/password-policy.js';
import { SessionsService } from '../auth/sessions.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Effects } from '../messaging/messaging.module.js';
import { SkillsService } from '../skills/skills.service.js';
import type { CreateAgentDto, UpdateAgentDto } from './agent.dto.js';

/** Channels the request leaves out keep the default capacity. */
function withDefaults(
  capacity: Partial<ChannelCapacity> | undefined,
  base: ChannelCapacity = DEFAULT_CAPACITY,
): ChannelCapacity {
  const given = Object.entries(capacity ?? {}).filter(([, v]) => v !== undefined);
  return { ...base, ...Object.fromEntries(given) };
}

/** Required skills per queue id. */
type Requirements = Map<string, { skill: string; minLevel: number }[]>;

/** The agent's queues whose required skills they lack or hold below the level: they would never be offered that work. */
export function queueWarnings(agent: AgentEntity, required: Requirements): AgentQueueWarning[] {
  const levels = new Map((agent.skills ?? []).map((s) => [s.skill.key, s.level]));
  const warnings: AgentQueueWarning[] = [];
  for (const membership of agent.queues ?? []) {
    const missing = (required.get(membership.queueId) ?? [])
      .filter((r) => (levels.get(r.skill) ?? 0) < r.minLevel)
      .map((r) => ({ skill: r.skill, minLevel: r.minLevel, level: levels.get(r.skill) ?? null }));
    if (missing.length > 0) warnings.push({ queue: membership.queue.key, missingSkills: missing });
  }
  return warnings.sort((a, b) => (a.queue < b.queue ? -1 : 1));
}

export function toAgentResponse(agent: AgentEntity, required: Requirements = new Map()): AgentResponse {
  return {
    id: agent.userId,
    name: agent.user.name,
    email: agent.user.email,
    queues: (agent.queues ?? []).map((q) => q.queue.key).sort(),
    skills: (agent.skills ?? []).map((s) => ({ skill: s.skill.key, level: s.level })),
    capacity: agent.capacity,
    status: agent.status,
    statusReason: agent.statusReason,
    statusSince: agent.statusSince.toISOString(),
    createdAt: agent.user.createdAt.toISOString(),
    disabled: agent.user.disabled,
    warnings: queueWarnings(agent, required),
  };
}

/** What the audit log keeps of an agent's set-up. */
const auditView = (a: AgentResponse) => ({ name: a.name, queues: a.queues, skills: a.skills, capacity: a.capacity });

@Injectable()
export class AgentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly skills: SkillsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly effects: Effects,
    private readonly sessions: SessionsService,
  ) {}

  async create(input: CreateAgentDto, actor: AuthUser): Promise<AgentResponse> {
    const queueKeys = [...new Set(input.queues)];
    const skillKeys = (input.skills ?? []).map((s) => s.skill);
    if (new Set(skillKeys).size !== skillKeys.length)
      throw new BadRequestException(['skills names the same skill twice']);
    const email = input.email.trim().toLowerCase();
    const weakness = passwordWeakness(input.password, [email, input.name]);
    if (weakness) throw new BadRequestException([`password ${weakness}`]);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.db.transaction(async (manager) => {
        const queues = await this.findQueues(manager, queueKeys);
        const user = await manager.save(
          manager.create(UserEntity, {
            name: input.name.trim(),
            email,
            passwordHash,
            role: 'agent',
            passwordChangeRequired: input.requirePasswordChange ?? false,
          }),
        );
        await manager.save(
          manager.create(AgentEntity, {
            userId: user.id,
            capacity: withDefaults(input.capacity),
            status: 'offline',
            statusReason: null,
          }),
        );
        await this.setQueues(manager, user.id, queues);
        await this.setSkills(manager, user.id, input.skills ?? []);
        const created = await this.read(manager, user.id);
        await this.audit.record(manager, actor, {
          action: 'agent.created',
          target: { type: 'agent', id: user.id, label: email },
          after: auditView(created),
        });
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`a user with e-mail ${input.email} already exists`);
      throw error;
    }
  }

  /**
   * Changes an agent's name, queues, skills or capacity. Their sockets join and leave queue rooms
   * at once, and an available agent is looked at by the router again (a new queue may have work).
   */
  async update(id: string, input: UpdateAgentDto, actor: AuthUser): Promise<AgentResponse> {
    const skillKeys = (input.skills ?? []).map((s) => s.skill);
    if (new Set(skillKeys).size !== skillKeys.length)
      throw new BadRequestException(['skills names the same skill twice']);
    let effects = new AfterCommit();
    const after = await inTransaction(this.db, async (manager) => {
      effects = new AfterCommit(); // a retried attempt decides afresh
      const locked = (await manager.query('SELECT status FROM agents WHERE user_id = $1 FOR UPDATE', [id])) as {
        status: string;
      }[];
      if (locked.length === 0) throw new NotFoundException(`agent ${id} does not exist`);
      const before = await this.read(manager, id);
      if (input.name !== undefined && input.name.trim() !== before.name) {
        await manager.update(UserEntity, { id }, { name: input.name.trim() });
      }
      if (input.queues) await this.setQueues(manager, id, await this.findQueues(manager, [...new Set(input.queues)]));
      if (input.skills) await this.setSkills(manager, id, input.skills);
      if (input.capacity) {
        await manager.update(AgentEntity, { userId: id }, { capacity: withDefaults(input.capacity, before.capacity) });
      }
      const updated = await this.read(manager, id);
      await this.audit.record(manager, actor, {
        action: 'agent.updated',
        target: { type: 'agent', id, label: before.email },
        before: auditView(before),
        after: auditView(updated),
      });
      if (locked[0]!.status === 'available') effects.job(routingJobs.routeAgent(id, 'profile-changed'));
      return updated;
    });
    await this.effects.flush(effects);
    await this.sessions.userChanged(id);
    return after;
  }

  async list(queueKey?: string): Promise<AgentResponse[]> {
    const [agents, required] = await Promise.all([
      this.db.getRepository(AgentEntity).find({
        relations: { queues: true, skills: true },
        order: { user: { name: 'ASC' } },
      }),
      this.requirements(this.db.manager),
    ]);
    return agents
      .filter((a) => !queueKey || a.queues.some((q) => q.queue.key === queueKey))
      .map((a) => toAgentResponse(a, required));
  }

  /** Every active agent's name, queues and status, for a colleague choosing whom to transfer to. */
  async directory(queueKey?: string): Promise<AgentDirectoryEntry[]> {
    return (await this.list(queueKey))
      .filter((a) => !a.disabled)
      .map(({ id, name, queues, status }) => ({ id, name, queues, status }));
  }

  /** The agent's desk: pending offers, held tickets and the wrap-up deadline, in one read. */
  async work(id: string): Promise<AgentWorkResponse> {
    const [agent, required, offers, tickets] = await Promise.all([
      this.load(id),
      this.requirements(this.db.manager),
      this.db.getRepository(OfferEntity).find({
        where: { agentId: id, status: 'pending', expiresAt: MoreThan(new Date()) },
        relations: { ticket: { queue: true, customer: true } },
        order: { createdAt: 'ASC' },
      }),
      this.db.getRepository(TicketEntity).find({
        where: { assignedAgentId: id, status: 'in_progress' },
        relations: { queue: true, customer: true },
        order: { updatedAt: 'ASC' },
      }),
    ]);
    return {
      agent: toAgentResponse(agent, required),
      offers: offers.map((o) => ({
        offerId: o.id,
        ticketId: o.ticketId,
        expiresAt: o.expiresAt.toISOString(),
        ticket: toTicketSummary(o.ticket),
      })),
      tickets: tickets.map(toTicketSummary),
      wrapUp:
        agent.wrapUpUntil && agent.wrapUpTicketId
          ? { ticketId: agent.wrapUpTicketId, until: agent.wrapUpUntil.toISOString() }
          : null,
    };
  }

  async get(id: string): Promise<AgentResponse> {
    return this.read(this.db.manager, id);
  }

  private async read(manager: EntityManager, id: string): Promise<AgentResponse> {
    const [agent, required] = await Promise.all([this.load(id, manager), this.requirements(manager)]);
    return toAgentResponse(agent, required);
  }

  private async load(id: string, manager: EntityManager = this.db.manager): Promise<AgentEntity> {
    const agent = await manager.getRepository(AgentEntity).findOne({
      where: { userId: id },
      relations: { queues: true, skills: true },
    });
    if (!agent) throw new NotFoundException(`agent ${id} does not exist`);
    return agent;
  }

  private async requirements(manager: EntityManager): Promise<Requirements> {
    const rows = (await manager.query(
      `SELECT r.queue_id, s.key AS skill, r.min_level FROM queue_required_skills r JOIN skills s ON s.id = r.skill_id`,
    )) as { queue_id: string; skill: string; min_level: number }[];
    const map: Requirements = new Map();
    for (const r of rows)
      map.set(r.queue_id, [...(map.get(r.queue_id) ?? []), { skill: r.skill, minLevel: r.min_level }]);
    return map;
  }

  private async findQueues(manager: EntityManager, keys: string[]): Promise<QueueEntity[]> {
    const queues = await manager.findBy(QueueEntity, { key: In(keys) });
    const problems = keys.flatMap((key) => {
      const queue = queues.find((q) => q.key === key);
      if (!queue) return [`queues: queue '${key}' does not exist`];
      return queue.retiredAt ? [`queues: queue '${key}' is retired`] : [];
    });
    if (problems.length > 0) throw new BadRequestException(problems);
    return queues;
  }

  private async setQueues(manager: EntityManager, agentId: string, queues: QueueEntity[]): Promise<void> {
    await manager.delete(AgentQueueEntity, { agentId });
    if (queues.length > 0)
      await manager.insert(
        AgentQueueEntity,
        queues.map((q) => ({ agentId, queueId: q.id })),
      );
  }

  private async setSkills(manager: EntityManager, agentId: string, skills: AgentSkill[]): Promise<void> {
    await manager.delete(AgentSkillEntity, { agentId });
    if (skills.length === 0) return;
    const found = await this.skills.findOrCreate(
      manager,
      skills.map((s) => s.skill),
    );
    await manager.insert(
      AgentSkillEntity,
      skills.map((s) => ({ agentId, skillId: found.get(s.skill)!.id, level: s.level })),
    );
  }
}
