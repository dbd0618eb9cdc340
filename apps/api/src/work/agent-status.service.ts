import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentResponse, AgentStatus } from '@switchboard/contracts';
import { AfterCommit, statusChangeEffects } from '@switchboard/messaging';
import { changeAgentStatus, inTransaction } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service.js';
import { Effects } from '../messaging/messaging.module.js';

@Injectable()
export class AgentStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly agents: AgentsService,
  ) {}

  /** Going available makes the agent routable at once; going away or offline takes back a pending offer. */
  async set(agentId: string, status: AgentStatus, reason: string | undefined, actorId: string): Promise<AgentResponse> {
    const effects = new AfterCommit();
    await inTransaction(this.db, async (manager) => {
      const change = await changeAgentStatus(manager, agentId, status, reason ?? null, actorId, new Date());
      if (!change) throw new NotFoundException(`agent ${agentId} does not exist`);
      statusChangeEffects(agentId, status, change.rescinded, effects);
    });
    await this.effects.flush(effects);
    return this.agents.get(agentId);
  }
}
