import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AgentSummaryResponse } from '@switchboard/contracts';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { AgentSummaryQueryDto, AgentSummaryResponseDto } from './agent-summary.dto.js';
import { AgentSummaryService } from './agent-summary.service.js';

/** The agent's own figures, for the idle desk. */
@ApiTags('agents')
@Controller('agents')
export class AgentSummaryController {
  constructor(private readonly summaries: AgentSummaryService) {}

  @Can('agent.summary')
  @Get('me/summary')
  @ApiOperationDoc({
    id: 'getOwnSummary',
    summary: 'Your day and week',
    description:
      'Handled, AHT, FCR and CSAT of the calling agent since local midnight and since Monday in `tz`, by the ' +
      'metric engine’s definitions; the average of their submitted evaluations in each period (calibration ' +
      'excluded) and their five newest evaluations. 400 names a `tz` that is not an IANA zone.',
    ok: AgentSummaryResponseDto,
    errors: [400],
  })
  summary(@Query() query: AgentSummaryQueryDto, @CurrentUser() user: AuthUser): Promise<AgentSummaryResponse> {
    return this.summaries.summary(user.id, query.tz);
  }
}
