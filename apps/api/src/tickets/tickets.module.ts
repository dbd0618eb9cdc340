import { Module } from '@nestjs/common';
import { TicketCsatService } from './ticket-csat.service.js';
import { CustomersModule } from '../customers/customers.module.js';
import { TicketAbandonService } from './ticket-abandon.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketQueryService } from './ticket-query.service.js';
import { TicketsController } from './tickets.controller.js';

@Module({
  imports: [CustomersModule],
  controllers: [TicketsController],
  providers: [TicketIntakeService, TicketQueryService, TicketAbandonService, TicketCsatService],
  exports: [TicketQueryService],
})
export class TicketsModule {}
