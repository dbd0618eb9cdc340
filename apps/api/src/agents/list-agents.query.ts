import { IsOptional, Matches } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN } from '../common/dto.js';

export class ListAgentsQueryDto {
  @IsOptional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;
}
