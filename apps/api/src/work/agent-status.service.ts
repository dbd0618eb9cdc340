import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AgentResponse, AgentStatus } from '@switchboard/contracts';
import { AfterCommit, statusChangeEffects } from '@switchboard/messaging';
import { changeAgentStatus, inTransaction } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service.js';
import type { AuthUser } from '../auth/auth.decorators.js';
import { AuditService } from '../audit/audit.service.js';
import { Effects } from '../messaging/messaging.module.js';

@Injectable()
export class AgentStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly effects: Effects,
    private readonly agents: AgentsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Going available makes the agent routable at once; going away or offline takes back a pending
   * offer. A supervisor's change of someone else's status is in the audit log.
   */
  async set(agentId: string, status: AgentStatus, reason: string | undefined, actor: AuthUser): Promise<AgentResponse> {
    const effects = new AfterCommit();
    await inTransaction(this.db, async (manager) => {
      effects.reset();
      const [user] = (await manager.query(
        `SELECT u.email, u.disabled, a.status, a.status_reason FROM users u JOIN agents a ON a.user_id = u.id WHERE u.id = $1`,
        [agentId],
      )) as { email: string; disabled: boolean; status: AgentStatus; status_reason: string | null }[];
      if (!user) throw new NotFoundException(`agent ${agentId} does not exist`);
      if (user.disabled && status !== 'offline') throw new ConflictException('the agent is disabled');
      const change = await changeAgentStatus(manager, agentId, status, reason ?? null, actor.id, new Date());
      if (!change) throw new NotFoundException(`agent ${agentId} does not exist`);
      statusChangeEffects(agentId, status, change.rescinded, effects);
      if (actor.id !== agentId) {
        await this.audit.recordIfAudited(manager, actor, {
          action: 'agent.status_set',
          target: { type: 'agent', id: agentId, label: user.email },
          before: { status: user.status, reason: user.status_reason },
          after: { status, reason: reason ?? null, offersTakenBack: change.rescinded.length },
        });
      }
    });
    await this.effects.flush(effects);
    return this.agents.get(agentId);
  }
}
