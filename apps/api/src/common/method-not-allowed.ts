import { HttpException, HttpStatus } from '@nestjs/common';
import type { Express, Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/** A known path asked with a method it does not take: 405 with the methods it does take. */
export class MethodNotAllowedException extends HttpException {
  constructor(
    method: string,
    path: string,
    readonly allow: string[],
  ) {
    super(
      {
        statusCode: HttpStatus.METHOD_NOT_ALLOWED,
        error: 'Method Not Allowed',
        message: `${path} does not take ${method}; it takes ${allow.join(', ')}`,
      },
      HttpStatus.METHOD_NOT_ALLOWED,
    );
  }
}

/** The methods the application's routes take on this path (empty when no route has the path). */
export function allowedMethods(app: Express, path: string): string[] {
  const layers = ((app as unknown as { router?: { stack: RouteLayer[] } }).router?.stack ?? []) as RouteLayer[];
  const methods = new Set<string>();
  for (const layer of layers) {
    if (!layer.route || !layer.match(path)) continue;
    // Catch-alls (the console's static files step aside for /api with one) take every method.
    if (Object.keys(layer.route.methods).length > 8) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/** For a request no route matched (Nest's "Cannot GET /x"): the 405 to answer instead of 404, or null. */
export function methodNotAllowed(
  app: Express,
  req: Request,
  notFound: HttpException,
): MethodNotAllowedException | null {
  const message = (notFound.getResponse() as { message?: unknown }).message;
  if (typeof message !== 'string' || !message.startsWith(`Cannot ${req.method} `)) return null;
  // The full path: under the global prefix, req.path has lost /api.
  const path = req.originalUrl.split('?')[0]!;
  const allow = allowedMethods(app, path);
  return allow.length > 0 && !allow.includes(req.method)
    ? new MethodNotAllowedException(req.method, path, allow)
    : null;
}
