import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ErrorResponse } from '@switchboard/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteTable } from '../method-not-allowed.js';
import { refusedByFastify } from '../request-guards.js';
import { loggableError, unavailableDependency } from './dependency-errors.js';
import { RetryLaterException } from './retry-later.exception.js';

/** The request's path, without its query (which may name people: never logged). */
const path = (req: FastifyRequest) => req.url.split('?')[0];

/** How long a client should wait before retrying when PostgreSQL or Redis is unreachable. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

// SQLSTATE class 22 (data exception: a value PostgreSQL cannot store) and 23 (integrity).
const DATA_EXCEPTION = /^22/;
const INTEGRITY_VIOLATION = /^23/;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An HttpException's body in the one error shape of the contract. */
function errorBody(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  const raw = exception.getResponse();
  if (typeof raw === 'string') return { statusCode: status, error: REASONS[status] ?? 'Error', message: raw };
  const body = raw as Partial<ErrorResponse> & { message?: unknown };
  const message = body.message;
  return {
    statusCode: status,
    error: typeof body.error === 'string' ? body.error : (REASONS[status] ?? 'Error'),
    message:
      typeof message === 'string' || (Array.isArray(message) && message.every((m) => typeof m === 'string'))
        ? message
        : (REASONS[status] ?? 'Error'),
  };
}

/**
 * Every HTTP error answers in one shape, and nothing a client sends gets a 500 it could have
 * been told about: an unreachable PostgreSQL or Redis is a 503 with Retry-After, a value the
 * database refuses is a 400. Errors are logged without query parameters or driver details,
 * which carry customers' data and password hashes.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  /**
   * `routes`: the application's routes, to tell a wrong method on a known path (405) from an
   * unknown path (404); `spa`: answers a page the browser console routes itself (its index.html),
   * or null for paths it does not serve.
   */
  constructor(
    private readonly routes: RouteTable,
    private readonly bodyLimitBytes: number,
    private readonly spa: ((req: FastifyRequest, reply: FastifyReply) => boolean) | null = null,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const res = http.getResponse<FastifyReply>();
    const req = http.getRequest<FastifyRequest>();
    if (res.sent) {
      this.logger.error({ err: loggableError(exception) }, `error after the answer began: ${req.method} ${path(req)}`);
      return;
    }
    if (exception instanceof NotFoundException && this.spa?.(req, res)) return;
    const refused = refusedByFastify(exception, this.bodyLimitBytes);
    if (refused) exception = refused;
    // A deliberate body that is not an error message (the health check's report of each
    // dependency) goes out as it is.
    if (exception instanceof HttpException) {
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && !('message' in raw)) {
        if (exception.getStatus() === 503) void res.header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
        void res.code(exception.getStatus()).send(raw);
        return;
      }
    }
    const { body, retryAfter } = this.describe(exception, req, res);
    if (retryAfter !== undefined) void res.header('Retry-After', String(retryAfter));
    void res.code(body.statusCode).send(body);
  }

  private describe(
    exception: unknown,
    req: FastifyRequest,
    res: FastifyReply,
  ): { body: ErrorResponse; retryAfter?: number } {
    if (exception instanceof NotFoundException) {
      const wrongMethod = this.routes.methodNotAllowed(req, exception);
      if (wrongMethod) {
        void res.header('Allow', wrongMethod.allow.join(', '));
        return { body: errorBody(wrongMethod) };
      }
    }
    if (exception instanceof HttpException) {
      const retryAfter = exception instanceof RetryLaterException ? exception.retryAfterSeconds : undefined;
      return { body: errorBody(exception), retryAfter };
    }
    const dependency = unavailableDependency(exception);
    if (dependency) {
      this.logger.warn(`${dependency} is unreachable: ${req.method} ${path(req)} answered 503`);
      return {
        body: {
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'Service Unavailable',
          message: `${dependency} is unreachable; try again shortly`,
        },
        retryAfter: DEPENDENCY_RETRY_AFTER_SECONDS,
      };
    }
    // TypeORM wraps the driver's error; the units of work throw node-postgres's own.
    const failed = exception as { driverError?: { code?: unknown }; code?: unknown; severity?: unknown } | null;
    const code = failed?.driverError?.code ?? (typeof failed?.severity === 'string' ? failed.code : undefined);
    if (typeof code === 'string' && DATA_EXCEPTION.test(code)) {
      this.logger.warn({ err: loggableError(exception) }, `database refused a value: ${req.method} ${path(req)}`);
      return {
        body: { statusCode: 400, error: 'Bad Request', message: ['a value in the request cannot be stored'] },
      };
    }
    if (typeof code === 'string' && INTEGRITY_VIOLATION.test(code)) {
      this.logger.warn({ err: loggableError(exception) }, `conflict with stored data: ${req.method} ${path(req)}`);
      return {
        body: { statusCode: 409, error: 'Conflict', message: 'the request conflicts with data changed meanwhile' },
      };
    }
    this.logger.error({ err: loggableError(exception) }, `unexpected error: ${req.method} ${path(req)}`);
    return { body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' } };
  }
}
