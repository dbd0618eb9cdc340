import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/dto.js';

export class RecordCsatDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, description: '1 (very dissatisfied) – 5 (very satisfied).' })
  @IsInt({ message: 'score must be a whole number from 1 to 5' })
  @Min(1, { message: 'score must be a whole number from 1 to 5' })
  @Max(5, { message: 'score must be a whole number from 1 to 5' })
  score: number;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
