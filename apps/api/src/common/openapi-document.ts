import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from './openapi.js';

export const API_VERSION = '0.6.0';

type Json = Record<string, unknown>;

/**
 * Nest writes OpenAPI 3.0 forms; rewrite them as 3.1 everywhere. 3.1 has no `nullable`: a nullable
 * property is `type: [t, "null"]` and a nullable reference `anyOf: [ref, null]`. A reference with a
 * description may stand beside it, so a one-schema `allOf` wrapper becomes the `$ref` itself.
 */
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(rewriteNullable);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  for (const value of Object.values(schema)) rewriteNullable(value);
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1 && schema.nullable !== true) {
    const [only] = schema.allOf as Json[];
    delete schema.allOf;
    Object.assign(schema, only);
  }
  if (schema.nullable !== true) {
    delete schema.nullable;
    return;
  }
  delete schema.nullable;
  const ref = schema.$ref ?? (Array.isArray(schema.allOf) && schema.allOf.length === 1 ? schema.allOf[0] : undefined);
  if (ref !== undefined) {
    const description = schema.description;
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [typeof ref === 'string' ? { $ref: ref } : ref, { type: 'null' }];
    if (description !== undefined) schema.description = description;
  } else if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...(schema.enum as unknown[]), null];
  } else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const key = Array.isArray(schema.oneOf) ? 'oneOf' : 'anyOf';
    (schema[key] as unknown[]).push({ type: 'null' });
  }
}

/** The published description of the API: `GET /api/docs-json`, and what generated clients are built from. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Switchboard API')
    .setDescription(
      'Contact-center intake, routing, agent work, administration and live metrics. Errors share one shape ' +
        '(ErrorResponse). Socket events: docs/events.md. Changes: docs/api.md.',
    )
    .setVersion(API_VERSION)
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'this server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A web chat\u2019s customer token (POST /api/chat/sessions)' },
      'customerToken',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as Json[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      if (operation[PUBLIC_EXTENSION]) {
        operation.security = [];
        delete operation[PUBLIC_EXTENSION];
      }
    }
  }
  rewriteNullable(document.components);
  rewriteNullable(document.paths);
  return document;
}
