import type { ErrorResponse } from '@switchboard/contracts';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * JSON body parsing whose failures answer like every other error (Nest's shape) instead of
 * falling through to Express's HTML error page: 413 when too large, 400 when not JSON.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const { type, status } = err as { type?: string; status?: number };
      let body: ErrorResponse;
      if (type === 'entity.too.large') {
        body = {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `request body is larger than the limit of ${limitBytes} bytes`,
        };
      } else if (type === 'entity.parse.failed') {
        body = { statusCode: 400, error: 'Bad Request', message: ['body must be valid JSON'] };
      } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
        body = { statusCode: 415, error: 'Unsupported Media Type', message: 'body must be UTF-8 JSON' };
      } else {
        const code = status && status >= 400 && status < 500 ? status : 400;
        body = { statusCode: code, error: 'Bad Request', message: ['request body could not be read'] };
      }
      res.status(body.statusCode).json(body);
    });
  };
}
