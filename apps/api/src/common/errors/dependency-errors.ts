/**
 * Recognises "a server we depend on is unreachable" among the errors pg, TypeORM, ioredis and
 * BullMQ throw, so the api can answer 503 with Retry-After instead of 500.
 */
export type Dependency = 'PostgreSQL' | 'Redis';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash,
// cannot connect now), and 53300 (too many connections).
const POSTGRES_UNAVAILABLE = /^(08|57P)|^53300$/;

const POSTGRES_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not established|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)/i;

const REDIS_MESSAGES =
  /Connection is closed|Stream isn't writeable|enableOfflineQueue|Reached the max retries per request limit|LOADING Redis is loading|MISCONF|READONLY|Redis is unreachable|Redis connection is not ready/i;

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  driverError?: unknown;
  cause?: unknown;
  severity?: string;
  command?: unknown;
}

/** The dependency an error says is down, or null for any other error. */
export function unavailableDependency(error: unknown, depth = 0): Dependency | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const e = error as ErrorLike;
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'Redis';
  if (e.name === 'DependencyUnavailableError') return (error as { dependency: Dependency }).dependency;
  if (typeof e.code === 'string' && POSTGRES_UNAVAILABLE.test(e.code) && e.severity !== undefined) return 'PostgreSQL';
  if (POSTGRES_MESSAGES.test(message)) return 'PostgreSQL';
  if (e.name === 'QueryFailedError' || e.driverError) {
    const inner = unavailableDependency(e.driverError, depth + 1);
    if (inner) return inner;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'PostgreSQL';
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) {
    // ioredis errors carry the command they failed on; pg errors do not.
    return e.command !== undefined ? 'Redis' : 'PostgreSQL';
  }
  return unavailableDependency(e.cause, depth + 1);
}

/** Thrown where code knows which dependency failed (a timed-out Redis call, say). */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
  constructor(
    readonly dependency: Dependency,
    message: string,
  ) {
    super(message);
  }
}

/** An error's name, code and message for a log line: never a query's parameters, rows or the driver's detail. */
export function loggableError(error: unknown): { name: string; code?: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error).slice(0, 500) };
  const code = (error as ErrorLike).code;
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message.slice(0, 500),
    stack: error.stack?.split('\n').slice(0, 8).join('\n'),
  };
}
