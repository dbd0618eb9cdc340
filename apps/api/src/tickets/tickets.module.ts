import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TicketAbandonService } from './ticket-abandon.service.js';
import { TicketCsatService } from './ticket-csat.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketQueryService } from './ticket-query.service.js';
import { TicketSearchService } from './ticket-search.service.js';
import { TicketTransferService } from './ticket-transfer.service.js';
import { TicketWorkController } from './ticket-work.controller.js';
import { TicketWorkService } from './ticket-work.service.js';
import { TicketsController } from './tickets.controller.js';

@Module({
  imports: [CustomersModule, MetricsModule, ConversationsModule, SurveysModule],
  controllers: [TicketsController, TicketWorkController],
  providers: [
    TicketIntakeService,
    TicketQueryService,
    TicketSearchService,
    TicketAbandonService,
    TicketCsatService,
    TicketWorkService,
    TicketTransferService,
  ],
  exports: [TicketQueryService, TicketTransferService, TicketIntakeService, TicketAbandonService],
})
export class TicketsModule {}
