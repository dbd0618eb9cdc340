import type { AppConfig } from '@switchboard/config';
import type { Options } from 'pino-http';

/** Structured JSON logs in production; one readable line per entry in development. */
export function pinoOptions(config: AppConfig, name: string): Options {
  return {
    name,
    level: config.log.level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Health polls would drown everything else.
    autoLogging: { ignore: (req) => req.url === '/api/health' },
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
