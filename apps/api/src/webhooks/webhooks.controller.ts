import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Can } from '../access/access-policy.js';
import { CurrentUser, type AuthUser } from '../auth/auth.decorators.js';
import { BIGINT_ID } from '../common/cursor.js';
import { ApiOperationDoc } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { BadRequestException } from '@nestjs/common';
import { CreateWebhookDto, DeliveriesQueryDto, DeliveryDto, UpdateWebhookDto, WebhookDto } from './webhooks.dto.js';
import { WebhooksService } from './webhooks.service.js';

const deliveryParam = {
  transform: (value: string) => {
    if (!BIGINT_ID.test(value) || value.length > 18)
      throw new BadRequestException(['deliveryId must be a delivery id (digits)']);
    return value;
  },
};

/** Webhooks: signed event deliveries to connectors (docs/connectors.md). Admins only. */
@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Can('webhook.manage')
  @Post()
  @ApiOperationDoc({
    id: 'createWebhook',
    summary: 'Subscribe a URL to events',
    description:
      'ticket.created, ticket.resolved, ticket.transferred and message.created (public replies) are POSTed as JSON, ' +
      'signed with HMAC-SHA256 of "<t>.<body>" in `Switchboard-Signature: t=…,v1=…`, retried with exponential backoff for a day.',
    status: 201,
    ok: WebhookDto,
    errors: [400],
  })
  create(@Body() body: CreateWebhookDto, @CurrentUser() actor: AuthUser): Promise<WebhookDto> {
    return this.webhooks.create(actor, body);
  }

  @Can('webhook.manage')
  @Get()
  @ApiOperationDoc({ id: 'listWebhooks', summary: 'Webhooks (their secrets are never shown)', ok: [WebhookDto] })
  list(): Promise<WebhookDto[]> {
    return this.webhooks.list();
  }

  @Can('webhook.manage')
  @Patch(':id')
  @ApiOperationDoc({
    id: 'updateWebhook',
    summary: 'Change a webhook (URL, events, secret, active)',
    ok: WebhookDto,
    errors: [400, 404],
  })
  update(@Param('id', uuidParam('id')) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(id, body);
  }

  @Can('webhook.manage')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperationDoc({ id: 'deleteWebhook', summary: 'Remove a webhook and its log', status: 204, errors: [400, 404] })
  async remove(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Can('webhook.manage')
  @Get(':id/deliveries')
  @ApiOperationDoc({
    id: 'listWebhookDeliveries',
    summary: 'The delivery log: newest deliveries, each with every attempt and its answer',
    ok: [DeliveryDto],
    errors: [400, 404],
  })
  deliveries(@Param('id', uuidParam('id')) id: string, @Query() query: DeliveriesQueryDto): Promise<DeliveryDto[]> {
    return this.webhooks.deliveries(id, query.limit ?? 50);
  }

  @Can('webhook.manage')
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'redeliverWebhook',
    summary: 'Send a delivery again now, with the same body',
    ok: DeliveryDto,
    errors: [400, 404],
  })
  redeliver(
    @Param('id', uuidParam('id')) id: string,
    @Param('deliveryId', deliveryParam) deliveryId: string,
  ): Promise<DeliveryDto> {
    return this.webhooks.redeliver(id, deliveryId);
  }
}
