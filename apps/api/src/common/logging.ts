import type { AppConfig } from '@switchboard/config';
import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';

/** Query parameters whose values may be logged: none of them names or finds a person. */
const LOGGABLE_QUERY = new Set([
  'status',
  'queue',
  'limit',
  'channel',
  'window',
  'windowSeconds',
  'from',
  'to',
  'resolvedFrom',
  'resolvedTo',
  'bucketSeconds',
  'action',
  'targetType',
  'role',
]);

/**
 * The URL as it may be logged: search terms, names, e-mails, phones, tokens and cursors in the
 * query are replaced by `…`, so a log never holds what a user searched for.
 */
export function loggableUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept = [...params].map(
    ([k, v]) => `${encodeURIComponent(k)}=${LOGGABLE_QUERY.has(k) ? encodeURIComponent(v) : '…'}`,
  );
  return `${url.slice(0, q)}?${kept.join('&')}`;
}

/**
 * The path the client asked for. Nest runs middleware on Fastify through middie, which hands the
 * middleware (this logger's included) a `url` relative to where it was mounted, and the request
 * as sent in `originalUrl`.
 */
function requestedUrl(req: IncomingMessage & { originalUrl?: string }): string | undefined {
  return req.originalUrl ?? req.url;
}

/** Structured JSON logs in production; one readable line per entry in development. */
export function pinoOptions(config: AppConfig, name: string): Options {
  return {
    name,
    level: config.log.level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage & { originalUrl?: string } }) => {
        const raw = req.raw ?? req;
        return {
          id: req.id,
          method: raw.method,
          url: loggableUrl(requestedUrl(raw)),
          headers: raw.headers,
          remoteAddress: raw.socket?.remoteAddress,
        };
      },
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Health polls would drown everything else.
    autoLogging: { ignore: (req) => requestedUrl(req)?.split('?')[0] === '/api/health' },
    transport:
      config.log.format === 'pretty'
        ? {
            target: 'pino-pretty',
            options: {
              singleLine: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname,req,res,responseTime',
              messageFormat: '{msg}{if req.method} {req.method} {req.url} → {res.statusCode} ({responseTime} ms){end}',
            },
          }
        : undefined,
  };
}
