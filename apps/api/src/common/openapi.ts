import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiExtraModels,
  ApiOperation,
  ApiProperty,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ACTION_TARGETS,
  ACTIONS,
  TICKET_STATUSES,
  type ActionName,
  type ActionResponse,
  type ActionResult,
  type ActionTarget,
  type ErrorResponse,
  type TicketStatus,
} from '@switchboard/contracts';

/** Marks public operations; the document transform turns it into `security: []` (app.factory.ts). */
export const PUBLIC_EXTENSION = 'x-switchboard-public';

export class ErrorResponseDto implements ErrorResponse {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What is wrong: one line, or one line per field for validation errors ("customer.phone must be …").',
    example: ['customer.phone must be a string'],
  })
  message: string | string[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is invalid; `message` names each field and the reason.',
  401: 'No valid bearer token, or its session has ended.',
  403: "The caller's role may not do this.",
  404: 'No such resource (or none the caller may see).',
  405: 'The path exists, but not with this method (see the Allow header).',
  409: 'The resource is not in a state that allows this.',
  410: 'The resource existed but is gone.',
  413: 'The body is larger than the limit.',
  415: 'The body is not JSON.',
  429: 'Too many requests or failed attempts; retry after the Retry-After header.',
  503: 'PostgreSQL or Redis is unreachable, or the server is busy; retry after the Retry-After header.',
};

class ActionTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status: TicketStatus;
}

class ActionTargetDto {
  @ApiProperty({ enum: ACTION_TARGETS, enumName: 'ActionTarget' }) type: ActionTarget;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ActionResultDto implements ActionResult {
  @ApiProperty({ enum: ACTIONS, enumName: 'ActionName' }) action: ActionName;
  @ApiProperty({ type: ActionTargetDto }) target: ActionTargetDto;
  @ApiProperty({
    type: ActionTicketDto,
    nullable: true,
    description: 'The ticket the action touched, with its status after it; null for actions on no ticket.',
  })
  ticket: ActionTicketDto | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** The answer of an action with nothing else to say. Actions with older fields extend it. */
export class ActionResponseDto implements ActionResponse {
  @ApiProperty({ type: ActionResultDto, description: 'What was done (API 0.2; docs/api.md, "Action results").' })
  result: ActionResultDto;
}

export interface OperationDoc {
  /** operationId: what a generated client names the call. */
  id: string;
  summary: string;
  description?: string;
  /** The success body; an array in brackets. */
  ok?: Type<unknown> | [Type<unknown>];
  /** The success status (200 unless said). */
  status?: 200 | 201 | 204;
  okDescription?: string;
  /** Other successful answers (intake: 200 for a repeated key). */
  also?: { status: number; type?: Type<unknown>; description: string }[];
  /** Error statuses this operation can answer besides 401/403 (added for every non-public one) and 503. */
  errors?: number[];
  public?: boolean;
  /** The success body is a file (an attachment): its bytes, as these media types. */
  file?: string[];
  /** Called by a web chat's customer with its customer token (no staff token, no role). */
  customerToken?: boolean;
  /** Leave out the 503 every other operation gets (health documents its own). */
  noDefaultErrors?: boolean;
}

/**
 * One decorator per operation: id, summary, the success schema and every error it can answer,
 * each with the one error schema. Non-public operations also get 401 and 403 and bearer auth;
 * every operation gets 503 (a dependency down).
 */
export function ApiOperationDoc(doc: OperationDoc): MethodDecorator {
  const statuses = new Set(doc.errors ?? []);
  if (doc.customerToken) statuses.add(401);
  else if (!doc.public) {
    statuses.add(401);
    statuses.add(403);
  }
  if (!doc.noDefaultErrors) statuses.add(503);
  const okStatus = doc.status ?? 200;
  const decorators: MethodDecorator[] = [
    ApiOperation({ operationId: doc.id, summary: doc.summary, description: doc.description }),
    ApiExtraModels(ErrorResponseDto),
    ApiResponse({
      status: okStatus,
      description: doc.okDescription ?? (okStatus === 204 ? 'Done; no body.' : 'Success.'),
      ...(doc.ok ? { type: doc.ok } : {}),
      ...(doc.file
        ? {
            content: Object.fromEntries(
              doc.file.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
            ),
          }
        : {}),
    }),
    ...(doc.also ?? []).map((a) => ApiResponse({ status: a.status, description: a.description, type: a.type })),
    ...[...statuses].sort().map((status) =>
      ApiResponse({
        status,
        description: STATUS_TEXT[status] ?? 'Error.',
        schema: { $ref: getSchemaPath(ErrorResponseDto) },
      }),
    ),
  ];
  decorators.push(
    doc.customerToken
      ? ApiBearerAuth('customerToken')
      : doc.public
        ? ApiExtension(PUBLIC_EXTENSION, true)
        : ApiBearerAuth(),
  );
  return applyDecorators(...decorators);
}

/** An action endpoint: answers ActionResponseDto (or `ok`, which extends it). */
export function ApiAction(doc: Omit<OperationDoc, 'ok'> & { ok?: Type<ActionResponse> }): MethodDecorator {
  return ApiOperationDoc({ ...doc, ok: doc.ok ?? ActionResponseDto });
}
