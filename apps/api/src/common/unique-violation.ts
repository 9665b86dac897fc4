import { QueryFailedError } from 'typeorm';

/** PostgreSQL unique_violation (23505), optionally on a named constraint. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const driverError = e instanceof QueryFailedError ? (e.driverError as { code?: string; constraint?: string }) : undefined;
  return driverError?.code === '23505' && (!constraint || driverError.constraint === constraint);
}
