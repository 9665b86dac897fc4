import { Transform } from 'class-transformer';

const DECIMAL_INTEGER = /^-?\d{1,15}$/;

/**
 * Turns a decimal integer written as digits into a number and leaves anything else as it came, so @IsInt() refuses
 * "2023.0", "0x7e7", "  2023 ", "2e3" and 2023.5 (a plain `Number(value)` would have accepted the first four).
 * Use instead of `@Type(() => Number)` on integer query and form fields.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ obj, key }) => {
    const raw: unknown = obj[key];
    if (typeof raw === 'string' && DECIMAL_INTEGER.test(raw)) return Number(raw);
    return raw;
  });
}
