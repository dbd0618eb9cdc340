import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A 429 or 503 that tells the client when to try again: the exception filter turns
 * `retryAfterSeconds` into a `Retry-After` header.
 */
export class RetryLaterException extends HttpException {
  constructor(
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      {
        statusCode: status,
        error: status === HttpStatus.TOO_MANY_REQUESTS ? 'Too Many Requests' : 'Service Unavailable',
        message,
      },
      status,
    );
  }
}
