import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Flattens nested errors into "customer.phone must be …" lines, as CONTRACT.md shows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => {
      // class-validator starts messages with the property name; swap it for the full path.
      if (message.startsWith(`${error.property} `)) return `${path}${message.slice(error.property.length)}`;
      if (message === `property ${error.property} should not exist`) return `${path} is not a known field`;
      return `${path}: ${message}`;
    });
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
  });
}
