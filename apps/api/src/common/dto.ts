import { Transform } from 'class-transformer';
import { Matches, ValidateIf } from 'class-validator';

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
 * Text a stranger types (the public chat and surveys): no control characters but line breaks and
 * tabs, and no bidirectional overrides (which make a link or a name read as something else).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const PLAIN_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]*$/;

export const PlainText = (field: string) =>
  Matches(PLAIN_TEXT, { message: `${field} must be plain text: no control characters or direction overrides` });
