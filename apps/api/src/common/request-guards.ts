import type { ErrorResponse } from '@switchboard/contracts';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Deepest nesting of arrays and objects a JSON body may have; the deepest our API takes is 4. */
export const MAX_JSON_DEPTH = 16;

/** Bodies of the anonymous sign-in routes are a few fields: anything larger is refused unread. */
export const AUTH_BODY_LIMIT_BYTES = 4 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];
const BRACE_OPEN = 0x7b;
const BRACKET_OPEN = 0x5b;
const BRACE_CLOSE = 0x7d;
const BRACKET_CLOSE = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const DIGIT_ZERO = 0x30;

class BodyRefused extends Error {
  readonly status = 400;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.nul',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One pass over the raw bytes before JSON.parse: refuses nesting deeper than `maxDepth` (parsers
 * and validators recurse per level, so 5,000 levels cost hundreds of milliseconds and overflow
 * the stack) and the escape \u0000 inside strings (PostgreSQL cannot store NUL in text).
 */
export function scanJson(buf: Buffer, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (inString) {
      if (escaped) {
        escaped = false;
        if (
          b === LETTER_U &&
          buf[i + 1] === DIGIT_ZERO &&
          buf[i + 2] === DIGIT_ZERO &&
          buf[i + 3] === DIGIT_ZERO &&
          buf[i + 4] === DIGIT_ZERO
        ) {
          throw new BodyRefused('entity.nul', 'body must not contain NUL characters (\\u0000)');
        }
      } else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === BRACE_OPEN || b === BRACKET_OPEN) {
      if (++depth > maxDepth) {
        throw new BodyRefused('entity.too.deep', `body nests arrays and objects deeper than ${maxDepth} levels`);
      }
    } else if (b === BRACE_CLOSE || b === BRACKET_CLOSE) depth--;
  }
}

function refuse(res: Response, body: ErrorResponse): void {
  res.status(body.statusCode).json(body);
}

/** True when the request carries a body (a length above 0 or chunked). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * JSON body parsing whose failures answer in Nest's error shape instead of Express's HTML page:
 * 415 for a body that is not JSON, 413 when too large (4 KiB on the sign-in routes), 400 when it
 * is not valid JSON, nests too deep or holds a NUL.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const options = (limit: number) => ({
    limit,
    type: JSON_TYPES,
    verify: (_req: unknown, _res: unknown, buf: Buffer) => scanJson(buf),
  });
  const parsers = { standard: express.json(options(limitBytes)), auth: express.json(options(AUTH_BODY_LIMIT_BYTES)) };
  return (req: Request, res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.is(JSON_TYPES)) {
      refuse(res, {
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `Content-Type must be application/json, not ${req.headers['content-type'] ?? 'missing'}`,
      });
      return;
    }
    const auth = req.path.startsWith('/api/auth/');
    const limit = auth ? AUTH_BODY_LIMIT_BYTES : limitBytes;
    (auth ? parsers.auth : parsers.standard)(req, res, (err?: unknown) => {
      if (!err) return next();
      const { type, status, message } = err as { type?: string; status?: number; message?: string };
      if (type === 'entity.too.large') {
        refuse(res, {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `request body is larger than the limit of ${limit} bytes`,
        });
      } else if (type === 'entity.too.deep' || type === 'entity.nul') {
        refuse(res, { statusCode: 400, error: 'Bad Request', message: [message ?? 'body refused'] });
      } else if (type === 'entity.parse.failed') {
        refuse(res, { statusCode: 400, error: 'Bad Request', message: ['body must be valid JSON'] });
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        refuse(res, { statusCode: 415, error: 'Unsupported Media Type', message: 'body must be UTF-8 JSON' });
      } else {
        const code = status && status >= 400 && status < 500 ? status : 400;
        refuse(res, { statusCode: code, error: 'Bad Request', message: ['request body could not be read'] });
      }
    });
  };
}

/**
 * NUL cannot be stored by PostgreSQL and has no place in a path or query: 400 before routing,
 * whichever parameter carries it.
 */
export function rejectNulInUrl(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (/%00|\0/i.test(req.url)) {
      refuse(res, { statusCode: 400, error: 'Bad Request', message: ['the URL must not contain NUL (%00)'] });
      return;
    }
    next();
  };
}
