import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AbandonTicketDto {
  @ApiPropertyOptional({ example: 'caller-hung-up' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  reason?: string;
}
