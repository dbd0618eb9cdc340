import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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

interface KnownRoute {
  methods: string[];
  pattern: RegExp;
}

/**
 * The application's routes as Fastify registers them (its `onRoute` hook), to tell a wrong method
 * on a known path (405, with Allow) from an unknown path (404). Catch-alls are left out: they
 * take any path.
 */
export class RouteTable {
  private readonly routes: KnownRoute[] = [];

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return;
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
      const source = route.url
        .replace(/\/$/, '')
        .split('/')
        .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      this.routes.push({ methods, pattern: new RegExp(`^${source}/?$`, 'i') });
    });
  }

  /** The methods the routes take on this path (empty when no route has the path). */
  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }

  /** For a request no route matched (Nest's "Cannot GET /x"): the 405 to answer instead of 404, or null. */
  methodNotAllowed(req: FastifyRequest, notFound: HttpException): MethodNotAllowedException | null {
    const message = (notFound.getResponse() as { message?: unknown }).message;
    if (typeof message !== 'string' || !message.startsWith(`Cannot ${req.method} `)) return null;
    const path = req.url.split('?')[0]!;
    const allow = this.allowedMethods(path);
    return allow.length > 0 && !allow.includes(req.method)
      ? new MethodNotAllowedException(req.method, path, allow)
      : null;
  }
}
