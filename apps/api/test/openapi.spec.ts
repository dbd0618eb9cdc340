/**
 * The published contract (`GET /api/docs-json`) as an integrator meets it: a linter finds no error
 * in it, every operation is described with its errors, and a client generated from it
 * (openapi-typescript types + openapi-fetch) type-checks and runs the whole ticket lifecycle
 * with every answer validated against the description (ajv).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Checked, RunLifecycle } from './client/checks.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLIENT = join(import.meta.dirname, 'client');
const GENERATED = join(CLIENT, 'generated');
const SPEC = join(GENERATED, 'openapi.json');

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  summary?: string;
  security?: Json[];
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

let t: TestApp;
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: Json };
beforeAll(async () => {
  t = await startTestApp('openapi');
  doc = (await t.http.get('/api/docs-json').expect(200)).body;
  mkdirSync(GENERATED, { recursive: true });
  writeFileSync(SPEC, JSON.stringify(doc, null, 2));
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );

function run(command: string, args: string[]): { status: number | null; stdout: string; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

it('is OpenAPI 3.1 that redocly lints with no error', () => {
  expect(doc.openapi).toBe('3.1.0');
  const lint = run(join(ROOT, 'node_modules', '.bin', 'redocly'), [
    'lint',
    SPEC,
    '--config',
    join(ROOT, 'redocly.yaml'),
    '--format=json',
  ]);
  const report = JSON.parse(lint.stdout) as {
    totals: { errors: number };
    problems: { ruleId: string; severity: string; message: string }[];
  };
  expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(report.totals.errors).toBe(0);
});

it('describes every operation: a unique operationId, a summary, the success body and every error in one schema', () => {
  const ids = new Set<string>();
  const problems: string[] = [];
  const errorRef = '#/components/schemas/ErrorResponseDto';
  for (const { route, operation } of operations()) {
    if (!operation.operationId || ids.has(operation.operationId)) problems.push(`${route}: operationId`);
    ids.add(operation.operationId ?? '');
    if (!operation.summary) problems.push(`${route}: summary`);
    const codes = Object.keys(operation.responses);
    const success = codes.filter((c) => c.startsWith('2'));
    if (success.length === 0) problems.push(`${route}: no success answer`);
    for (const code of success) {
      // JSON, or a file's bytes (attachment downloads).
      const content = operation.responses[code]!.content ?? {};
      const described = content['application/json']?.schema ?? Object.values(content)[0]?.schema;
      if (code !== '204' && !described) {
        problems.push(`${route}: ${code} has no schema`);
      }
    }
    const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
    const isHealth = route === 'GET /api/health';
    const byCustomer = JSON.stringify(operation.security) === JSON.stringify([{ customerToken: [] }]);
    if (byCustomer && (!route.includes(' /api/chat/') || !codes.includes('401'))) problems.push(`${route}: customer`);
    if (!isPublic && !byCustomer && !(codes.includes('401') && codes.includes('403'))) {
      problems.push(`${route}: 401/403 missing`);
    }
    if (!isPublic && !byCustomer && JSON.stringify(operation.security) !== JSON.stringify([{ bearer: [] }])) {
      problems.push(`${route}: security`);
    }
    if (!isHealth && !codes.includes('503')) problems.push(`${route}: 503 missing`);
    for (const code of codes.filter((c) => /^[45]/.test(c) && !isHealth)) {
      const schema = operation.responses[code]!.content?.['application/json']?.schema;
      if (schema?.$ref !== errorRef) problems.push(`${route}: ${code} is not the error schema`);
    }
  }
  expect(problems).toEqual([]);
  expect(ids.size).toBeGreaterThan(40);
  const publicRoutes = operations()
    .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
    .map(({ route }) => route)
    .sort();
  expect(publicRoutes).toEqual([
    'GET /api/health',
    'GET /api/surveys/{token}',
    'POST /api/auth/login',
    'POST /api/auth/refresh',
    'POST /api/chat/sessions',
    'POST /api/surveys/{token}',
  ]);
});

it('types ids as UUIDs, counts as integers and closed sets as named enums', () => {
  const schemas = doc.components.schemas as Record<string, { properties?: Record<string, Json> }>;
  const ticket = schemas.TicketSummaryDto!.properties!;
  expect(ticket.id).toEqual({ type: 'string', format: 'uuid' });
  expect(ticket.priority).toMatchObject({ type: 'integer' });
  expect(ticket.status).toEqual({ $ref: '#/components/schemas/TicketStatus' });
  expect(schemas.QueueMetricsDto!.properties!.waiting).toMatchObject({ type: 'integer' });
  expect(schemas.ErrorResponseDto!.properties!.statusCode).toMatchObject({ type: 'integer' });
  expect(JSON.stringify(doc)).not.toContain('"nullable"');
});

it('gives a generated client that type-checks and runs the whole lifecycle, every answer as described', async () => {
  const generated = run(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [
    SPEC,
    // A default is what the server fills in when a field is left out: it does not make the field required.
    '--default-non-nullable',
    'false',
    '--output',
    join(GENERATED, 'openapi.d.ts'),
  ]);
  expect({ status: generated.status, output: generated.status === 0 ? '' : generated.output }).toEqual({
    status: 0,
    output: '',
  });
  const typecheck = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', CLIENT]);
  expect(typecheck.output).toBe('');
  expect(typecheck.status).toBe(0);

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, 'openapi.json');
  const pointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
  const invalid: string[] = [];
  const check = (method: string, path: string, status: number, body: unknown) => {
    const response = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    if (!response) {
      invalid.push(`${method} ${path} answered ${status}, which is not described`);
      return;
    }
    if (!response.content?.['application/json']?.schema) return;
    const validate = ajv.getSchema(
      `openapi.json#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`,
    )!;
    if (!validate(body)) invalid.push(`${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`);
  };
  // The check itself can fail: a queue list with a number for an id is not what is described.
  check('GET', '/api/queues', 200, [{ id: 5 }]);
  expect(invalid).toEqual([expect.stringMatching(/^GET \/api\/queues 200: .*must be string/)]);
  invalid.length = 0;

  // Imported only now, after its types were generated; a computed path keeps the project's own
  // type check (npm run typecheck) from reaching into it on a fresh clone, where they do not exist yet.
  const client = './client/lifecycle.js';
  const { runLifecycle } = (await import(client)) as { runLifecycle: RunLifecycle };
  const seen: Checked[] = await runLifecycle(t.url, check);
  expect(invalid).toEqual([]);
  // Most operations were called, and every status they answered was described.
  const called = new Set(seen.map((s) => `${s.method} ${s.path}`));
  expect(called.size).toBeGreaterThanOrEqual(38);
  expect(seen.length).toBeGreaterThan(50);
}, 120_000);
