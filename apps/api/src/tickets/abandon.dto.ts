import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Optional } from '../common/dto.js';

export class AbandonTicketDto {
  @ApiPropertyOptional({ example: 'caller-hung-up' })
  @Optional()
  @IsString()
  @MaxLength(64)
  reason?: string;
}
