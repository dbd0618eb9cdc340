import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MESSAGE_AUTHOR_KINDS,
  MESSAGE_BODY_MAX,
  MESSAGE_DIRECTIONS,
  MESSAGE_VISIBILITIES,
  TICKET_STATUSES,
  type CreateMessageRequest,
  type CreateMessageResponse,
  type Message,
  type MessageAttachment,
  type MessageAuthorKind,
  type MessageDirection,
  type MessagePage,
  type MessageVisibility,
  type TicketPosition,
  type TicketStatus,
} from '@switchboard/contracts';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional, PageLimit, Trim } from '../common/dto.js';

export class MessagesQueryDto {
  @ApiPropertyOptional({ description: "A page's `nextCursor`, or the `seq` of the last message a client has." })
  @Optional()
  @Matches(/^\d{1,9}$/, { message: 'after must be a cursor from nextCursor (a message number)' })
  after?: string;

  @PageLimit()
  limit?: number;
}

export class CreateMessageDto implements CreateMessageRequest {
  @ApiProperty({ example: 'The duplicate charge is refunded; you will see it within three days.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(MESSAGE_BODY_MAX, { message: `body must be at most ${MESSAGE_BODY_MAX} characters` })
  body: string;

  @ApiPropertyOptional({
    enum: MESSAGE_VISIBILITIES,
    description: 'Staff: required. `public` goes to the customer, `internal` is a note. Connectors: `public` only.',
  })
  @Optional()
  @IsIn(MESSAGE_VISIBILITIES, { message: `visibility must be one of ${MESSAGE_VISIBILITIES.join(', ')}` })
  visibility?: MessageVisibility;

  @ApiPropertyOptional({ enum: MESSAGE_DIRECTIONS, description: 'Connectors (`integration`): `inbound`.' })
  @Optional()
  @IsIn(MESSAGE_DIRECTIONS, { message: `direction must be one of ${MESSAGE_DIRECTIONS.join(', ')}` })
  direction?: MessageDirection;

  @ApiPropertyOptional({
    description: "Connectors: the channel's own id of the message; a repeat is the same message.",
  })
  @Optional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'externalId must be 1–200 visible ASCII characters' })
  externalId?: string;
}

class MessageAuthorDto {
  @ApiProperty({ enum: MESSAGE_AUTHOR_KINDS }) kind: MessageAuthorKind;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiProperty() name: string;
}

class MessageAttachmentDto implements MessageAttachment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ type: 'integer' }) size: number;
}

export class MessageDto implements Message {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'Rises by one per message within the ticket.' }) seq: number;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: MESSAGE_DIRECTIONS }) direction: MessageDirection;
  @ApiProperty({ enum: MESSAGE_VISIBILITIES }) visibility: MessageVisibility;
  @ApiProperty({ type: MessageAuthorDto }) author: MessageAuthorDto;
  @ApiProperty({ description: 'Plain text as written: show it as text.' }) body: string;
  @ApiProperty({ type: [MessageAttachmentDto] }) attachments: MessageAttachmentDto[];
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ format: 'date-time' }) deliveredAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) readAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) failedAt?: string;
  @ApiPropertyOptional() failure?: string;
}

export class MessagePageDto implements MessagePage {
  @ApiProperty({ type: [MessageDto] }) items: MessageDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page; null at the newest.' })
  nextCursor: string | null;
}

export class CreateMessageResponseDto implements CreateMessageResponse {
  @ApiProperty({ type: MessageDto }) message: MessageDto;
}

export class TicketPositionDto implements TicketPosition {
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ type: 'integer', description: '1 = next to be offered; 0 once it left the queue.' }) position: number;
  @ApiProperty({ type: 'integer' }) estimatedWaitSeconds: number;
  @ApiProperty({ format: 'date-time' }) asOf: string;
}

export class MarkReadDto {
  @ApiProperty({ type: 'integer', description: 'The newest message number read.' })
  @IsInt({ message: 'seq must be an integer' })
  @Min(1, { message: 'seq must be at least 1' })
  @Max(2_147_483_647, { message: 'seq is too large' })
  seq: number;
}
