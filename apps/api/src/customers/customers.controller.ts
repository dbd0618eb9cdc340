import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CustomerDetail } from '@switchboard/contracts';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth.decorators.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { CustomerDetailDto } from './customer.dto.js';
import { CustomerQueryService } from './customer-query.service.js';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly queries: CustomerQueryService) {}

  @Roles('supervisor', 'qa', 'admin', 'integration', 'agent')
  @Get(':id')
  @ApiOkResponse({
    type: CustomerDetailDto,
    description:
      'Profile, history figures, the newest 50 tickets and CSAT answers. An agent sees only customers with a ticket ' +
      'assigned or offered to them now, or one they handled before.',
  })
  @ApiBadRequestResponse({ description: 'id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such customer, or (for an agent) none of theirs.' })
  get(@Param('id', uuidParam('id')) id: string, @CurrentUser() viewer: AuthUser): Promise<CustomerDetail> {
    return this.queries.get(id, viewer);
  }
}
