import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AcceptOfferResponse, DeclineOfferResponse } from '@switchboard/contracts';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { actionResult } from '../common/action-result.js';
import { ApiAction } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { AcceptOfferResponseDto, DeclineOfferResponseDto } from './offer.dto.js';
import { OffersService } from './offers.service.js';

@ApiTags('offers')
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Can('offer.answer')
  @Post(':offerId/accept')
  @HttpCode(200)
  @ApiAction({
    id: 'acceptOffer',
    summary: 'Accept an offer',
    description: 'The ticket is the agent\u2019s, in progress. 409 when the offer is no longer pending.',
    ok: AcceptOfferResponseDto,
    errors: [400, 404, 409],
  })
  async accept(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AcceptOfferResponse> {
    const ticket = await this.offers.accept(offerId, user);
    return {
      ticket,
      ...actionResult('offer.accept', { type: 'offer', id: offerId }, { id: ticket.id, status: ticket.status }),
    };
  }

  @Can('offer.answer')
  @Post(':offerId/decline')
  @HttpCode(200)
  @ApiAction({
    id: 'declineOffer',
    summary: 'Decline an offer',
    description: 'The ticket returns to its queue for someone else.',
    ok: DeclineOfferResponseDto,
    errors: [400, 404, 409],
  })
  async decline(
    @Param('offerId', uuidParam('offerId')) offerId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<DeclineOfferResponse> {
    const ticket = await this.offers.decline(offerId, user);
    return { offerId, status: 'declined', ...actionResult('offer.decline', { type: 'offer', id: offerId }, ticket) };
  }
}
