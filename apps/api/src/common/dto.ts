import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

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
