/**
 * What every answer carries and what a log keeps: security headers, the API description off in
 * production, search terms and tokens never in a log line, no query parameter in an error log.
 */
import { loadConfig } from '@switchboard/config';
import type { IncomingMessage } from 'node:http';
import { loggableUrl, pinoOptions } from '../src/common/logging.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('headers');
  });
  afterAll(() => t.close());

  it('sends a Content-Security-Policy the console and Swagger UI work under, and the usual hardening', async () => {
    const res = await t.http.get('/api/health').expect(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Outside production no HSTS: npm start serves plain http on 127.0.0.1.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves Swagger UI with scripts from its own files only (no inline script for the policy to block)', async () => {
    const page = await t.http.get('/api/docs/').expect(200);
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(page.text).toMatch(/<script src=/);
    await t.http.get('/api/docs/swagger-ui-init.js').expect(200);
  });
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', SEED_DEMO: 'false' };

  it('keeps Swagger UI and the OpenAPI JSON off unless API_DOCS=true, and sends HSTS', async () => {
    const hidden = await startTestApp('prod-docs', production);
    try {
      await hidden.http.get('/api/docs-json').expect(404);
      await hidden.http.get('/api/docs/').expect(404);
      const res = await hidden.http.get('/api/health').expect(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await hidden.close();
    }
    const shown = await startTestApp('prod-docs-on', { ...production, API_DOCS: 'true' });
    try {
      await shown.http.get('/api/docs-json').expect(200);
    } finally {
      await shown.close();
    }
  });
});

describe('logs', () => {
  it('keep query values that name no one, and hide search terms, e-mails and cursors', () => {
    expect(loggableUrl('/api/tickets?q=Ay%C5%9Fe%20Y%C4%B1lmaz&status=resolved&limit=25')).toBe(
      '/api/tickets?q=…&status=resolved&limit=25',
    );
    expect(loggableUrl('/api/users?q=ayse@example.com&role=agent')).toBe('/api/users?q=…&role=agent');
    expect(loggableUrl('/api/tickets?cursor=abc&customerId=123')).toBe('/api/tickets?cursor=…&customerId=…');
    expect(loggableUrl('/api/health')).toBe('/api/health');
  });

  it('log a request with the URL so redacted and no credentials', () => {
    const options = pinoOptions(loadConfig({ LOG_FORMAT: 'json' }), 'api');
    const req = {
      id: 1,
      method: 'GET',
      url: '/api/tickets?q=secret-customer-name',
      headers: { authorization: 'Bearer abc', cookie: 'sb_session=x', 'user-agent': 'test' },
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const logged = (options.serializers!.req as (r: IncomingMessage) => Record<string, unknown>)(req);
    expect(logged.url).toBe('/api/tickets?q=…');
    expect(JSON.stringify(logged)).not.toContain('secret-customer-name');
    expect(options.redact).toEqual(expect.arrayContaining(['req.headers.authorization', 'req.headers.cookie']));
    // On Fastify, Nest's middleware sees the path relative to where it is mounted and the request
    // as sent in originalUrl: the log names the path the client asked for.
    const mounted = {
      ...req,
      url: '/',
      originalUrl: '/api/tickets?q=secret-customer-name',
    } as unknown as IncomingMessage;
    expect((options.serializers!.req as (r: IncomingMessage) => Record<string, unknown>)(mounted).url).toBe(
      '/api/tickets?q=…',
    );
  });
});
