import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { ErrorResponse } from '@switchboard/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Deepest nesting of arrays and objects a JSON body may have; the deepest our API takes is 4. */
export const MAX_JSON_DEPTH = 16;

/** Bodies of the anonymous sign-in routes are a few fields: anything larger is refused unread. */
export const AUTH_BODY_LIMIT_BYTES = 4 * 1024;

/** The customer's chat (public): a message of at most 10,000 characters and a few fields. */
export const CHAT_BODY_LIMIT_BYTES = 48 * 1024;

const BRACE_OPEN = 0x7b;
const BRACKET_OPEN = 0x5b;
const BRACE_CLOSE = 0x7d;
const BRACKET_CLOSE = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
const DIGIT_ZERO = 0x30;

class BodyRefused extends Error {}

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
          throw new BodyRefused('body must not contain NUL characters (\\u0000)');
        }
      } else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === BRACE_OPEN || b === BRACKET_OPEN) {
      if (++depth > maxDepth) {
        throw new BodyRefused(`body nests arrays and objects deeper than ${maxDepth} levels`);
      }
    } else if (b === BRACE_CLOSE || b === BRACKET_CLOSE) depth--;
  }
}

const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;
const UPLOAD_PATH = /^\/api\/(tickets\/[0-9a-f-]{36}\/attachments|chat\/attachments)\/?(\?|$)/i;

/** Content types taken as JSON: application/json and application/<anything>+json. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

function refuse(reply: FastifyReply, body: ErrorResponse): void {
  void reply.code(body.statusCode).send(body);
}

/** True when the request carries a body (a length above 0 or chunked). */
function hasBody(req: FastifyRequest): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The lower limit of a public route's body, or null for the configured one. */
function publicLimit(url: string): number | null {
  const path = url.toLowerCase();
  if (path.startsWith('/api/auth/')) return AUTH_BODY_LIMIT_BYTES;
  if (path.startsWith('/api/chat/') || path.startsWith('/api/surveys/')) return CHAT_BODY_LIMIT_BYTES;
  return null;
}

/** A refused body, as the exception filter answers it. */
function refused(status: 400 | 413 | 415, message: string): HttpException {
  if (status === 413) return new PayloadTooLargeException(message);
  if (status === 415) return new UnsupportedMediaTypeException(message);
  return new BadRequestException([message]);
}

/**
 * JSON bodies only, read as bytes and checked before JSON.parse, failing in the API's error
 * shape: 415 for a body that is not JSON, 413 when too large (4 KiB on the sign-in routes,
 * refused unread when the length says so), 400 when it is not valid JSON, nests too deep or
 * holds a NUL. NUL in the URL is a 400 before routing.
 */
export function guardRequests(fastify: FastifyInstance, limitBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addHook('onRequest', (req, reply, done) => {
    if (/%00|\0/i.test(req.url)) {
      refuse(reply, { statusCode: 400, error: 'Bad Request', message: ['the URL must not contain NUL (%00)'] });
      return;
    }
    if (hasBody(req)) {
      const type = req.headers['content-type'];
      // Files go to the two upload routes as multipart forms (their size is checked as they stream).
      if (type && MULTIPART_TYPE.test(type) && UPLOAD_PATH.test(req.url)) {
        done();
        return;
      }
      if (!type || !JSON_TYPE.test(type)) {
        refuse(reply, {
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `Content-Type must be application/json, not ${type ?? 'missing'}`,
        });
        return;
      }
      const length = Number(req.headers['content-length'] ?? 0);
      const small = publicLimit(req.url);
      if (small !== null && length > small) {
        refuse(reply, {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `request body is larger than the limit of ${small} bytes`,
        });
        return;
      }
    }
    done();
  });
  fastify.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'buffer', bodyLimit: limitBytes },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const limit = publicLimit(req.url) ?? limitBytes;
      if (body.length > limit) return done(refused(413, `request body is larger than the limit of ${limit} bytes`));
      const charset = /;\s*charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) return done(refused(415, 'body must be UTF-8 JSON'));
      try {
        scanJson(body);
      } catch (error) {
        return done(refused(400, (error as Error).message));
      }
      try {
        done(null, body.length === 0 ? undefined : JSON.parse(body.toString('utf8')));
      } catch {
        done(refused(400, 'body must be valid JSON'));
      }
    },
  );
}

/**
 * What Fastify refuses itself, before the application sees the request, in the API's terms:
 * a body over the limit (413), an unreadable one (400).
 */
export function refusedByFastify(error: unknown, limitBytes: number): HttpException | null {
  // Nest hands Fastify's own errors on as HttpExceptions caused by them.
  const fault = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = fault?.code ?? fault?.cause?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return refused(413, `request body is larger than the limit of ${limitBytes} bytes`);
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return refused(415, 'Content-Type must be application/json');
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP')) return refused(400, 'request body could not be read');
  return null;
}
