import { randomBytes } from 'node:crypto';

// Integration tests talk to the real PostgreSQL and Redis this machine runs (CI starts them). Each jest run makes a
// database of its own and a Redis key prefix of its own, so runs never see each other's data.
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrlFor(dbName: string): string {
  const u = new URL(TEST_PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}
