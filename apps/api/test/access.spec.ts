import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { Role } from '@switchboard/contracts';
import { PUBLIC_KEY, ROLES_KEY } from '../src/auth/auth.decorators.js';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('access');
});
afterAll(() => t.close());

/** Anonymous routes, and the customer's chat (its own token, tested in chat.spec.ts). */
const PUBLIC_ROUTES = [
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'GET /api/health',
  'POST /api/chat/sessions',
  'GET /api/chat/session',
  'GET /api/chat/messages',
  'POST /api/chat/messages',
  'POST /api/chat/read',
  'POST /api/chat/leave',
  'POST /api/chat/attachments',
  'GET /api/chat/attachments/:id',
  'GET /api/surveys/:token',
  'POST /api/surveys/:token',
];

interface RouteInfo {
  route: string;
  roles: Role[] | undefined;
  isPublic: boolean;
}

function discoverRoutes(): RouteInfo[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer, { strict: false }));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/api/${[base, path].filter((p) => p && p !== '/').join('/')}`;
      routes.push({
        route: `${method} ${full}`,
        roles: reflector.getAllAndOverride<Role[]>(ROLES_KEY, [handler as () => void, wrapper.metatype as () => void]),
        isPublic:
          reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler as () => void, wrapper.metatype as () => void]) ??
          false,
      });
    }
  }
  return routes;
}

describe('every route declares who may call it', () => {
  it('has @Roles or @Public on every controller route, and only the known routes are public', () => {
    const routes = discoverRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const undeclared = routes.filter((r) => !r.isPublic && !(r.roles && r.roles.length > 0)).map((r) => r.route);
    expect(undeclared).toEqual([]);
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => r.route)
        .sort(),
    ).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 without a token on every non-public route in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (PUBLIC_ROUTES.includes(route)) continue;
        const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await (t.http as unknown as Record<string, (u: string) => Promise<{ status: number }>>)[method]!(
          url,
        );
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        checked.push(route);
      }
    }
    expect(checked.length).toBe(discoverRoutes().length - PUBLIC_ROUTES.length);
  });
});

describe('role × route permissions', () => {
  const everyone: Role[] = ['agent', 'supervisor', 'qa', 'admin', 'integration'];
  const matrix: { route: string; allowed: Role[]; send?: () => Record<string, unknown> }[] = [
    { route: 'GET /api/queues', allowed: everyone },
    {
      route: 'POST /api/queues',
      allowed: ['admin'],
      send: () => ({
        key: `q-${Math.random().toString(36).slice(2, 8)}`,
        name: 'Matrix',
        serviceLevel: { thresholdSeconds: 20, targetPercent: 80 },
        offerTimeoutSeconds: 20,
        wrapUpSeconds: 0,
      }),
    },
    { route: 'GET /api/agents', allowed: ['admin', 'supervisor'] },
    { route: 'GET /api/agents/directory', allowed: ['agent', 'admin', 'supervisor', 'qa'] },
    { route: 'GET /api/agents/me', allowed: ['agent'] },
    {
      route: 'POST /api/agents',
      allowed: ['admin'],
      send: () => ({
        name: 'Matrix Agent',
        email: `m-${Math.random().toString(36).slice(2, 8)}@example.com`,
        password: 'long-enough-password',
        queues: ['complaints'],
      }),
    },
    { route: 'POST /api/tickets', allowed: ['integration', 'admin'], send: () => ticketBody() },
    { route: 'GET /api/tickets', allowed: everyone },
    { route: 'GET /api/auth/me', allowed: everyone },
  ];

  for (const { route, allowed, send } of matrix) {
    for (const role of everyone) {
      const expected = allowed.includes(role) ? 'allowed' : 'forbidden';
      it(`${route} is ${expected} for ${role}`, async () => {
        const [method, path] = route.split(' ') as [string, string];
        const token = await t.token(role);
        const req = (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[
          method.toLowerCase()
        ]!(path).set('authorization', `Bearer ${token}`);
        const res = await (send ? req.send(send()) : req);
        if (expected === 'forbidden') {
          expect(res.status).toBe(403);
          expect(res.body.message).toMatch(new RegExp(`role ${role} may not`));
        } else {
          expect([200, 201]).toContain(res.status);
        }
      });
    }
  }

  it('lets an agent read only tickets offered or assigned to them', async () => {
    const integration = await t.token('integration');
    const { body } = await t.http
      .post('/api/tickets')
      .set('authorization', `Bearer ${integration}`)
      .send(ticketBody())
      .expect(201);
    const agent1 = await t.login('agent', 1);
    const agent2 = await t.login('agent', 2);
    await t.http.get(`/api/tickets/${body.id}`).set('authorization', `Bearer ${agent1.accessToken}`).expect(404);
    await t.db.query(`UPDATE tickets SET assigned_agent_id = $2, status = 'in_progress' WHERE id = $1`, [
      body.id,
      agent1.user.id,
    ]);
    await t.http.get(`/api/tickets/${body.id}`).set('authorization', `Bearer ${agent1.accessToken}`).expect(200);
    await t.http.get(`/api/tickets/${body.id}`).set('authorization', `Bearer ${agent2.accessToken}`).expect(404);
    const own = await t.http.get('/api/tickets').set('authorization', `Bearer ${agent1.accessToken}`).expect(200);
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([body.id]);
    const others = await t.http.get('/api/tickets').set('authorization', `Bearer ${agent2.accessToken}`).expect(200);
    expect(others.body.items).toEqual([]);
    await t.http
      .get(`/api/tickets?agentId=${agent1.user.id}`)
      .set('authorization', `Bearer ${agent2.accessToken}`)
      .expect(403);
  });

  it("ends an agent's access to a ticket when they decline it or let the offer expire", async () => {
    const integration = await t.token('integration');
    const agent = await t.login('agent', 3);
    const as = { authorization: `Bearer ${agent.accessToken}` };
    for (const ending of ['declined', 'expired', 'rescinded'] as const) {
      const { body } = await t.http
        .post('/api/tickets')
        .set('authorization', `Bearer ${integration}`)
        .send(ticketBody())
        .expect(201);
      await t.db.query(
        `INSERT INTO offers (id, ticket_id, agent_id, status, expires_at) VALUES (gen_random_uuid(), $1, $2, 'pending', now() + interval '1 minute')`,
        [body.id, agent.user.id],
      );
      // While offered the agent reads it in full: the offer card shows the customer.
      const offered = await t.http.get(`/api/tickets/${body.id}`).set(as).expect(200);
      expect(offered.body.customer.phone).toEqual(expect.any(String));
      await t.db.query(`UPDATE offers SET status = $2, responded_at = now() WHERE ticket_id = $1`, [body.id, ending]);
      const gone = await t.http.get(`/api/tickets/${body.id}`).set(as).expect(404);
      expect(gone.body.message).toBe(`ticket ${body.id} does not exist`);
      const listed = await t.http.get('/api/tickets').set(as).expect(200);
      expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(body.id);
      await t.http.get(`/api/customers/${offered.body.customer.id}`).set(as).expect(404);
    }
  });

  it('shows an integration only the tickets it created', async () => {
    const integration = await t.token('integration');
    const admin = await t.token('admin');
    const own = await t.http
      .post('/api/tickets')
      .set('authorization', `Bearer ${integration}`)
      .send(ticketBody())
      .expect(201);
    const other = await t.http
      .post('/api/tickets')
      .set('authorization', `Bearer ${admin}`)
      .send(ticketBody())
      .expect(201);
    await t.http.get(`/api/tickets/${own.body.id}`).set('authorization', `Bearer ${integration}`).expect(200);
    await t.http.get(`/api/tickets/${other.body.id}`).set('authorization', `Bearer ${integration}`).expect(404);
    const listed = await t.http.get('/api/tickets?limit=100').set('authorization', `Bearer ${integration}`).expect(200);
    const ids = listed.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(own.body.id);
    expect(ids).not.toContain(other.body.id);
  });

  it('keeps the API docs and health public', async () => {
    await t.http.get('/api/docs-json').expect(200);
    const health = await t.http.get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });
});
