import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { AgentReleaseService } from './agent-release.service.js';
import { AgentStatusService } from './agent-status.service.js';
import { OffersService } from './offers.service.js';
import { TicketTransferService } from './ticket-transfer.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import { WorkController } from './work.controller.js';

@Module({
  imports: [AgentsModule, TicketsModule],
  controllers: [WorkController],
  providers: [OffersService, AgentStatusService, TicketWorkService, TicketTransferService, AgentReleaseService],
  exports: [AgentReleaseService],
})
export class WorkModule {}
