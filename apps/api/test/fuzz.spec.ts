/**
 * Every operation of the published description, called with what a hostile or careless client
 * sends: path parameters of every shape, query values of the wrong type, bodies with each field
 * replaced by a wrong type, a huge number, a NUL, a very long string or a deep structure, and
 * bodies that are not JSON at all. None may answer 5xx (DESIGN.md, invariant 6). Deterministic:
 * the same seed makes the same requests.
 */
import type { Role } from '@switchboard/contracts';
import { startTestApp, ticketBody, type TestApp } from './support/test-app.js';

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Json }> };
  security?: Json[];
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
/** Real ids and keys, so some requests get past "does not exist" into the code behind it. */
const real: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp('fuzz');
  doc = (await t.http.get('/api/docs-json').expect(200)).body;
  const integration = await t.token('integration');
  const ticket = await t.http
    .post('/api/tickets')
    .set('authorization', `Bearer ${integration}`)
    .send(ticketBody())
    .expect(201);
  const admin = await t.token('admin');
  const user = await t.http
    .post('/api/users')
    .set('authorization', `Bearer ${admin}`)
    .send({ name: 'Fuzzed User', email: 'fuzzed@example.com', role: 'qa' })
    .expect(201);
  const agent = await t.login('agent', 2);
  real.ticket = ticket.body.id;
  real.user = user.body.user.id;
  real.agent = agent.user.id;
  real.queue = 'technical';
});
afterAll(() => t.close());

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function resolve(schema: Json): Json {
  let s = schema;
  while (typeof s.$ref === 'string') s = doc.components.schemas[(s.$ref as string).split('/').pop()!]!;
  return s;
}

/** A value the schema describes (the first of each choice): the starting point of each mutation. */
function sample(schemaIn: Json, depth = 0): unknown {
  const schema = resolve(schemaIn);
  if (depth > 6) return null;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const choice = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Json[] | undefined;
  if (choice) return sample(choice.find((c) => c.type !== 'null') ?? choice[0]!, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, sample(v, depth + 1)]));
    }
    case 'array':
      return [sample((schema.items ?? {}) as Json, depth + 1)];
    case 'integer':
      return (schema.minimum as number | undefined) ?? 1;
    case 'number':
      return (schema.minimum as number | undefined) ?? 1.5;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'email') return 'fuzz@example.com';
      if (schema.format === 'date-time') return '2026-11-30T12:00:00Z';
      return 'fuzz';
  }
}

const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });
const WRONG_VALUES: unknown[] = [
  null,
  1e308,
  -1e308,
  0.5,
  -1,
  2 ** 53 + 1,
  true,
  [],
  {},
  '',
  'x'.repeat(20_000),
  'nul\u0000inside',
  '\u{1F4A9}\u202E\uFEFF',
  '../../etc/passwd',
  "'; DROP TABLE tickets; --",
  deep(12),
  [[[[[[[[1]]]]]]]],
];

/** The body with one top-level or nested field replaced by each wrong value, and a few whole-body oddities. */
function mutations(body: unknown, next: () => number): unknown[] {
  const out: unknown[] = [null, [], 'a string', 42, {}, [body], { ...((body as object) ?? {}), unknown: 1 }];
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(body);
    for (const key of keys) {
      // These for every field; the rest of WRONG_VALUES for a seeded third of them.
      const always = WRONG_VALUES.slice(0, 2).concat([WRONG_VALUES[10], WRONG_VALUES[11]]);
      for (const value of WRONG_VALUES) {
        if (always.includes(value) || next() < 0.35) out.push({ ...(body as Json), [key]: value });
      }
      const nested = (body as Json)[key];
      if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
        for (const inner of Object.keys(nested)) {
          out.push({
            ...(body as Json),
            [key]: { ...(nested as Json), [inner]: WRONG_VALUES[Math.floor(next() * WRONG_VALUES.length)] },
          });
        }
      }
      const { [key]: _, ...without } = body as Json;
      out.push(without);
    }
  }
  return out;
}

const PATH_VALUES = [
  '00000000-0000-4000-8000-000000000000',
  'x',
  '-1',
  '1e308',
  'a'.repeat(300),
  '%F0%9F%92%A9',
  '..%2F..',
  'Null',
];
const QUERY_VALUES = [
  '',
  'x',
  '-1',
  '1e308',
  '0.5',
  'true',
  '[]',
  '{}',
  'a'.repeat(1000),
  '2026-02-31T00:00:00Z',
  '%E2%80%AE',
];
const RAW_BODIES: { type: string; data: string }[] = [
  { type: 'text/plain', data: 'hello' },
  { type: 'application/xml', data: '<a/>' },
  { type: 'application/x-www-form-urlencoded', data: 'a=1&b=2' },
  { type: 'application/json', data: '{"a":' },
  { type: 'application/json', data: '\u0000' },
  { type: 'application/json; charset=latin1', data: '{}' },
  { type: 'application/json', data: '1'.repeat(400) },
  { type: 'multipart/form-data; boundary=x', data: '--x\r\n\r\n--x--' },
];

function realFor(path: string, name: string): string {
  if (name === 'key') return real.queue!;
  if (name === 'offerId') return '00000000-0000-4000-8000-000000000000';
  if (path.startsWith('/api/users')) return real.user!;
  if (path.startsWith('/api/agents')) return real.agent!;
  if (path.startsWith('/api/customers')) return '00000000-0000-4000-8000-000000000000';
  return real.ticket!;
}

it('answers no request to any operation with a 5xx', async () => {
  const next = random(20261201);
  const tokens: Partial<Record<Role, string>> = {};
  const signIn = async (role: Role) => {
    const email = role === 'agent' ? 'agent1@switchboard.local' : `${role}@switchboard.local`;
    const res = await t.http.post('/api/auth/login').send({ email, password: 'switchboard' }).expect(200);
    return res.body.accessToken as string;
  };
  const token = async (role: Role) => (tokens[role] ??= await signIn(role));
  const failures: string[] = [];
  let sent = 0;
  // Ending the session last keeps the tokens usable for everything else.
  const routes = Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })))
    .sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'));

  for (const { path, method, op } of routes) {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const body = bodySchema ? sample(bodySchema) : undefined;
    const fill = (values: Record<string, string>) =>
      path.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? realFor(path, n));
    const requests: { url: string; body?: unknown; raw?: { type: string; data: string } }[] = [];
    const validPath = fill({});
    for (const value of PATH_VALUES) {
      for (const p of pathParams) requests.push({ url: fill({ [p.name]: value }), body });
    }
    for (const q of queryParams) {
      for (const value of QUERY_VALUES) requests.push({ url: `${validPath}?${q.name}=${value}`, body });
      requests.push({ url: `${validPath}?${q.name}=1&${q.name}=2`, body });
    }
    if (['post', 'put', 'patch'].includes(method)) {
      for (const mutated of mutations(body, next)) requests.push({ url: validPath, body: mutated });
      for (const raw of RAW_BODIES) requests.push({ url: validPath, raw });
    } else {
      requests.push({ url: validPath });
    }
    const roles: (Role | null)[] = op.security?.length === 0 ? [null] : ['admin', 'agent', 'integration'];
    for (const role of roles) {
      for (const r of requests) {
        let req = (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(r.url);
        if (role) req = req.set('authorization', `Bearer ${await token(role)}`);
        const res = r.raw
          ? await req.set('content-type', r.raw.type).send(r.raw.data)
          : r.body !== undefined
            ? await req.set('content-type', 'application/json').send(JSON.stringify(r.body))
            : await req;
        sent++;
        if (res.status >= 500) {
          failures.push(
            `${method.toUpperCase()} ${r.url.slice(0, 120)} as ${role ?? 'anyone'} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)} body ${JSON.stringify(r.body ?? r.raw)?.slice(0, 200)}`,
          );
        }
        if (res.status === 401 && role) delete tokens[role]; // a logout or password change ended it
      }
    }
  }
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(3000);
}, 300_000);
