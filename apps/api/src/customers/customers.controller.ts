import { Controller, Get, Param } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
import { ApiTags } from '@nestjs/swagger';
import type { CustomerDetail } from '@switchboard/contracts';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { CustomerDetailDto } from './customer.dto.js';
import { CustomerQueryService } from './customer-query.service.js';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly queries: CustomerQueryService) {}

  @Can('customer.read')
  @Get(':id')
  @ApiOperationDoc({
    id: 'getCustomer',
    summary: 'The customer 360',
    description:
      'Profile, history figures, the newest 50 tickets and CSAT answers. An agent sees only a customer whose ' +
      'ticket they work on now (offered, in progress or in wrap-up); anyone else is 404.',
    ok: CustomerDetailDto,
    errors: [400, 404],
  })
  get(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<CustomerDetail> {
    return this.queries.get(id, viewer);
  }
}
