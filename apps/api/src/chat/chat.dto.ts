import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHAT_NAME_MAX,
  CHAT_PHASES,
  CHAT_SUBJECT_MAX,
  MESSAGE_BODY_MAX,
  TICKET_STATUSES,
  type ChatPhase,
  type ChatSessionState,
  type CreateChatMessageRequest,
  type CreateChatSessionRequest,
  type CreateChatSessionResponse,
  type TicketStatus,
} from '@switchboard/contracts';
import { Type } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional, PhoneNumber, PlainName, PlainText, Trim } from '../common/dto.js';

export class ChatCustomerDto {
  @ApiPropertyOptional({ example: 'Ayşe Yılmaz' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(CHAT_NAME_MAX, { message: `customer.name must be at most ${CHAT_NAME_MAX} characters` })
  @PlainName('customer.name')
  name?: string;

  @ApiPropertyOptional({ example: 'ayse@example.com' })
  @Optional()
  @Trim()
  @IsEmail({}, { message: 'customer.email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+90 532 000 11 22' })
  @Optional()
  @PhoneNumber('customer.phone')
  phone?: string;
}

export class CreateChatSessionDto implements CreateChatSessionRequest {
  @ApiProperty({ example: 'complaints' })
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue: string;

  @ApiPropertyOptional({ description: 'Defaults to the first line of the message.' })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(CHAT_SUBJECT_MAX, { message: `subject must be at most ${CHAT_SUBJECT_MAX} characters` })
  @PlainText('subject')
  subject?: string;

  @ApiProperty({ example: 'I was charged twice for October.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'message must not be empty' })
  @MaxLength(MESSAGE_BODY_MAX, { message: `message must be at most ${MESSAGE_BODY_MAX} characters` })
  @PlainText('message')
  message: string;

  @ApiProperty({ type: ChatCustomerDto })
  @IsObject({ message: 'customer must be an object' })
  @ValidateNested()
  @Type(() => ChatCustomerDto)
  customer: ChatCustomerDto;
}

export class CreateChatSessionResponseDto implements CreateChatSessionResponse {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ description: 'Bearer token of /api/chat/* and the chat socket; this conversation only.' })
  customerToken: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: 'integer' }) estimatedWaitSeconds: number;
}

export class CreateChatMessageDto implements CreateChatMessageRequest {
  @ApiProperty({ example: 'The second charge is on the 14th.' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(MESSAGE_BODY_MAX, { message: `body must be at most ${MESSAGE_BODY_MAX} characters` })
  @PlainText('body')
  body: string;
}

class ChatQueueDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
}

class ChatNameDto {
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

class ChatAgentDto {
  @ApiProperty() name: string;
}

export class ChatSessionStateDto implements ChatSessionState {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ enum: CHAT_PHASES }) phase: ChatPhase;
  @ApiProperty({ type: ChatQueueDto }) queue: ChatQueueDto;
  @ApiProperty({ type: ChatNameDto }) customer: ChatNameDto;
  @ApiProperty({ type: ChatAgentDto, nullable: true }) agent: ChatAgentDto | null;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: 'integer' }) estimatedWaitSeconds: number;
  @ApiProperty({ type: 'integer' }) lastSeq: number;
  @ApiPropertyOptional({ format: 'date-time' }) endedAt?: string;
  @ApiPropertyOptional({ description: 'Once resolved: the survey the customer may still answer.' })
  surveyUrl?: string;
}
