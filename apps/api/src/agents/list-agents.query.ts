import { Matches } from 'class-validator';
import { KEY_MESSAGE, KEY_PATTERN, Optional } from '../common/dto.js';

export class ListAgentsQueryDto {
  @Optional()
  @Matches(KEY_PATTERN, { message: `queue ${KEY_MESSAGE}` })
  queue?: string;
}
