import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource } from '../libs/persistence/src/data-source';
import { runMigrations } from '../libs/persistence/src/run-migrations';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL, databaseUrlFor, newRunId } from './support/test-env';

/** Creates this run's database from nothing with the real migrations; teardown drops it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return; // another project of the same run already made it
  const runId = newRunId();
  const dbName = `fz_test_${runId}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`Integration tests need PostgreSQL at ${TEST_PG_ADMIN_URL} (set TEST_PG_ADMIN_URL): ${(e as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  const url = databaseUrlFor(dbName);
  const ds = createDataSource(url);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  process.env.TEST_DATABASE_URL = url;
  process.env.TEST_DATABASE_NAME = dbName;
  process.env.TEST_REDIS_URL = TEST_REDIS_URL;
  process.env.TEST_QUEUE_PREFIX = `fzt_${runId}`;
}
