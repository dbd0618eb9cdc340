import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Validation building blocks shared by DTOs. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const KEY_MESSAGE = 'must be 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit';

/** Trims surrounding whitespace from strings before validation (connectors often send it). */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * An optional field: left out is fine, `null` is not — it is validated like any other value and
 * refused with the field's own message (class-validator's IsOptional would let null through to
 * code that expects a value or nothing).
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * Text a stranger types (the public chat and surveys): no control characters (C0 but line breaks
 * and tabs, DEL, C1) and no bidirectional overrides or isolates (which make a link or a name read
 * as something else). Right-to-left and left-to-right marks stay: Persian text uses them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
export const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
/** A name shown to staff: plain text, and nothing invisible (zero-width characters, direction marks). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const PLAIN_NAME = /^[^\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]*$/;

/** A phone number as people write it: digits, spaces, ()-./ and an optional leading +. */
export const PhoneNumber = (field: string) =>
  Matches(/^\+?[0-9 ()./-]{3,40}$/, {
    message: `${field} must be a phone number: digits, spaces, ()-./ and an optional leading +`,
  });

export const PlainText = (field: string) =>
  Matches(PLAIN_TEXT, { message: `${field} must be plain text: no control characters or direction overrides` });

export const PlainName = (field: string) =>
  Matches(PLAIN_NAME, { message: `${field} must be plain text: no control, invisible or direction characters` });

/** Several property decorators as one: a field's rules, shared by the DTOs that take the field. */
export const allOf =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

/** A page's `limit` query parameter: a whole number 1–200, 50 when left out. */
export const PageLimit = () =>
  allOf(
    ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 }),
    Optional(),
    Type(() => Number),
    IsInt({ message: 'limit must be an integer' }),
    Min(1, { message: 'limit must be at least 1' }),
    Max(200, { message: 'limit must be at most 200' }),
  );
