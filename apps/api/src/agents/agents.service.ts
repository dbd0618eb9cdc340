import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_CAPACITY,
  type AgentDirectoryEntry,
  type AgentResponse,
  type AgentWorkResponse,
  type ChannelCapacity,
} from '@switchboard/contracts';
import {
  AgentEntity,
  AgentQueueEntity,
  AgentSkillEntity,
  isUniqueViolation,
  OfferEntity,
  QueueEntity,
  TicketEntity,
  toTicketSummary,
  UserEntity,
} from '@switchboard/persistence';
import { DataSource, In, MoreThan } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import { SkillsService } from '../skills/skills.service.js';
import type { CreateAgentDto } from './agent.dto.js';

/** Channels the request leaves out keep the default capacity. */
function withDefaults(capacity: Partial<ChannelCapacity> | undefined): ChannelCapacity {
  const given = Object.entries(capacity ?? {}).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_CAPACITY, ...Object.fromEntries(given) };
}

export function toAgentResponse(agent: AgentEntity): AgentResponse {
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
  };
}

@Injectable()
export class AgentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly skills: SkillsService,
  ) {}

  async create(input: CreateAgentDto): Promise<AgentResponse> {
    const queueKeys = [...new Set(input.queues)];
    const skillKeys = (input.skills ?? []).map((s) => s.skill);
    if (new Set(skillKeys).size !== skillKeys.length)
      throw new BadRequestException(['skills names the same skill twice']);
    const passwordHash = await hashPassword(input.password);
    try {
      const id = await this.db.transaction(async (manager) => {
        const queues = await manager.findBy(QueueEntity, { key: In(queueKeys) });
        const unknown = queueKeys.filter((key) => !queues.some((q) => q.key === key));
        if (unknown.length > 0) {
          throw new BadRequestException(unknown.map((key) => `queues: queue '${key}' does not exist`));
        }
        const user = await manager.save(
          manager.create(UserEntity, {
            name: input.name.trim(),
            email: input.email.trim().toLowerCase(),
            passwordHash,
            role: 'agent',
          }),
        );
        const skills = await this.skills.findOrCreate(manager, skillKeys);
        await manager.save(
          manager.create(AgentEntity, {
            userId: user.id,
            capacity: withDefaults(input.capacity),
            status: 'offline',
            statusReason: null,
          }),
        );
        await manager.save(queues.map((q) => manager.create(AgentQueueEntity, { agentId: user.id, queueId: q.id })));
        await manager.save(
          (input.skills ?? []).map((s) =>
            manager.create(AgentSkillEntity, { agentId: user.id, skillId: skills.get(s.skill)!.id, level: s.level }),
          ),
        );
        return user.id;
      });
      return this.get(id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`a user with e-mail ${input.email} already exists`);
      throw error;
    }
  }

  async list(queueKey?: string): Promise<AgentResponse[]> {
    const agents = await this.db.getRepository(AgentEntity).find({
      relations: { queues: true, skills: true },
      order: { user: { name: 'ASC' } },
    });
    return agents.filter((a) => !queueKey || a.queues.some((q) => q.queue.key === queueKey)).map(toAgentResponse);
  }

  /** Every agent's name, queues and status, for a colleague choosing whom to transfer to. */
  async directory(queueKey?: string): Promise<AgentDirectoryEntry[]> {
    return (await this.list(queueKey)).map(({ id, name, queues, status }) => ({ id, name, queues, status }));
  }

  /** The agent's desk: pending offers, held tickets and the wrap-up deadline, in one read. */
  async work(id: string): Promise<AgentWorkResponse> {
    const [agent, offers, tickets] = await Promise.all([
      this.load(id),
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
      agent: toAgentResponse(agent),
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
    return toAgentResponse(await this.load(id));
  }

  private async load(id: string): Promise<AgentEntity> {
    const agent = await this.db.getRepository(AgentEntity).findOne({
      where: { userId: id },
      relations: { queues: true, skills: true },
    });
    if (!agent) throw new NotFoundException(`agent ${id} does not exist`);
    return agent;
  }
}
