import { Module } from '@nestjs/common';
import { SkillsModule } from '../skills/skills.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { AgentSummaryController } from './agent-summary.controller.js';
import { AgentSummaryService } from './agent-summary.service.js';
import { AgentWorkController } from './agent-work.controller.js';
import { AgentWorkService } from './agent-work.service.js';
import { AgentsController } from './agents.controller.js';
import { AgentsService } from './agents.service.js';

@Module({
  imports: [SkillsModule, TicketsModule],
  controllers: [AgentsController, AgentWorkController, AgentSummaryController],
  providers: [AgentsService, AgentWorkService, AgentSummaryService],
  exports: [AgentsService, AgentWorkService],
})
export class AgentsModule {}
