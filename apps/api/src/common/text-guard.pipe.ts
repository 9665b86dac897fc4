import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { BadRequestError } from './domain-error';
import { ERROR_CATALOGUE } from './error-catalogue';

/** A NUL character, or a UTF-16 surrogate without its partner: PostgreSQL refuses both in text columns. */
const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) holding a forbidden character, or null. */
export function findForbiddenText(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path || '(值)' : null;
  if (!value || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN.test(key)) return at;
    const found = findForbiddenText(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Global, before validation: a body, query or path value with a NUL or a lone surrogate is a 400 with a Chinese
 * sentence, never a database error (500).
 */
@Injectable()
export class TextGuardPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = findForbiddenText(value);
    if (field !== null) throw new BadRequestError('INVALID_TEXT', ERROR_CATALOGUE.INVALID_TEXT.message, { field });
    return value;
  }
}
