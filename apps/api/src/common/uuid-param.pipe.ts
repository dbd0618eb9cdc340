import { BadRequestException, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { KEY_MESSAGE, KEY_PATTERN } from './dto.js';

/** Validates a path parameter as a UUID and names it in the 400. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException([`${name} must be a UUID`]),
  });
}

/** Validates a queue key in the path (`/queues/{key}`) before it reaches a query. */
export function queueKeyParam(): PipeTransform<string, string> {
  return {
    transform: (value: string) => {
      if (!KEY_PATTERN.test(value)) throw new BadRequestException([`key ${KEY_MESSAGE}`]);
      return value;
    },
  };
}
