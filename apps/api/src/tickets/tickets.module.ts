import { Module } from '@nestjs/common';
import { TicketCsatService } from './ticket-csat.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { TicketAbandonService } from './ticket-abandon.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketQueryService } from './ticket-query.service.js';
import { TicketsController } from './tickets.controller.js';

@Module({
  controllers: [TicketsController],
  providers: [TicketIntakeService, TicketQueryService, TicketAbandonService, TicketCsatService, CustomersService],
  exports: [TicketQueryService],
})
export class TicketsModule {}
