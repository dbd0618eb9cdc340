import { TextInput, type TextInputProps } from '@mantine/core';

/** A number the admin types, or '' while the field is empty (the form's `required` catches that). */
export type NumberValue = number | '';

interface NumberFieldProps extends Omit<TextInputProps, 'value' | 'onChange' | 'type' | 'min' | 'max'> {
  value: NumberValue;
  onChange: (value: NumberValue) => void;
  min: number;
  max: number;
}

/**
 * A native number input: the browser checks min, max and whole numbers before the form is sent,
 * and the arrow keys step it. The server checks the same bounds again.
 */
export function NumberField({ value, onChange, min, max, ...rest }: NumberFieldProps) {
  return (
    <TextInput
      {...rest}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      value={value === '' ? '' : String(value)}
      onChange={(e) => {
        const raw = e.currentTarget.value;
        onChange(raw === '' || Number.isNaN(Number(raw)) ? '' : Number(raw));
      }}
    />
  );
}

/** The form's value for the API: the browser has already refused an empty required field. */
export const toNumber = (value: NumberValue, fallback = 0): number => (value === '' ? fallback : value);
