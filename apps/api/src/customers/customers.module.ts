import { Module } from '@nestjs/common';
import { CustomerQueryService } from './customer-query.service.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

@Module({
  controllers: [CustomersController],
  providers: [CustomersService, CustomerQueryService],
  // Intake finds or creates the customer inside its own transaction.
  exports: [CustomersService],
})
export class CustomersModule {}
