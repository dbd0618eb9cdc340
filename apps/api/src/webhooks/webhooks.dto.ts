import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEvent,
} from '@switchboard/contracts';
import { Optional, PageLimit, PlainText, Trim, allOf } from '../common/dto.js';

export { WEBHOOK_EVENTS, type WebhookEvent };

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

const Url = () =>
  allOf(
    IsUrl(URL_RULE, { message: 'url must be an http(s) URL' }),
    MaxLength(2000, { message: 'url must be at most 2000 characters' }),
  );

const Events = () =>
  allOf(
    IsArray({ message: 'events must be an array' }),
    ArrayMinSize(1, { message: 'events must name at least one event' }),
    ArrayMaxSize(WEBHOOK_EVENTS.length),
    ArrayUnique({ message: 'events must not repeat an event' }),
    IsIn(WEBHOOK_EVENTS, { each: true, message: `events must be among ${WEBHOOK_EVENTS.join(', ')}` }),
  );

const Secret = () =>
  allOf(
    IsString({ message: 'secret must be a string' }),
    MinLength(16, { message: 'secret must be at least 16 characters' }),
    MaxLength(200, { message: 'secret must be at most 200 characters' }),
  );

const Description = () =>
  allOf(
    Optional(),
    Trim(),
    IsString(),
    MaxLength(200, { message: 'description must be at most 200 characters' }),
    PlainText('description'),
  );

export class CreateWebhookDto implements CreateWebhookRequest {
  @ApiProperty({ example: 'https://connector.example/switchboard' }) @Url() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) @Events() events: WebhookEvent[];
  @ApiProperty({ minLength: 16, maxLength: 200, description: 'The HMAC-SHA256 key; never shown again.' })
  @Secret()
  secret: string;
  @ApiPropertyOptional({ maxLength: 200 }) @Description() description?: string;
}

export class UpdateWebhookDto implements UpdateWebhookRequest {
  @ApiPropertyOptional() @Optional() @Url() url?: string;
  @ApiPropertyOptional({ enum: WEBHOOK_EVENTS, isArray: true }) @Optional() @Events() events?: WebhookEvent[];
  @ApiPropertyOptional({ minLength: 16, maxLength: 200 }) @Optional() @Secret() secret?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean({ message: 'active must be true or false' }) active?: boolean;
  @ApiPropertyOptional({ maxLength: 200 }) @Description() description?: string;
}

export class WebhookDto implements Webhook {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: WebhookEvent[];
  @ApiProperty() active: boolean;
  @ApiProperty({ type: 'string', nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveriesQueryDto {
  @PageLimit()
  limit?: number;
}

class AttemptDto implements WebhookAttempt {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'integer', nullable: true, description: "The receiver's HTTP status; null when none came." })
  statusCode: number | null;
  @ApiProperty({ type: 'string', nullable: true }) error: string | null;
  @ApiProperty({ type: 'integer' }) durationMs: number;
}

export class DeliveryDto implements WebhookDelivery {
  @ApiProperty({ description: 'Digits; the Switchboard-Delivery header.' }) id: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS }) event: WebhookEvent;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status: WebhookDeliveryStatus;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: [AttemptDto] }) log: AttemptDto[];
}
