import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Validates a path parameter as a UUID and names it in the 400. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException([`${name} must be a UUID`]),
  });
}
